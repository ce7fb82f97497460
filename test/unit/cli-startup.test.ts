import { spawnSync } from 'node:child_process';
import path from 'node:path';

/**
 * The CLI starts without its engines: `--version`, `--help` and the help of every command load
 * commander and chalk, and none of the package's other runtime dependencies (knex, pg, zod,
 * faker, echarts...), which the actions load when they run. Run in a process of its own (the
 * sources under tsx, the module graph the build has too), reading Node's module cache.
 */
const ROOT = path.resolve(__dirname, '..', '..');

const script = `
const path = require('node:path');
const pkg = require(path.join(${JSON.stringify(ROOT)}, 'package.json'));
const { main, buildProgram } = require(path.join(${JSON.stringify(ROOT)}, 'src', 'cli', 'main.ts'));
const loadedDeps = () => {
  const files = Object.keys(require.cache);
  return Object.keys(pkg.dependencies).filter((d) => files.some((f) => f.includes('/node_modules/' + d + '/')));
};
(async () => {
  const runs = [['--version'], ['--help']];
  const walk = (cmd, names) => {
    for (const c of cmd.commands) {
      runs.push([...names, c.name(), '--help']);
      walk(c, [...names, c.name()]);
    }
  };
  walk(buildProgram(), []);
  const codes = [];
  const write = process.stdout.write.bind(process.stdout);
  process.stdout.write = () => true;
  for (const args of runs) codes.push(await main(['node', 'quenty-db', ...args]));
  process.stdout.write = write;
  const afterHelp = loadedDeps();
  // The detection itself: opening a context loads the database drivers.
  require(path.join(${JSON.stringify(ROOT)}, 'src', 'db', 'targets.ts'));
  console.log(JSON.stringify({ runs: runs.map((r) => r.join(' ')), codes, afterHelp, afterTargets: loadedDeps() }));
})();
`;

test('--version, --help and every command help load commander and chalk only of the runtime dependencies', () => {
  const r = spawnSync(process.execPath, ['-r', 'tsx/cjs', '-e', script], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
    timeout: 120_000,
  });
  expect(r.stderr).toBe('');
  const out = JSON.parse(r.stdout.trim().split('\n').pop()!);
  expect(out.runs).toEqual(expect.arrayContaining(['--version', '--help', 'migrate status --help', 'verify --help', 'seed --help']));
  expect(out.codes.every((c: number) => c === 0)).toBe(true);
  expect(out.afterHelp.filter((d: string) => d !== 'tsx')).toEqual(['chalk', 'commander']);
  expect(out.afterTargets).toEqual(expect.arrayContaining(['pg', 'zod']));
});
