import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync, SpawnSyncReturns } from 'node:child_process';
import pg from 'pg';
import { Context, openContext } from '../../src/db/targets';
import { parseConfig } from '../../src/config';
import { loadRegistry } from '../../src/registry';
import { dropDatabases } from '../../src/create';
import { validateMigrations } from '../../src/migrate';
import { buildChecks } from '../../src/audit';
import { buildProgram } from '../../src/cli/main';
import { serverUrl, testEnv } from '../helpers/context';

/**
 * The package as a JavaScript project gets it: `npm pack` (which builds dist/ through `prepare`),
 * the tarball installed into an empty project with the dependency versions of package-lock.json
 * (from npm's cache: offline when the cache holds them, as after `npm ci`), then used from there
 * without the repository: the library from plain JavaScript, the declarations from TypeScript,
 * the CLI for --version and --help and against the test server, and a registry root that a user
 * writes in TypeScript. Expectations come from the sources (registry, program, audit plan), never
 * from a list written here. Takes about a minute on a quiet machine (most of it the build and
 * the install); the rest of the suite never runs the build.
 */
const ROOT = path.resolve(__dirname, '..', '..');
const PREFIX = 't_pack_';
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
const registry = loadRegistry({ extraRoots: [] });
const first = registry.databases[0].name;

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'quenty-pack-'));
const project = path.join(work, 'consumer');
const userRoot = path.join(project, 'registry');
const installed = path.join(project, 'node_modules', 'quenty-db');
let tarball = '';
let tarballFiles: string[] = [];
let env: Record<string, string>;

/** The environment without what `npm test` puts there about this package, and without our own switches. */
function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const e: NodeJS.ProcessEnv = { ...process.env };
  for (const k of Object.keys(e)) if (/^npm_(package|lifecycle)_|^npm_command$|^INIT_CWD$|^QUENTY_/.test(k)) delete e[k];
  return { ...e, NO_COLOR: '1', npm_config_update_notifier: 'false', npm_config_fund: 'false', npm_config_audit: 'false', ...extra };
}

function run(cmd: string, args: string[], cwd: string, extra: Record<string, string> = {}): SpawnSyncReturns<string> {
  return spawnSync(cmd, args, { cwd, env: cleanEnv(extra), encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, timeout: 400_000 });
}

function must(r: SpawnSyncReturns<string>, what: string): string {
  if (r.status !== 0) throw new Error(`${what} failed (exit ${r.status}${r.error ? `, ${r.error.message}` : ''}):\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

/** The installed CLI, as `node_modules/.bin/quenty-db` in the consumer project. */
function cli(args: string[], extra: Record<string, string> = {}): SpawnSyncReturns<string> {
  return run(path.join(project, 'node_modules', '.bin', 'quenty-db'), args, project, { ...env, ...extra });
}

/**
 * A lockfile for the consumer: quenty-db from the tarball, and every package the repository's
 * lockfile installs for production (dev-only ones left out), at the same place in the tree.
 */
function consumerLock(tgz: string): object {
  const lock = JSON.parse(fs.readFileSync(path.join(ROOT, 'package-lock.json'), 'utf8'));
  const spec = `file:${path.basename(tgz)}`;
  const integrity = 'sha512-' + crypto.createHash('sha512').update(fs.readFileSync(tgz)).digest('base64');
  const packages: Record<string, unknown> = {
    '': { name: 'consumer', version: '1.0.0', dependencies: { 'quenty-db': spec } },
    'node_modules/quenty-db': {
      version: pkg.version,
      resolved: spec,
      integrity,
      license: pkg.license,
      dependencies: pkg.dependencies,
      bin: pkg.bin,
      engines: pkg.engines,
    },
  };
  for (const [where, entry] of Object.entries(lock.packages as Record<string, { dev?: boolean }>)) {
    if (where.startsWith('node_modules/') && !entry.dev) packages[where] = entry;
  }
  return { name: 'consumer', version: '1.0.0', lockfileVersion: 3, requires: true, packages };
}

beforeAll(() => {
  env = testEnv(PREFIX);
  // npm pack runs `prepare`, which builds dist/.
  const dest = path.join(work, 'pack');
  fs.mkdirSync(dest);
  must(run('npm', ['pack', '--pack-destination', dest, '--loglevel=error'], ROOT), 'npm pack');
  const tgzs = fs.readdirSync(dest).filter((f) => f.endsWith('.tgz'));
  expect(tgzs).toHaveLength(1);
  tarballFiles = must(run('tar', ['-tzf', path.join(dest, tgzs[0])], dest), 'tar -t')
    .split('\n')
    .filter(Boolean)
    .map((f) => f.replace(/^package\//, ''));

  fs.mkdirSync(project);
  tarball = path.join(project, tgzs[0]);
  fs.copyFileSync(path.join(dest, tgzs[0]), tarball);
  fs.writeFileSync(
    path.join(project, 'package.json'),
    JSON.stringify({ name: 'consumer', version: '1.0.0', private: true, dependencies: { 'quenty-db': `file:${tgzs[0]}` } }, null, 2),
  );
  fs.writeFileSync(path.join(project, 'package-lock.json'), JSON.stringify(consumerLock(tarball), null, 2));
  // Offline from npm's cache (filled by `npm ci`); where the cache lacks a package, from the registry.
  // Install scripts off: none is needed for what follows (the embedded server's binaries are not used).
  const args = ['ci', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error'];
  const offline = run('npm', [...args, '--offline'], project);
  if (offline.status !== 0) must(run('npm', [...args, '--prefer-offline'], project), 'npm ci in the consumer project');
}, 900_000);

afterAll(async () => {
  // The databases of the package and of the user's root, on the test server.
  let ctx: Context | undefined;
  try {
    const both = loadRegistry({ extraRoots: [userRoot] });
    ctx = await openContext({ registry: both, config: parseConfig(env, both) });
  } catch {
    ctx = await openContext({ registry, config: parseConfig(env, registry) });
  }
  await dropDatabases(ctx, { roles: true });
  fs.rmSync(work, { recursive: true, force: true });
}, 120_000);

test('the tarball holds the build, the bin and the migrations as TypeScript, and no other source', () => {
  for (const f of ['package.json', 'bin/quenty-db', pkg.main, pkg.types, 'dist/src/cli/index.js', 'dist/src/seed/worker.js']) expect(tarballFiles).toContain(f);
  const ts = tarballFiles.filter((f) => /\.ts$/.test(f) && !f.endsWith('.d.ts'));
  expect(ts.length).toBeGreaterThan(0);
  expect(ts.filter((f) => !f.startsWith('dist/migrations/'))).toEqual([]);
  expect(tarballFiles.filter((f) => /^(src|databases|seeds|migrations|test|bench)\//.test(f))).toEqual([]);
  // Every database of the registry: its compiled entry, its migrations byte for byte, its snapshot.
  for (const d of registry.databases) {
    expect(tarballFiles).toContain(`dist/databases/${d.name}/index.js`);
    expect(tarballFiles).toContain(`dist/schema/${d.name}.json`);
    const dir = registry.migrationsDir(d.name);
    for (const f of fs.readdirSync(dir)) {
      expect(fs.readFileSync(path.join(installed, 'dist', 'migrations', d.name, f))).toEqual(fs.readFileSync(path.join(dir, f)));
    }
  }
});

test('plain JavaScript requires the library: the registry and the audit plan are those of the sources, with no TypeScript loader', () => {
  const script = `
    const q = require('quenty-db');
    const { defineDatabase } = require('quenty-db/registry');
    const registry = q.loadRegistry();
    const checks = q.buildChecks(registry);
    const loaded = Object.keys(require.cache);
    console.log(JSON.stringify({
      resolved: require.resolve('quenty-db'),
      names: registry.databases.map((d) => d.name),
      checks,
      defineDatabase: typeof defineDatabase,
      tsx: loaded.some((f) => f.includes('/node_modules/tsx/') || f.includes('/node_modules/typescript/')),
      ts: loaded.filter((f) => /\\.ts$/.test(f)),
    }));`;
  const out = JSON.parse(must(run(process.execPath, ['-e', script], project), 'node -e (library)'));
  expect(out.resolved).toBe(path.join(installed, pkg.main));
  expect(out.names).toEqual(registry.databases.map((d) => d.name));
  expect(out.checks).toEqual(JSON.parse(JSON.stringify(buildChecks(registry))));
  expect(out.defineDatabase).toBe('function');
  expect(out.tsx).toBe(false);
  expect(out.ts).toEqual([]);
});

test('a TypeScript project type-checks against the declarations (main and the ./registry entry)', () => {
  fs.writeFileSync(
    path.join(project, 'consumer.ts'),
    `import type { Client } from 'pg';
import { loadRegistry, buildChecks, connect, QuentyError, type Registry, type DatabaseEntry } from 'quenty-db';
import { defineDatabase } from 'quenty-db/registry';
const registry: Registry = loadRegistry();
const first: DatabaseEntry | undefined = registry.databases[0];
const checks: number = buildChecks(registry).length;
const entry = defineDatabase({ name: 'x_db', service: 'x', description: 'x' });
const err: Error = new QuentyError('USAGE', 'x');
// pg's types come with the package (the API names pg.Client).
export const open = (url: string): Promise<Client> => connect(url, 'x_db');
export const summary = [first?.name, checks, entry.name, err.message];
`,
  );
  const tsc = path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
  // Node's types come from the repository (a TypeScript project has its own @types/node). The
  // libraries' own declarations are not checked (--skipLibCheck, as most projects do): a third of the time.
  const r = run(
    process.execPath,
    [
      tsc,
      '--noEmit',
      '--strict',
      '--skipLibCheck',
      '--module',
      'node16',
      '--moduleResolution',
      'node16',
      '--target',
      'es2022',
      '--types',
      'node',
      '--typeRoots',
      path.join(ROOT, 'node_modules', '@types'),
      'consumer.ts',
    ],
    project,
  );
  expect(r.stdout + r.stderr).toBe('');
  expect(r.status).toBe(0);
});

test('the CLI runs from the project: --version, --help with every command, through npx too', () => {
  expect(must(cli(['--version']), '--version').trim()).toBe(pkg.version);
  expect(must(run('npx', ['--no-install', 'quenty-db', '--version'], project), 'npx quenty-db --version').trim()).toBe(pkg.version);
  const help = must(cli(['--help']), '--help');
  for (const c of buildProgram().commands) expect(help).toContain(c.name());
});

test(`against the test server: up, migrate status, verify; the recorded checksums are those of the repository's files`, async () => {
  must(cli(['up', '--db', first, '--no-seed', '--json']), `up --db ${first}`);
  const status = JSON.parse(must(cli(['migrate', 'status', '--db', first, '--json']), 'migrate status'));
  const files = fs.readdirSync(registry.migrationsDir(first)).filter((f) => /^\d+_.*\.ts$/.test(f));
  expect(status).toEqual({
    ok: true,
    databases: [expect.objectContaining({ database: first, reachable: true, applied: files.length, pending: [], problems: [] })],
  });
  const verify = cli(['verify', '--db', first]);
  expect(verify.stdout).toContain(first);
  expect(verify.status).toBe(0);
  // The sources read what the installed package recorded: no migration looks edited.
  const ctx = await openContext({ registry, config: parseConfig(env, registry) });
  expect(await validateMigrations(ctx, { databases: first })).toEqual([expect.objectContaining({ database: first, ok: true, problems: [] })]);
});

test('a registry root the user writes in TypeScript loads through tsx from the compiled CLI', async () => {
  fs.mkdirSync(path.join(userRoot, 'databases', 'notes_db'), { recursive: true });
  fs.mkdirSync(path.join(userRoot, 'migrations', 'notes_db'), { recursive: true });
  fs.writeFileSync(
    path.join(userRoot, 'databases', 'notes_db', 'index.ts'),
    `import { defineDatabase } from 'quenty-db/registry';\n\nexport default defineDatabase({ name: 'notes_db', service: 'notes', description: 'Notes written by a user of the package' });\n`,
  );
  fs.writeFileSync(
    path.join(userRoot, 'migrations', 'notes_db', '20260101000000_notes.ts'),
    `import type { Knex } from 'knex';\n\nexport async function up(knex: Knex): Promise<void> {\n  await knex.raw('CREATE TABLE notes (id bigint PRIMARY KEY, body text NOT NULL)');\n}\n\nexport async function down(knex: Knex): Promise<void> {\n  await knex.raw('DROP TABLE notes');\n}\n`,
  );
  must(cli(['--registry', userRoot, 'up', '--db', 'notes_db', '--no-seed', '--json']), 'up --db notes_db (user root)');
  const status = JSON.parse(must(cli(['migrate', 'status', '--db', 'notes_db', '--json'], { QUENTY_REGISTRY_PATH: userRoot }), 'migrate status (user root)'));
  expect(status).toEqual({ ok: true, databases: [expect.objectContaining({ database: 'notes_db', reachable: true, applied: 1, pending: [] })] });
  // The table is there, made by the user's migration.
  const client = new pg.Client({ connectionString: serverUrl().replace(/\/[^/?]*(\?|$)/, `/${PREFIX}notes_db$1`) });
  await client.connect();
  try {
    const { rows } = await client.query(`SELECT to_regclass('public.notes') IS NOT NULL AS present`);
    expect(rows[0].present).toBe(true);
  } finally {
    await client.end();
  }
});
