import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import pg from 'pg';
import Ajv from 'ajv';
import parsePrometheusTextFormat from 'parse-prometheus-text-format';
import { Context, openContext, clientConfig, quoteIdent } from '../../src/db/targets';
import { parseConfig, envVarForDatabase } from '../../src/config';
import { loadRegistry } from '../../src/registry';
import { createDatabases } from '../../src/create';
import { servicePassword } from '../../src/db/credentials';
import { migrate } from '../../src/migrate';
import { ensurePartitions } from '../../src/partitions';
import { partitionName, monthOfDate } from '../../src/partitions/plan';
import { seed, injectOrphans } from '../../src/seed';
import { audit } from '../../src/audit';
import { createBackup, verifyBackup } from '../../src/backup';
import { generateConfig } from '../../src/pgbouncer';
import { RunningPgBouncer, freePort, startPgBouncer } from '../../src/pgbouncer/process';
import { fleetStatus, toPrometheus, StatusReport } from '../../src/status';
import { CLI, dropTestDatabases, testEnv } from '../helpers/context';
import { describeWithTool } from '../helpers/prerequisites';

/**
 * `quenty-db status` against states made for real on the test's own databases: a pending
 * migration, a month missing ahead, a row in DEFAULT, no backup, an old backup, a failed audit,
 * a busy PgBouncer pool (a pool of one, one client holding it, one waiting) and an unreachable
 * database.
 */
const PREFIX = 't_status_';
const registry = loadRegistry();
let env: Record<string, string>;
let ctx: Context;
let backupDir: string;

// Databases for each state, chosen from the registry (not named here).
const partitioned = registry.databases.find((d) => d.partitioned.length > 0)!;
// A database with a reference whose column is not itself a parent key (orphans can be planted there).
const parentKeys = new Set(registry.databases.flatMap((d) => d.references.map((r) => `${r.parent.database}.${r.parent.table}.${r.parent.column}`)));
const plantable = registry.databases.filter((d) => d.references.some((r) => !parentKeys.has(`${d.name}.${r.table}.${r.column}`)));
const child = plantable.find((d) => d.name !== partitioned.name) ?? plantable[0];
const others = registry.databases.filter((d) => d.name !== partitioned.name && d.name !== child.name);
const pendingDb = others[others.length - 1];
const unreachableDb = others[0];
const pooledDb = others[1] ?? others[0];

const db = (r: StatusReport, name: string) => r.databases.find((d) => d.database === name)!;
const item = (r: StatusReport, name: string, concern: string) => db(r, name).items.find((i) => i.concern === concern)!;

async function sql(name: string, text: string): Promise<pg.QueryResult> {
  const c = new pg.Client(clientConfig(ctx.target(name).url, 'status test'));
  await c.connect();
  try {
    return await c.query(text);
  } finally {
    await c.end();
  }
}

beforeAll(async () => {
  backupDir = fs.mkdtempSync(path.join(os.tmpdir(), 'quenty-status-backups-'));
  env = testEnv(PREFIX, { QUENTY_BACKUP_DIR: backupDir });
  ctx = await openContext({ registry, config: parseConfig(env, registry) });
  await dropTestDatabases(ctx).catch(() => undefined);
  expect((await createDatabases(ctx)).databases.filter((c) => !c.ok)).toEqual([]);
  expect((await migrate(ctx, 'latest')).databases.filter((m) => !m.ok)).toEqual([]);
  await ensurePartitions(ctx);
  const seeded = await seed(ctx, { scale: 'tiny', workers: 0 });
  expect(seeded.ok).toBe(true);
});

afterAll(async () => {
  if (ctx) await dropTestDatabases(ctx);
  fs.rmSync(backupDir, { recursive: true, force: true });
});

describe('status of a fleet', () => {
  it('a fresh fleet: every database reachable with its migrations applied; no backup is critical; never audited warns', async () => {
    const r = await fleetStatus(ctx);
    expect(r.databases.map((d) => d.database)).toEqual(registry.databases.map((d) => d.name));
    for (const d of r.databases) {
      expect(d.reachable).toBe(true);
      expect(item(r, d.database, 'migrations').state).toBe('ok');
      expect(item(r, d.database, 'backups')).toMatchObject({ state: 'critical', summary: 'none' });
      expect(item(r, d.database, 'audit').state).toBe('warn');
      expect(d.sizeBytes).toBeGreaterThan(0);
      expect(d.largest.length).toBeGreaterThan(0);
    }
    for (const p of db(r, partitioned.name).partitions) expect(p.headroomMonths).toBeGreaterThanOrEqual(2);
    expect(item(r, partitioned.name, 'partitions').state).toBe('ok');
    expect(r).toMatchObject({ state: 'critical', exitCode: 1, ok: false });
    // The JSON report follows its published schema; the Prometheus text parses.
    const schema = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../docs/status.schema.json'), 'utf8'));
    const validate = new Ajv({ allErrors: true }).compile(schema);
    expect(validate(JSON.parse(JSON.stringify(r))) ? [] : validate.errors).toEqual([]);
    const families = parsePrometheusTextFormat(await toPrometheus(r));
    expect(families.find((f) => f.name === 'quenty_db_up')!.metrics).toHaveLength(registry.databases.length);
    // A second run sees the first one's sizes: growth is known.
    const again = await fleetStatus(ctx);
    expect(db(again, partitioned.name).growthBytes).toBeDefined();
  });

  it('a pending migration warns on its database only', async () => {
    const down = (await migrate(ctx, 'down', { databases: [pendingDb.name] })).databases;
    expect(down.every((d) => d.ok)).toBe(true);
    const r = await fleetStatus(ctx);
    expect(item(r, pendingDb.name, 'migrations').state).toBe('warn');
    expect(db(r, pendingDb.name).migrations!.pending).toHaveLength(1);
    expect(others.filter((d) => d.name !== pendingDb.name).map((d) => item(r, d.name, 'migrations').state)).not.toContain('warn');
    await migrate(ctx, 'latest', { databases: [pendingDb.name] });
    expect(item(await fleetStatus(ctx, { databases: [pendingDb.name] }), pendingDb.name, 'migrations').state).toBe('ok');
  });

  it('a failed audit is critical for the database it failed on', async () => {
    const planted = await injectOrphans(ctx, { count: 1, databases: [child.name] });
    expect(planted).toHaveLength(1);
    const report = await audit(ctx, { databases: [child.name] });
    expect(report.ok).toBe(false);
    const r = await fleetStatus(ctx);
    expect(item(r, child.name, 'audit').state).toBe('critical');
    expect(db(r, child.name).audit).toMatchObject({ ok: false, error: 1 });
    expect(item(r, pendingDb.name, 'audit').state).toBe('warn'); // still never audited
  });

  it('a row in DEFAULT warns; a month missing ahead warns, the current month missing is critical', async () => {
    const policy = partitioned.partitioned[0];
    const t = quoteIdent(policy.table);
    const c = quoteIdent(policy.column);
    await sql(
      partitioned.name,
      `INSERT INTO ${t} OVERRIDING SYSTEM VALUE SELECT (jsonb_populate_record(x, jsonb_build_object('${policy.column}', '2099-06-15'))).* FROM (SELECT ${t} AS x FROM ${t} LIMIT 1) s`,
    ).catch(async () => {
      // A table without an identity column: the same without OVERRIDING.
      await sql(
        partitioned.name,
        `INSERT INTO ${t} SELECT (jsonb_populate_record(x, jsonb_build_object('${policy.column}', '2099-06-15'))).* FROM (SELECT ${t} AS x FROM ${t} LIMIT 1) s`,
      );
    });
    let r = await fleetStatus(ctx, { databases: [partitioned.name] });
    const p = db(r, partitioned.name).partitions.find((x) => x.table === policy.table)!;
    expect(p.defaultRows).toBe(1);
    expect(item(r, partitioned.name, 'partitions').state).toBe('warn');
    expect(item(r, partitioned.name, 'partitions').details.join('\n')).toMatch(/1 row\(s\) in the DEFAULT partition/);
    await sql(partitioned.name, `DELETE FROM ${t} WHERE ${c} >= '2099-01-01'`);

    const now = monthOfDate(new Date());
    await sql(partitioned.name, `DROP TABLE ${quoteIdent(partitionName(policy.table, now + 1))}`);
    r = await fleetStatus(ctx, { databases: [partitioned.name] });
    expect(db(r, partitioned.name).partitions.find((x) => x.table === policy.table)!.headroomMonths).toBe(1);
    expect(item(r, partitioned.name, 'partitions').state).toBe('warn');
    await sql(partitioned.name, `DROP TABLE ${quoteIdent(partitionName(policy.table, now))}`);
    r = await fleetStatus(ctx, { databases: [partitioned.name] });
    expect(item(r, partitioned.name, 'partitions').state).toBe('critical');
    await ensurePartitions(ctx, { databases: [partitioned.name] });
    r = await fleetStatus(ctx, { databases: [partitioned.name] });
    expect(item(r, partitioned.name, 'partitions').state).toBe('ok');
  });

  describeWithTool('pg_dump', 'backups', () => {
    it('backups: a fresh unverified run warns, a verified one is ok, an old one is critical', async () => {
      const made = await createBackup(ctx, { databases: [partitioned.name] });
      expect(made.ok).toBe(true);
      let r = await fleetStatus(ctx);
      expect(item(r, partitioned.name, 'backups').state).toBe('warn');
      expect(item(r, partitioned.name, 'backups').details.join()).toMatch(/no verified backup/);
      expect(item(r, pendingDb.name, 'backups').state).toBe('critical');
      const verified = await verifyBackup(ctx, {});
      expect(verified.ok).toBe(true);
      r = await fleetStatus(ctx, { databases: [partitioned.name] });
      expect(item(r, partitioned.name, 'backups').state).toBe('ok');
      // Older than a (tight) limit: the same run, judged a second later.
      await new Promise((res) => setTimeout(res, 1100));
      r = await fleetStatus(ctx, { databases: [partitioned.name], thresholds: { backupGoodWarnHours: 0, backupGoodCriticalHours: 0.0002 } });
      expect(item(r, partitioned.name, 'backups').state).toBe('critical');
      expect(item(r, partitioned.name, 'backups').details[0]).toMatch(/newest good backup .* old/);
    });
  });

  it('an unreachable database is critical with its reason; the others are still reported', async () => {
    const closed = await freePort();
    const env2 = { ...env, [envVarForDatabase(unreachableDb.name)]: `postgres://nobody:secret@127.0.0.1:${closed}/${unreachableDb.name}` };
    const ctx2 = await openContext({ registry, config: parseConfig(env2, registry) });
    const r = await fleetStatus(ctx2, { recordSizes: false });
    expect(db(r, unreachableDb.name)).toMatchObject({ reachable: false, state: 'critical' });
    expect(db(r, unreachableDb.name).error).toMatch(/ECONNREFUSED|connect/);
    expect(db(r, unreachableDb.name).error).not.toContain('secret');
    expect(r.databases.filter((d) => d.database !== unreachableDb.name).every((d) => d.reachable)).toBe(true);
  });

  it('the CLI prints the JSON report and exits 1 when something is critical, 0 otherwise', () => {
    const run = (args: string[]) => spawnSync(CLI, ['status', ...args], { env: { ...process.env, ...env }, encoding: 'utf8', timeout: 120_000 });
    const bad = run(['--json']);
    expect(bad.status).toBe(1);
    const report = JSON.parse(bad.stdout) as StatusReport;
    expect(report.databases).toHaveLength(registry.databases.length);
    const good = run(['--db', partitioned.name, '--format', 'prometheus']);
    expect(good.stderr).toBe('');
    expect(good.status).toBe(0); // a verified backup, partitions in place, migrations applied, audit never run (warn)
    expect(good.stdout).toMatch(/^quenty_db_up\{database="[a-z_]+",server="[^"]+"\} 1$/m);
    const strict = run(['--db', partitioned.name, '--fail-on', 'warn']);
    expect(strict.status).toBe(1);
    expect(strict.stdout).toMatch(/no audit run recorded/);
  });
});

describeWithTool('pgbouncer', 'a busy PgBouncer pool', () => {
  let bouncer: RunningPgBouncer | undefined;
  let dir: string;
  let pctx: Context;
  let port: number;
  const holders: pg.Client[] = [];

  beforeAll(async () => {
    port = await freePort();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'quenty-status-pgb-'));
    fs.chmodSync(dir, 0o755);
    const penv = {
      ...env,
      QUENTY_PGBOUNCER_LISTEN_PORT: String(port),
      QUENTY_PGBOUNCER_UNIX_SOCKET_DIR: '',
      QUENTY_PGBOUNCER_DEFAULT_POOL_SIZE: '1',
      QUENTY_PGBOUNCER_MIN_POOL_SIZE: '0',
      QUENTY_PGBOUNCER_RESERVE_POOL_SIZE: '0',
      QUENTY_PGBOUNCER_MAX_DB_CONNECTIONS: '1',
    };
    pctx = await openContext({ registry, config: parseConfig(penv, registry) });
    const config = await generateConfig(pctx, { outDir: dir, databases: [pooledDb.name], force: true });
    bouncer = await startPgBouncer(config.iniFile, port);
  });

  afterAll(async () => {
    for (const c of holders) await c.end().catch(() => undefined);
    await bouncer?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('a client waiting behind a pool of one: waiting clients and maxwait reported, warn over a second', async () => {
    const t = pctx.target(pooledDb.name);
    const login = () => new pg.Client({ host: '127.0.0.1', port, user: t.role, password: servicePassword(pctx, t).password, database: t.dbName });
    const holder = login();
    const waiter = login();
    holders.push(holder, waiter);
    await holder.connect();
    await holder.query('BEGIN');
    await holder.query('SELECT 1'); // holds the pool's only server connection
    await waiter.connect();
    const waiting = waiter.query('SELECT 1');
    waiting.catch(() => undefined); // awaited below; a failure before then must not escape the test
    await new Promise((res) => setTimeout(res, 1600));
    const r = await fleetStatus(pctx, { databases: [pooledDb.name], recordSizes: false });
    expect(db(r, pooledDb.name).pgbouncer!.error).toBeUndefined();
    const pools = db(r, pooledDb.name).pgbouncer!.pools;
    const pool = pools.find((p) => p.user === t.role)!;
    expect(pools.map((p) => p.user)).toContain(t.role);
    expect(pool.clientsWaiting).toBe(1);
    expect(pool.clientsActive).toBe(1);
    expect(pool.maxwaitSeconds).toBeGreaterThanOrEqual(1);
    expect(item(r, pooledDb.name, 'pgbouncer').state).toBe('warn');
    const text = await toPrometheus(r);
    const waitingMetric = parsePrometheusTextFormat(text).find((f) => f.name === 'quenty_db_pgbouncer_clients_waiting')!;
    expect(waitingMetric.metrics).toEqual([{ value: '1', labels: { database: pooledDb.name, user: t.role } }]);
    await holder.query('COMMIT');
    await waiting;
    const after = await fleetStatus(pctx, { databases: [pooledDb.name], recordSizes: false });
    expect(item(after, pooledDb.name, 'pgbouncer').state).toBe('ok');
  });
});
