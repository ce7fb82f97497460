import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadRegistry } from '../../src/registry';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import pg from 'pg';
import { Context, withClient } from '../../src/db/targets';
import { createDatabases } from '../../src/create';
import { migrate } from '../../src/migrate';
import { applyRetention, ensurePartitions, partitionStatus } from '../../src/partitions';
import { pgEnv } from '../../src/db/tools';
import { up } from '../../src/up';
import { CLI, dropTestDatabases, serverUrl, testContext } from '../helpers/context';

/**
 * Partitions against a real PostgreSQL, on this file's own copies (prefix t_part_) of the
 * databases with partitioned tables. analytics_db runs with TimeZone America/Mexico_City for
 * every session, so boundaries must not depend on the session TimeZone.
 */
const PREFIX = 't_part_';
// The databases with a partitioned table, as the registry says (a new one joins them).
const DBS = loadRegistry()
  .databases.filter((d) => d.partitioned.length > 0)
  .map((d) => d.name)
  .sort();
const TODAY = new Date('2026-11-21T12:00:00Z');
const run = promisify(execFile);
let ctx: Context;
let backupDir: string;

const q = async <T extends pg.QueryResultRow = any>(db: string, sql: string, params: unknown[] = []) =>
  withClient(ctx.target(db).url, db, async (c) => (await c.query<T>(sql, params)).rows);

/** Partitions of a table with bounds printed in UTC. */
async function partitionsOf(db: string, table: string): Promise<Array<{ name: string; bound: string }>> {
  return withClient(ctx.target(db).url, db, async (c) => {
    await c.query(`SET TimeZone = 'UTC'`);
    const r = await c.query(
      `SELECT c.relname AS name, pg_get_expr(c.relpartbound, c.oid) AS bound FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
        WHERE i.inhparent = $1::regclass ORDER BY 1`,
      [table],
    );
    return r.rows;
  });
}

async function insertMetrics(rows: Array<{ id: string; at: string }>) {
  await withClient(ctx.target('analytics_db').url, 'analytics_db', async (c) => {
    for (const r of rows) {
      await c.query(`INSERT INTO metrics (metric_id, metric_type, name, value, timestamp, created_at) VALUES ($1, 'counter', 'orders', 1, $2, $2)`, [
        r.id,
        r.at,
      ]);
    }
  });
}

beforeAll(async () => {
  ctx = await testContext(PREFIX);
  backupDir = fs.mkdtempSync(path.join(os.tmpdir(), 'quenty-part-backups-'));
  await dropTestDatabases(ctx).catch(() => undefined);
  const created = (await createDatabases(ctx, { databases: DBS })).databases;
  expect(created.every((c) => c.ok)).toBe(true);
  await withClient(ctx.target('analytics_db').maintenanceUrl, 'postgres', (c) =>
    c.query(`ALTER DATABASE ${ctx.target('analytics_db').dbName} SET TimeZone = 'America/Mexico_City'`),
  );
  const migrated = (await migrate(ctx, 'latest', { databases: DBS })).databases;
  expect(migrated.every((m) => m.ok)).toBe(true);
});

afterAll(async () => {
  if (ctx) await dropTestDatabases(ctx);
  if (backupDir) fs.rmSync(backupDir, { recursive: true, force: true });
});

test('ensure creates the current month through 4 ahead with UTC bounds, and is idempotent', async () => {
  const first = (await ensurePartitions(ctx, { today: TODAY })).databases;
  expect(first.map((r) => r.database).sort()).toEqual(DBS);
  for (const r of first) {
    expect(r.ok).toBe(true);
    expect(r.tables[0].created.map((c) => c.month)).toEqual(['2026-11', '2026-12', '2027-01', '2027-02', '2027-03']);
  }
  const metrics = await partitionsOf('analytics_db', 'metrics');
  expect(metrics.map((p) => p.name)).toEqual([
    'metrics_2026_11',
    'metrics_2026_12',
    'metrics_2027_01',
    'metrics_2027_02',
    'metrics_2027_03',
    'metrics_default',
  ]);
  expect(metrics.find((p) => p.name === 'metrics_2027_01')!.bound).toBe("FOR VALUES FROM ('2027-01-01 00:00:00+00') TO ('2027-02-01 00:00:00+00')");
  const payments = await partitionsOf('microcredit_db', 'loan_payments');
  expect(payments.find((p) => p.name === 'loan_payments_2026_12')!.bound).toBe("FOR VALUES FROM ('2026-12-01') TO ('2027-01-01')");

  const again = (await ensurePartitions(ctx, { today: TODAY })).databases;
  for (const r of again) {
    expect(r.ok).toBe(true);
    expect(r.tables[0].created).toEqual([]);
    expect(r.tables[0].plan!.existing).toBe(5);
  }
  // Indexes declared on the parents exist on every partition, including the ones just made.
  for (const r of again) expect(r.tables[0].missingIndexes).toEqual([]);
  const idx = await q('analytics_db', `SELECT count(*)::int AS n FROM pg_indexes WHERE tablename = 'metrics_2027_03'`);
  const parentIdx = await q('analytics_db', `SELECT count(*)::int AS n FROM pg_indexes WHERE tablename = 'metrics'`);
  expect(idx[0].n).toBe(parentIdx[0].n);
});

test('rows of a month with no partition land in DEFAULT, status reports them, ensure moves them without loss', async () => {
  // 2026-07-01 03:00 UTC is June 30 in Mexico City: it belongs to July (UTC).
  const rows = [
    { id: 'm1', at: '2026-06-10 10:00:00+00' },
    { id: 'm2', at: '2026-06-30 23:59:59+00' },
    { id: 'm3', at: '2026-07-01 03:00:00+00' },
    { id: 'm4', at: '2026-09-15 00:00:00+00' },
    { id: 'm5', at: '2026-11-05 00:00:00+00' },
  ];
  await insertMetrics(rows);
  await q(
    'microcredit_db',
    `INSERT INTO loan_payments (payment_id, payment_amount, principal_amount, interest_amount, payment_date) VALUES ('p1', 10, 9, 1, '2026-02-28'), ('p2', 10, 9, 1, '2026-03-01')`,
  );
  await q('order_db', `INSERT INTO stock_movements (movement_type, quantity, created_by, created_at) VALUES ('IN', 1, 'u', '2026-08-31 23:00:00+00')`);
  expect((await q('analytics_db', 'SELECT count(*)::int AS n FROM metrics_default'))[0].n).toBe(4);

  const report = await partitionStatus(ctx, { today: TODAY });
  // Rows in DEFAULT are a warning: ok, but not with strict.
  expect(report.ok).toBe(true);
  expect((await partitionStatus(ctx, { today: TODAY, strict: true })).ok).toBe(false);
  const status = report.tables;
  const m = status.find((s) => s.table === 'metrics')!;
  expect(m.defaultRows).toBe(4);
  expect(m.defaultMonths).toEqual([
    { month: '2026-06', rows: 2 },
    { month: '2026-07', rows: 1 },
    { month: '2026-09', rows: 1 },
  ]);
  expect(m.warnings.join('\n')).toMatch(/4 row\(s\) in metrics_default/);
  expect(m.covered).toEqual([{ from: '2026-11', to: '2027-03' }]);
  expect(m.nextMissing).toBe('2027-04');
  expect(status.find((s) => s.table === 'loan_payments')!.defaultRows).toBe(2);

  const before = (await q('analytics_db', 'SELECT count(*)::int AS n, sum(length(metric_id))::int AS s FROM metrics'))[0];
  const res = (await ensurePartitions(ctx, { today: TODAY })).databases;
  expect(res.every((r) => r.ok)).toBe(true);
  const mt = res.find((r) => r.database === 'analytics_db')!.tables[0];
  expect(mt.created.map((c) => [c.name, c.moved])).toEqual([
    ['metrics_2026_06', 2],
    ['metrics_2026_07', 1],
    ['metrics_2026_08', 0],
    ['metrics_2026_09', 1],
    ['metrics_2026_10', 0],
  ]);
  expect(mt.defaultRowsLeft).toBe(0);
  const after = (await q('analytics_db', 'SELECT count(*)::int AS n, sum(length(metric_id))::int AS s FROM metrics'))[0];
  expect(after).toEqual(before);
  expect((await q('analytics_db', 'SELECT count(*)::int AS n FROM metrics_default'))[0].n).toBe(0);
  expect((await q('analytics_db', `SELECT metric_id FROM metrics_2026_07`)).map((r) => r.metric_id)).toEqual(['m3']);
  const lp = res.find((r) => r.database === 'microcredit_db')!.tables[0];
  expect(lp.created.filter((c) => c.moved).map((c) => [c.name, c.moved])).toEqual([
    ['loan_payments_2026_02', 1],
    ['loan_payments_2026_03', 1],
  ]);
  expect((await q('order_db', 'SELECT tableoid::regclass::text AS t FROM stock_movements'))[0].t).toBe('stock_movements_2026_08');
  // New partitions carry the parent's indexes too.
  expect(mt.missingIndexes).toEqual([]);
  expect((await partitionStatus(ctx, { today: TODAY })).tables.every((s) => s.defaultRows === 0 && s.gaps.length === 0)).toBe(true);
});

test('a month made with the rows of DEFAULT and an empty month made in a batch are the same table', async () => {
  // From the test above: metrics_2026_06 had rows in DEFAULT (moved, one transaction), metrics_2026_08 had none (a batch).
  const shape = async (name: string) => {
    const norm = (t: string) => t.split(name).join('<p>');
    const one = async (sql: string) => (await q('analytics_db', sql, [name])).map((r) => norm(Object.values(r).join(' | '))).sort();
    return {
      columns: await one(`SELECT a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull, a.attstorage, a.attcompression, pg_get_expr(d.adbin, d.adrelid)
                            FROM pg_attribute a LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
                           WHERE a.attrelid = $1::regclass AND a.attnum > 0 AND NOT a.attisdropped`),
      constraints: await one(`SELECT contype, pg_get_constraintdef(oid), conislocal, connoinherit FROM pg_constraint WHERE conrelid = $1::regclass`),
      indexes:
        await one(`SELECT regexp_replace(pg_get_indexdef(i.indexrelid), 'INDEX \\S+ ON', 'INDEX ON'), (SELECT count(*) FROM pg_inherits h WHERE h.inhrelid = i.indexrelid)
                            FROM pg_index i WHERE i.indrelid = $1::regclass`),
      table: await one(
        `SELECT pg_get_userbyid(c.relowner), c.relkind, c.relpersistence, c.relispartition, coalesce(c.reloptions::text, '') FROM pg_class c WHERE c.oid = $1::regclass`,
      ),
    };
  };
  const careful = await shape('metrics_2026_06');
  const batch = await shape('metrics_2026_08');
  expect(careful.indexes.length).toBeGreaterThan(1);
  expect(batch).toEqual(careful);
});

test('ensure waits for a lock held by another session (lock_timeout + retry)', async () => {
  const holder = new pg.Client({ connectionString: ctx.target('analytics_db').url });
  await holder.connect();
  try {
    await holder.query('BEGIN');
    await holder.query('SELECT count(*) FROM metrics_default');
    const pending = ensurePartitions(ctx, { databases: 'analytics_db', today: TODAY, monthsAhead: 5, lockTimeoutMs: 100, attempts: 20 });
    await new Promise((r) => setTimeout(r, 700));
    await holder.query('COMMIT');
    const res = await pending;
    expect(res.databases[0].ok).toBe(true);
    expect(res.databases[0].tables[0].created.map((c) => c.name)).toEqual(['metrics_2027_04']);
    expect(res.databases[0].tables[0].created[0].attempts).toBeGreaterThan(1);
  } finally {
    await holder.end();
  }
});

test('ensure is safe while the application writes: no insert fails, no row is lost', async () => {
  const url = ctx.target('order_db').url;
  const before = (await q('order_db', 'SELECT count(*)::int AS n FROM stock_movements'))[0].n;
  const writer = new pg.Client({ connectionString: url });
  await writer.connect();
  let stop = false;
  let inserted = 0;
  const errors: string[] = [];
  // Months 2026-01..2026-07 have no partition yet: these rows go to DEFAULT until ensure makes them.
  const writing = (async () => {
    for (let i = 0; !stop || i < 20; i++) {
      const day = `2026-0${1 + (i % 7)}-${String(1 + (i % 28)).padStart(2, '0')} 12:00:00+00`;
      try {
        await writer.query(`INSERT INTO stock_movements (movement_type, quantity, created_by, created_at) VALUES ('IN', 1, 'w', $1)`, [day]);
        inserted++;
      } catch (e) {
        errors.push((e as Error).message);
      }
    }
  })();
  await new Promise((r) => setTimeout(r, 100));
  const res = (await ensurePartitions(ctx, { databases: 'order_db', today: TODAY, from: '2026-01', lockTimeoutMs: 200 })).databases;
  stop = true;
  await writing;
  await writer.end();
  expect(errors).toEqual([]);
  expect(res[0].ok).toBe(true);
  expect(res[0].tables[0].created.map((c) => c.month)).toEqual(['2026-01', '2026-02', '2026-03', '2026-04', '2026-05', '2026-06', '2026-07']);
  expect((await q('order_db', 'SELECT count(*)::int AS n FROM stock_movements'))[0].n).toBe(before + inserted);
  expect((await q('order_db', 'SELECT count(*)::int AS n FROM stock_movements_default'))[0].n).toBe(0);
});

test('EXPLAIN of a one-month query scans exactly one partition on each table', async () => {
  const cases: Array<[string, string]> = [
    ['analytics_db', `SELECT count(*) FROM metrics WHERE created_at >= '2026-12-01 00:00:00+00' AND created_at < '2027-01-01 00:00:00+00'`],
    ['order_db', `SELECT count(*) FROM stock_movements WHERE created_at >= '2026-12-01 00:00:00+00' AND created_at < '2027-01-01 00:00:00+00'`],
    ['microcredit_db', `SELECT count(*) FROM loan_payments WHERE payment_date >= '2026-12-01' AND payment_date < '2027-01-01'`],
  ];
  for (const [db, sql] of cases) {
    const plan = await q(db, `EXPLAIN (FORMAT JSON) ${sql}`);
    const rels: string[] = [];
    const walk = (n: any) => {
      if (n['Relation Name']) rels.push(n['Relation Name']);
      for (const p of n.Plans ?? []) walk(p);
    };
    walk(plan[0]['QUERY PLAN'][0].Plan);
    expect([db, rels]).toEqual([db, [expect.stringMatching(/_2026_12$/)]]);
  }
});

test('retention detaches past partitions; --drop dumps first, and the dump restores the rows', async () => {
  await ensurePartitions(ctx, { databases: 'analytics_db', today: TODAY, from: '2024-09' });
  await insertMetrics([
    { id: 'old1', at: '2024-09-03 00:00:00+00' },
    { id: 'old2', at: '2024-09-20 00:00:00+00' },
    { id: 'old3', at: '2024-10-31 23:00:00+00' },
  ]);
  const dry = (await applyRetention(ctx, { databases: 'analytics_db', olderThan: 24, today: TODAY, dryRun: true })).tables;
  expect(dry[0].cutoff).toBe('2024-11');
  expect(dry[0].actions.map((a) => a.partition)).toEqual(['metrics_2024_09', 'metrics_2024_10']);
  expect((await partitionsOf('analytics_db', 'metrics')).some((p) => p.name === 'metrics_2024_09')).toBe(true);

  const detached = (await applyRetention(ctx, { databases: 'analytics_db', olderThan: 24, today: TODAY, backupDir })).tables;
  expect(detached[0].ok).toBe(true);
  expect(detached[0].actions.map((a) => [a.partition, a.detached, a.detachMode, a.dropped])).toEqual([
    ['metrics_2024_09', true, 'plain', false],
    ['metrics_2024_10', true, 'plain', false],
  ]);
  const names = (await partitionsOf('analytics_db', 'metrics')).map((p) => p.name);
  expect(names).not.toContain('metrics_2024_09');
  expect(names).not.toContain('metrics_2024_10');
  expect(names).toContain('metrics_2024_11'); // within the 24 months kept
  expect((await q('analytics_db', 'SELECT count(*)::int AS n FROM metrics_2024_09'))[0].n).toBe(2); // kept as a table
  const st = (await partitionStatus(ctx, { databases: 'analytics_db', today: TODAY })).tables[0];
  expect(st.detached).toEqual(['metrics_2024_09', 'metrics_2024_10']);
  expect(st.pastRetention).toEqual([]);

  // QUENTY_PG_BIN of the configuration (.env) is honoured, and a pg_dump older than the server refused: nothing dropped.
  const oldBin = fs.mkdtempSync(path.join(os.tmpdir(), 'quenty-part-oldbin-'));
  for (const tool of ['pg_dump', 'pg_restore'])
    fs.writeFileSync(path.join(oldBin, tool), `#!/bin/sh\necho "${tool} (PostgreSQL) 14.11"\nexit 0\n`, { mode: 0o755 });
  const oldCtx = { ...ctx, config: { ...ctx.config, env: { ...ctx.config.env, QUENTY_PG_BIN: oldBin } } };
  const refused = (await applyRetention(oldCtx, { databases: 'analytics_db', olderThan: 24, today: TODAY, drop: true, backupDir })).tables;
  expect(refused[0].ok).toBe(false);
  expect(JSON.stringify(refused[0])).toMatch(/pg_dump 14 is older than the server/);
  expect((await q('analytics_db', `SELECT to_regclass('metrics_2024_09') AS r`))[0].r).not.toBeNull();
  fs.rmSync(oldBin, { recursive: true, force: true });

  const dropped = (await applyRetention(ctx, { databases: 'analytics_db', olderThan: 24, today: TODAY, drop: true, backupDir })).tables;
  expect(dropped[0].ok).toBe(true);
  const a = dropped[0].actions.find((x) => x.partition === 'metrics_2024_09')!;
  expect(a.dropped).toBe(true);
  expect(a.dump).toBeDefined();
  expect(a.dump!.startsWith(backupDir)).toBe(true);
  expect(fs.existsSync(a.dump!)).toBe(true);
  expect((await q('analytics_db', `SELECT to_regclass('metrics_2024_09') AS r`))[0].r).toBeNull();

  const t = ctx.target('analytics_db');
  await run('/usr/bin/pg_restore', ['--no-owner', '-d', t.dbName, a.dump!], { env: { ...process.env, ...pgEnv(t.url) } });
  const restored = await q('analytics_db', `SELECT metric_id FROM metrics_2024_09 ORDER BY 1`);
  expect(restored.map((r) => r.metric_id)).toEqual(['old1', 'old2']);
});

test('up runs partitions ensure on the migrated databases that have partitioned tables', async () => {
  const report = await up(ctx, { databases: 'microcredit_db', seed: false });
  const parts = report.partitions?.databases ?? [];
  expect(parts.map((p) => [p.database, p.ok, p.tables.map((t) => t.table)])).toEqual([['microcredit_db', true, ['loan_payments']]]);
});

test('CLI: partitions status --json, ensure --dry-run, usage errors exit 2', async () => {
  const env = {
    ...process.env,
    QUENTY_DATABASE_URL: serverUrl(),
    QUENTY_DB_PREFIX: PREFIX,
    QUENTY_HOME: fs.mkdtempSync(path.join(os.tmpdir(), 'quenty-part-cli-')),
    NO_COLOR: '1',
  };
  const status = await run(CLI, ['partitions', 'status', '--db', 'order_db', '--json'], { env });
  const report = JSON.parse(status.stdout);
  expect(report.ok).toBe(true);
  const rows = report.tables;
  expect(rows).toHaveLength(1);
  expect(rows[0]).toMatchObject({ database: 'order_db', table: 'stock_movements', defaultRows: 0 });
  const dry = await run(CLI, ['partitions', 'ensure', '--db', 'order_db', '--from', '2025-01', '--dry-run'], { env });
  expect(dry.stdout).toMatch(/order_db\.stock_movements: 2025-01\.\.\d{4}-\d{2}: would create \d+ partition\(s\)/);
  const bad = await run(CLI, ['partitions', 'ensure', '--from', '2026-13'], { env }).catch((e) => e);
  expect(bad.code).toBe(2);
  expect(bad.stderr).toMatch(/--from/);
  const help = await run(CLI, ['partitions', 'retention', '--help'], { env });
  expect(help.stdout).toMatch(/Examples?:/);
});
