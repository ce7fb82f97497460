import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { Context, openContext } from '../../src/db/targets';
import { parseConfig } from '../../src/config';
import { loadRegistry, Registry, REGISTRY_PATH_VAR } from '../../src/registry';
import { dropDatabases } from '../../src/create';
import { injectOrphans, PlantedOrphan } from '../../src/seed';
import { CLI, testEnv } from '../helpers/context';
import { describeWithTool } from '../helpers/prerequisites';
import { EXTRA_REGISTRY } from '../helpers/global-setup';

/**
 * One more database than the package declares, from a registry root under test/fixtures/
 * (loaded with --registry by the CLI, QUENTY_REGISTRY_PATH by the environment): every command
 * takes it in as one of its own. No count or name of the package's databases is written here:
 * the expectations come from the two registries, with and without the fixture.
 */
const FIXTURE = EXTRA_REGISTRY;
const PREFIX = 't_xreg_';
const run = promisify(execFile);

const base = loadRegistry({ extraRoots: [] });
const full: Registry = loadRegistry({ extraRoots: [FIXTURE] });
const added = full.databases.filter((d) => !base.has(d.name)).map((d) => d.name);
const all = full.databases.map((d) => d.name);

let env: Record<string, string>;
let ctx: Context;
const backupDir = fs.mkdtempSync(path.join(os.tmpdir(), 'quenty-xreg-backup-'));
const pgbDir = fs.mkdtempSync(path.join(os.tmpdir(), 'quenty-xreg-pgb-'));

/** Runs the CLI; `registry: 'flag'` passes the fixture root as --registry, else through the environment. */
async function cli(args: string[], registry: 'flag' | 'env' = 'env'): Promise<{ code: number; json: any; stderr: string }> {
  const argv = registry === 'flag' ? ['--registry', FIXTURE, ...args] : args;
  const e = { ...process.env, ...env, NO_COLOR: '1', ...(registry === 'env' ? { [REGISTRY_PATH_VAR]: FIXTURE } : {}) };
  if (registry === 'flag') delete e[REGISTRY_PATH_VAR];
  let out: { code: number; stdout: string; stderr: string };
  try {
    const r = await run(CLI, argv, { env: e, maxBuffer: 50 * 1024 * 1024 });
    out = { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (err) {
    const x = err as { code: number; stdout: string; stderr: string };
    out = { code: x.code, stdout: x.stdout, stderr: x.stderr };
  }
  let json: unknown;
  try {
    json = JSON.parse(out.stdout);
  } catch {
    throw new Error(`quenty-db ${argv.join(' ')} (exit ${out.code}) printed no JSON:\n${out.stdout}\n${out.stderr}`);
  }
  return { code: out.code, json, stderr: out.stderr };
}

beforeAll(async () => {
  env = testEnv(PREFIX, { QUENTY_BACKUP_DIR: backupDir });
  ctx = await openContext({ registry: full, config: parseConfig(env, full) });
  await dropDatabases(ctx, { roles: true }).catch(() => undefined);
});

afterAll(async () => {
  if (ctx) await dropDatabases(ctx, { roles: true });
  fs.rmSync(backupDir, { recursive: true, force: true });
  fs.rmSync(pgbDir, { recursive: true, force: true });
});

test('the fixture root adds one database, with its folders, a reference to the package and one from it', () => {
  expect(added).toHaveLength(1);
  expect(full.databases).toHaveLength(base.databases.length + 1);
  const [x] = added;
  expect(full.rootOf(x)).toBe(FIXTURE);
  expect(full.migrationsDir(x)).toBe(path.join(FIXTURE, 'migrations', x));
  expect(full.seedsDir(x)).toBe(path.join(FIXTURE, 'seeds', x));
  expect(full.schemaDir(x)).toBe(path.join(FIXTURE, 'schema'));
  // Its references point into the package's databases...
  expect(full.get(x).references.length).toBeGreaterThan(0);
  for (const r of full.get(x).references) expect(base.has(r.parent.database)).toBe(true);
  // ...and one declared on its side (referencedBy) now belongs to a package database.
  const into = full.databases
    .filter((d) => d.name !== x)
    .flatMap((d) => d.references.filter((r) => r.parent.database === x).map((r) => `${d.name}.${r.table}.${r.column}`));
  expect(into.length).toBeGreaterThan(0);
  for (const child of into) expect(base.get(child.split('.')[0]).references.some((r) => r.parent.database === x)).toBe(false);
  // The package's own folders are untouched and src/ never names it.
  expect(fs.existsSync(path.join(full.root, 'databases', x))).toBe(false);
  const walk = (dir: string): string[] =>
    fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]));
  expect(walk(path.join(full.root, 'src')).filter((f) => fs.readFileSync(f, 'utf8').includes(x))).toEqual([]);
});

test('up (CLI, --registry) creates and migrates every database, the added one included', async () => {
  const r = await cli(['up', '--no-seed', '--json'], 'flag');
  expect(r.code).toBe(0);
  expect(r.json.ok).toBe(true);
  expect(r.json.create.databases.map((c: { database: string }) => c.database).sort()).toEqual([...all].sort());
  expect(
    r.json.migrate.databases
      .filter((m: { ok: boolean }) => m.ok)
      .map((m: { database: string }) => m.database)
      .sort(),
  ).toEqual([...all].sort());
});

test('seed (CLI, QUENTY_REGISTRY_PATH) fills every table of every database, the added one included', async () => {
  const r = await cli(['seed', '--scale', 'tiny', '--json']);
  expect(r.code).toBe(0);
  expect(r.json.ok).toBe(true);
  expect(r.json.databases.map((d: { database: string }) => d.database).sort()).toEqual([...all].sort());
  const empty = r.json.databases.flatMap((d: { database: string; tables: Array<{ table: string; rows: number }> }) =>
    d.tables.filter((t) => t.rows === 0).map((t) => `${d.database}.${t.table}`),
  );
  expect(empty).toEqual([]);
  const x = r.json.databases.find((d: { database: string }) => d.database === added[0]);
  expect(x.tables.map((t: { table: string }) => t.table).sort()).toEqual(
    Object.keys({ ...full.get(added[0]).seed!.tables })
      .concat(full.get(added[0]).seed!.order!.filter((t) => !(t in full.get(added[0]).seed!.tables)))
      .sort(),
  );
});

test('audit finds exactly the orphans planted in the added database and in the reference into it', async () => {
  const clean = await cli(['audit', '--json']);
  expect(clean.json.checks.filter((c: { status: string }) => c.status !== 'pass')).toEqual([]);
  expect(clean.json.checks.filter((c: { id: string }) => c.id.includes(added[0])).length).toBeGreaterThanOrEqual(
    full.databases.flatMap((d) => d.references).filter((r) => r.parent.database === added[0]).length + full.get(added[0]).references.length,
  );
  expect(clean.code).toBe(0);
  const children = [...new Set([added[0], ...full.databases.filter((d) => d.references.some((r) => r.parent.database === added[0])).map((d) => d.name)])];
  const refs = full.databases.filter((d) => children.includes(d.name)).flatMap((d) => d.references);
  const planted: PlantedOrphan[] = await injectOrphans(ctx, { count: refs.length, seed: 3, databases: children });
  expect(planted).toHaveLength(refs.length);
  // Every reference of the added database and every reference into it got one.
  const id = (p: { database: string; table: string; column: string; parent: { database: string; table: string; column: string } }) =>
    `${p.database}.${p.table}.${p.column}->${p.parent.database}.${p.parent.table}.${p.parent.column}`;
  expect(planted.filter((p) => p.database === added[0] || p.parent.database === added[0]).length).toBeGreaterThanOrEqual(2);
  expect(planted.some((p) => p.parent.database === added[0])).toBe(true);
  const r = await cli(['audit', '--json', '--samples', '50']);
  expect(r.code).toBe(1);
  // The reference checks flag exactly the planted orphans. (A cross-database rule may fail too as
  // a consequence: an order whose customer became an orphan no longer matches its pickup's customer.)
  const flagged = r.json.checks.filter((c: { status: string; kind: string }) => c.status !== 'pass' && c.kind === 'reference');
  const expected = new Map<string, PlantedOrphan[]>();
  for (const p of planted) expected.set(id(p), [...(expected.get(id(p)) ?? []), p]);
  expect(flagged.map((c: { id: string }) => c.id).sort()).toEqual([...expected.keys()].sort());
  for (const c of flagged) {
    const want = expected.get(c.id)!;
    expect(c.orphanRows).toBe(want.length);
    expect(c.samples.map((s: { key: { id: number }; value: unknown }) => `${s.key.id}=${s.value}`).sort()).toEqual(
      want.map((p) => `${p.primaryKey.id}=${p.value}`).sort(),
    );
  }
  // The summary also counts rows of cross-database rules failing as a consequence; the references hold exactly the planted ones.
  expect(flagged.reduce((n: number, c: { orphanRows: number }) => n + c.orphanRows, 0)).toBe(planted.length);
});

test('verify passes on every database against its snapshot; verify snapshot --db writes only the one named', async () => {
  const r = await cli(['verify', '--json']);
  expect(r.json.databases.filter((d: { ok: boolean }) => !d.ok)).toEqual([]);
  expect(r.json.databases.map((d: { database: string }) => d.database).sort()).toEqual([...all].sort());
  expect(r.code).toBe(0);
  const before = fs.readFileSync(path.join(full.schemaDir(added[0]), `${added[0]}.json`), 'utf8');
  const s = await cli(['verify', 'snapshot', '--db', added[0], '--json']);
  expect(s.code).toBe(0);
  expect(s.json).toEqual([{ database: added[0], file: path.join(full.schemaDir(added[0]), `${added[0]}.json`), changed: false }]);
  expect(fs.readFileSync(path.join(full.schemaDir(added[0]), `${added[0]}.json`), 'utf8')).toBe(before);
});

describeWithTool('pg_dump', 'backups', () => {
  test('backup create and backup verify cover every database, the added one included', async () => {
    const c = await cli(['backup', 'create', '--json', '--compress', '1']);
    expect(c.json.manifest.databases.filter((d: { ok: boolean }) => !d.ok)).toEqual([]);
    expect(c.json.manifest.databases.map((d: { database: string }) => d.database).sort()).toEqual([...all].sort());
    expect(c.code).toBe(0);
    const v = await cli(['backup', 'verify', '--json']);
    expect(v.json.databases.filter((d: { ok: boolean }) => !d.ok)).toEqual([]);
    expect(v.json.databases.map((d: { database: string }) => d.database).sort()).toEqual([...all].sort());
    expect(v.json.ok).toBe(true);
  });
});

test('pgbouncer config serves every database, and the embedded server has room for their pools', async () => {
  const r = await cli(['pgbouncer', 'config', '--out', pgbDir, '--pgbouncer-version', '1.21', '--json']);
  expect(r.json.findings.filter((f: { level: string }) => f.level === 'error')).toEqual([]);
  expect(r.code).toBe(0);
  const ini = fs.readFileSync(path.join(pgbDir, 'pgbouncer.ini'), 'utf8');
  const listed = [...ini.matchAll(/^(\w+)\s+= host=/gm)].map((m) => m[1]);
  expect(listed.sort()).toEqual(ctx.targets.map((t) => t.dbName).sort());
  const users = fs.readFileSync(path.join(pgbDir, 'userlist.txt'), 'utf8').trim().split('\n');
  expect(users).toHaveLength(all.length + 1); // a role per service + the admin console user
  // The test server was sized for this registry (test/helpers/global-setup.ts, embeddedMaxConnections):
  // the pools of every database fit under its max_connections with room to spare.
  const capacity = r.json.findings.filter((f: { code: string }) => f.code === 'max-connections');
  expect(capacity.length).toBeGreaterThan(0);
  expect(capacity.map((f: { level: string }) => f.level)).toEqual(capacity.map(() => 'info'));
});
