/**
 * bench:startup — how long the CLI takes to start and answer, as a program run by a shell or CI:
 * `quenty-db --version`, `--help`, `migrate status` and `verify` over the databases of the
 * registry (migrated with `up --no-seed`), run from the build (dist/, what an installed package
 * runs; built first when older than the sources), against two baselines measured in the same run:
 * `node -e 1` (Node's own start) and `psql -c 'select 1'` (a client that starts, connects and
 * asks one thing). Median wall time of BENCH_ROUNDS runs each (default 11), the cases taking turns
 * within each round; CPU time (user+sys)
 * too where /usr/bin/time exists, as the wall time of a busy machine swings. Also `--version`
 * from the sources (tsx: what every command cost before the build) and through `npx`.
 * Goals (issue 18): `--version` <= 300 ms, `verify` of every database < 1 s.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'pg-connection-string';
import { dropDatabases } from '../src/create';
import { up } from '../src/up';
import { benchContext, benchServerUrl, median, report } from './common';

const ROOT = path.resolve(__dirname, '..');
const BIN = path.join(ROOT, 'bin', 'quenty-db');
const TIME = fs.existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;

interface Sample {
  wall: number;
  cpu?: number;
  status: number | null;
  stderr: string;
}

/** One run: wall time from spawn to exit; CPU time of the child from GNU time when present. */
function runOnce(cmd: string, args: string[], env: NodeJS.ProcessEnv): Sample {
  const timeFile = TIME ? path.join(os.tmpdir(), `quenty-startup-${process.pid}.time`) : undefined;
  const [file, argv] = TIME ? [TIME, ['-f', '%U %S', '-o', timeFile!, cmd, ...args]] : [cmd, args];
  const t0 = process.hrtime.bigint();
  const r = spawnSync(file, argv, { env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  const wall = Number(process.hrtime.bigint() - t0) / 1e6;
  let cpu: number | undefined;
  if (timeFile && fs.existsSync(timeFile)) {
    const [u, s] = fs.readFileSync(timeFile, 'utf8').trim().split('\n').pop()!.split(' ').map(Number);
    cpu = (u + s) * 1000;
    fs.rmSync(timeFile, { force: true });
  }
  return { wall, cpu, status: r.status, stderr: r.stderr };
}

interface Row {
  name: string;
  wall: number;
  cpu?: number;
  exit: number | null;
}

interface Case {
  name: string;
  cmd: string;
  args: string[];
  env: NodeJS.ProcessEnv;
  rounds: number;
}

/**
 * Every case once per round, in turn (not all runs of one case, then the next): a load that
 * comes and goes on the machine falls on every case alike, and the ratios keep their meaning.
 */
function measureAll(cases: Case[]): Row[] {
  for (const c of cases) runOnce(c.cmd, c.args, c.env); // warm the file cache
  const samples = cases.map(() => [] as Sample[]);
  const most = Math.max(...cases.map((c) => c.rounds));
  for (let i = 0; i < most; i++) {
    cases.forEach((c, k) => {
      if (i < c.rounds) samples[k].push(runOnce(c.cmd, c.args, c.env));
    });
  }
  return cases.map((c, k) => {
    const bad = samples[k].find((s) => s.status !== 0);
    if (bad) console.log(`  ${c.name}: exit ${bad.status}: ${bad.stderr.trim().split('\n').slice(0, 3).join(' | ')}`);
    const cpus = samples[k].map((s) => s.cpu).filter((x): x is number => x !== undefined);
    return { name: c.name, wall: median(samples[k].map((s) => s.wall)), cpu: cpus.length ? median(cpus) : undefined, exit: bad ? bad.status : 0 };
  });
}

/** The newest modification time under the folders the build reads. */
function newestSource(): number {
  let newest = 0;
  const walk = (dir: string) => {
    if (!fs.existsSync(dir)) return;
    const st = fs.statSync(dir);
    newest = Math.max(newest, st.mtimeMs);
    if (!st.isDirectory()) return;
    for (const e of fs.readdirSync(dir)) walk(path.join(dir, e));
  };
  for (const d of ['src', 'databases', 'seeds', 'migrations', 'schema', 'scripts', 'tsconfig.json', 'tsconfig.build.json']) walk(path.join(ROOT, d));
  return newest;
}

function ensureBuild() {
  const marker = path.join(ROOT, 'dist', 'src', 'cli', 'index.js');
  if (fs.existsSync(marker) && fs.statSync(marker).mtimeMs > newestSource()) return;
  console.log('dist/ is missing or older than the sources: npm run build');
  const r = spawnSync('npm', ['run', '--silent', 'build'], { cwd: ROOT, stdio: 'inherit' });
  if (r.status !== 0) throw new Error('npm run build failed');
}

async function main() {
  const rounds = Number(process.env.BENCH_ROUNDS ?? 11);
  ensureBuild();
  const prefix = 'bst_';
  const ctx = await benchContext(prefix);
  await dropDatabases(ctx, { roles: true });
  const u = await up(ctx, { seed: false });
  if (!u.migrate.ok) throw new Error('up failed: ' + JSON.stringify(u.migrate.databases.filter((m) => !m.ok)));
  try {
    const url = await benchServerUrl();
    const c = parse(url);
    const base: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
    delete base.QUENTY_REGISTRY_PATH;
    const env = { ...base, QUENTY_DATABASE_URL: url, QUENTY_DB_PREFIX: prefix, QUENTY_CLI: 'dist' };
    const psqlEnv = {
      ...base,
      PGHOST: c.host ?? '127.0.0.1',
      PGPORT: String(c.port ?? 5432),
      PGUSER: c.user ?? 'postgres',
      PGPASSWORD: c.password ?? '',
      PGDATABASE: `${prefix}${ctx.registry.databases[0].name}`,
    };

    const few = Math.min(rounds, 5);
    const [nodeBase, psqlBase, version, help, status, verify, fromSource, npx] = measureAll([
      { name: 'node -e 1', cmd: process.execPath, args: ['-e', '1'], env: base, rounds },
      { name: "psql -c 'select 1'", cmd: 'psql', args: ['-X', '-q', '-c', 'select 1'], env: psqlEnv, rounds },
      { name: 'quenty-db --version', cmd: BIN, args: ['--version'], env, rounds },
      { name: 'quenty-db --help', cmd: BIN, args: ['--help'], env, rounds },
      { name: 'quenty-db migrate status', cmd: BIN, args: ['migrate', 'status'], env, rounds },
      { name: `quenty-db verify (${ctx.targets.length} databases)`, cmd: BIN, args: ['verify'], env, rounds },
      { name: 'quenty-db --version, from the sources (tsx)', cmd: BIN, args: ['--version'], env: { ...env, QUENTY_CLI: 'source' }, rounds: few },
      {
        name: 'npx quenty-db --version',
        cmd: 'npx',
        args: ['--no-install', 'quenty-db', '--version'],
        env: { ...env, npm_config_update_notifier: 'false' },
        rounds: few,
      },
    ]);
    const load = os.loadavg()[0];

    const fmt = (n?: number) => (n === undefined ? '-' : `${n.toFixed(0)} ms`);
    const rows: Array<[Row, Row | undefined]> = [
      [nodeBase, undefined],
      [psqlBase, undefined],
      [version, nodeBase],
      [help, nodeBase],
      [status, psqlBase],
      [verify, psqlBase],
      [fromSource, nodeBase],
      [npx, nodeBase],
    ];
    console.log(
      `median of ${rounds} runs, interleaved (the last two: of ${few}); wall time, CPU time (user+sys), ratio of wall times against the baseline; load average ${load.toFixed(1)} on ${os.cpus().length} cores`,
    );
    for (const [r, b] of rows) {
      const ratio = b ? `${(r.wall / b.wall).toFixed(2)}x ${b === nodeBase ? 'node -e 1' : 'psql'}` : 'baseline';
      console.log(`  ${r.name.padEnd(48)} ${fmt(r.wall).padStart(9)} ${fmt(r.cpu).padStart(9)}   ${ratio}${r.exit ? `   exit ${r.exit}` : ''}`);
    }
    const ok = (r: Row, limit: number) => (r.exit !== 0 ? `NOT met (exit ${r.exit})` : r.wall <= limit ? 'met' : 'NOT met');
    console.log(`goal --version <= 300 ms: ${ok(version, 300)}; goal verify < 1000 ms: ${ok(verify, 999)}`);
    report('startup', {
      rounds,
      node_ms: Math.round(nodeBase.wall),
      psql_ms: Math.round(psqlBase.wall),
      version_ms: Math.round(version.wall),
      version_vs_node: Number((version.wall / nodeBase.wall).toFixed(2)),
      help_ms: Math.round(help.wall),
      migrate_status_ms: Math.round(status.wall),
      migrate_status_vs_psql: Number((status.wall / psqlBase.wall).toFixed(2)),
      verify_ms: Math.round(verify.wall),
      verify_vs_psql: Number((verify.wall / psqlBase.wall).toFixed(2)),
      version_from_source_ms: Math.round(fromSource.wall),
      npx_version_ms: Math.round(npx.wall),
      ...(version.cpu !== undefined
        ? { node_cpu_ms: Math.round(nodeBase.cpu!), version_cpu_ms: Math.round(version.cpu), verify_cpu_ms: Math.round(verify.cpu!) }
        : {}),
      databases: ctx.targets.length,
      load_average: Number(load.toFixed(1)),
      cores: os.cpus().length,
    });
    if ([version, help, status, verify].some((r) => r.exit !== 0)) process.exitCode = 1;
  } finally {
    await dropDatabases(ctx, { roles: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
