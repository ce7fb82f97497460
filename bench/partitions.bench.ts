/**
 * bench:partitions
 *
 * 1. `ensure` for 10 years of months (120 months back + 4 ahead) on the three partitioned tables,
 *    against, in the same run, the naive DDL (`CREATE TABLE ... PARTITION OF ... FOR VALUES`, one
 *    statement per month, no locks, no checks) for the same months on a copy of each parent.
 * 2. A one-month aggregate query on `metrics` with BENCH_ROWS (default 5,000,000) rows spread over
 *    24 months, against the same query on an unpartitioned copy of the table (same rows, same
 *    indexes) in the same run. Median of BENCH_ROUNDS (default 7) warm runs each.
 */
import { createDatabases, dropDatabases } from '../src/create';
import { migrate } from '../src/migrate';
import { withClient, quoteIdent } from '../src/db/targets';
import { ensurePartitions, formatMonth, monthOfDate, partitionName, boundLiteral } from '../src/partitions';
import { benchContext, median, report } from './common';

const DBS = ['analytics_db', 'microcredit_db', 'order_db'];
const ms = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e6;
const log = (s: string) => process.stdout.write(s + '\n');

async function main() {
  const rows = Number(process.env.BENCH_ROWS ?? 5_000_000);
  const rounds = Number(process.env.BENCH_ROUNDS ?? 7);
  const ctx = await benchContext('b_part_');
  await dropDatabases(ctx, { roles: false });
  const c = await createDatabases(ctx, { databases: DBS });
  const m = await migrate(ctx, 'latest', { databases: DBS });
  if (!c.every((x) => x.ok) || !m.every((x) => x.ok)) throw new Error('create/migrate failed');
  const today = new Date();
  const current = monthOfDate(today);
  const from = formatMonth(current - 120);

  // 1. ensure over 10 years, three tables (in parallel, one connection per database).
  let t0 = process.hrtime.bigint();
  const res = await ensurePartitions(ctx, { databases: DBS, from, monthsAhead: 4, today });
  const ensureMs = ms(t0);
  if (!res.every((r) => r.ok)) throw new Error('ensure failed: ' + JSON.stringify(res));
  const created = res.reduce((s, r) => s + r.tables.reduce((x, t) => x + t.created.length, 0), 0);
  t0 = process.hrtime.bigint();
  await ensurePartitions(ctx, { databases: DBS, from, monthsAhead: 4, today });
  const noopMs = ms(t0);

  // Baseline: naive CREATE TABLE ... PARTITION OF on copies of the parents (with their indexes).
  t0 = process.hrtime.bigint();
  await Promise.all(
    DBS.map((db) =>
      withClient(ctx.target(db).url, db, async (cl) => {
        const policy = ctx.registry.get(db).partitioned[0];
        const copy = `${policy.table}_naive`;
        await cl.query(`CREATE TABLE ${quoteIdent(copy)} (LIKE ${quoteIdent(policy.table)} INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING INDEXES) PARTITION BY RANGE (${quoteIdent(policy.column)})`);
        for (let mm = current - 120; mm <= current + 4; mm++) {
          await cl.query(
            `CREATE TABLE ${quoteIdent(partitionName(copy, mm))} PARTITION OF ${quoteIdent(copy)} FOR VALUES FROM (${boundLiteral(policy, mm)}) TO (${boundLiteral(policy, mm + 1)})`,
          );
        }
      }),
    ),
  );
  const naiveMs = ms(t0);
  log(`ensure, 10 years on 3 tables: ${created} partitions in ${ensureMs.toFixed(0)} ms (${(ensureMs / created).toFixed(1)} ms each); again (nothing to do): ${noopMs.toFixed(0)} ms`);
  log(`naive CREATE TABLE ... PARTITION OF, same months: ${naiveMs.toFixed(0)} ms; ratio ensure/naive ${(ensureMs / naiveMs).toFixed(2)}`);

  // 2. metrics: rows over the 24 months before the current one, plus an unpartitioned copy.
  const analytics = ctx.target('analytics_db');
  const start = current - 24;
  const startLit = boundLiteral({ columnType: 'timestamptz' }, start);
  const endLit = boundLiteral({ columnType: 'timestamptz' }, current);
  let loadMs = 0;
  await withClient(analytics.url, 'analytics_db', async (cl) => {
    t0 = process.hrtime.bigint();
    // Generated once into an unlogged staging table, then copied into both tables.
    await cl.query(`CREATE UNLOGGED TABLE metrics_stage AS
      SELECT g AS id, 'm' || g AS metric_id, (ARRAY['counter','gauge','timer','histogram'])[1 + g % 4] AS metric_type,
             'orders_' || (g % 50) AS name, (g % 1000)::numeric(20,4) AS value,
             ts AS timestamp, 'svc' || (g % 9) AS source_service, ts AS created_at
        FROM generate_series(1, ${rows}) g,
             LATERAL (SELECT ${startLit}::timestamptz + (${endLit}::timestamptz - ${startLit}::timestamptz) * ((g - 1)::float8 / ${rows}) AS ts) t`);
    await cl.query(`CREATE TABLE metrics_flat (LIKE metrics INCLUDING DEFAULTS INCLUDING CONSTRAINTS)`);
    const cols = 'id, metric_id, metric_type, name, value, timestamp, source_service, created_at';
    await cl.query(`INSERT INTO metrics_flat (${cols}) SELECT ${cols} FROM metrics_stage`);
    await cl.query(`INSERT INTO metrics (${cols}) SELECT ${cols} FROM metrics_stage`);
    // The flat copy gets the same indexes as the partitioned one (built after the load).
    const idx = await cl.query<{ def: string; name: string }>(
      `SELECT pg_get_indexdef(i.indexrelid) AS def, c.relname AS name FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid WHERE i.indrelid = 'metrics'::regclass`,
    );
    for (const { def, name } of idx.rows) {
      await cl.query(def.replace(/^CREATE (UNIQUE )?INDEX \S+ ON (ONLY )?(public\.)?metrics /, (_a, u) => `CREATE ${u ?? ''}INDEX ${quoteIdent(name + '_flat')} ON metrics_flat `));
    }
    await cl.query('DROP TABLE metrics_stage');
    await cl.query('VACUUM ANALYZE metrics');
    await cl.query('VACUUM ANALYZE metrics_flat');
    loadMs = ms(t0);
  });
  log(`loaded ${rows} rows over 24 months into metrics and metrics_flat in ${(loadMs / 1000).toFixed(1)} s`);

  const month = current - 6;
  const q = (table: string) =>
    `SELECT metric_type, count(*), sum(value), avg(value) FROM ${table}
      WHERE created_at >= ${boundLiteral({ columnType: 'timestamptz' }, month)} AND created_at < ${boundLiteral({ columnType: 'timestamptz' }, month + 1)}
      GROUP BY metric_type ORDER BY metric_type`;
  const part: number[] = [];
  const flat: number[] = [];
  let check = '';
  await withClient(analytics.url, 'analytics_db', async (cl) => {
    const a = await cl.query(q('metrics'));
    const b = await cl.query(q('metrics_flat'));
    if (JSON.stringify(a.rows) !== JSON.stringify(b.rows)) throw new Error('the two tables disagree');
    check = a.rows.map((r) => `${r.metric_type}=${r.count}`).join(' ');
    const plan = await cl.query(`EXPLAIN (FORMAT JSON) ${q('metrics')}`);
    const rels: string[] = [];
    const walk = (n: any) => {
      if (n['Relation Name']) rels.push(n['Relation Name']);
      for (const p of n.Plans ?? []) walk(p);
    };
    walk(plan.rows[0]['QUERY PLAN'][0].Plan);
    log(`one-month query on ${formatMonth(month)} (${check}) scans: ${[...new Set(rels)].join(', ')}`);
    for (let i = 0; i < rounds; i++) {
      let t = process.hrtime.bigint();
      await cl.query(q('metrics'));
      part.push(ms(t));
      t = process.hrtime.bigint();
      await cl.query(q('metrics_flat'));
      flat.push(ms(t));
    }
  });
  const p = median(part);
  const f = median(flat);
  log(`one-month aggregate on metrics (partitioned): ${p.toFixed(1)} ms (median of ${rounds})`);
  log(`same query on the unpartitioned copy:        ${f.toFixed(1)} ms`);
  log(`ratio unpartitioned/partitioned: ${(f / p).toFixed(2)}x`);
  await dropDatabases(ctx, { roles: true });
  report('partitions', {
    ensure_partitions: created,
    ensure_ms: Math.round(ensureMs),
    ensure_noop_ms: Math.round(noopMs),
    naive_ddl_ms: Math.round(naiveMs),
    ensure_vs_naive_ratio: Number((ensureMs / naiveMs).toFixed(2)),
    rows,
    load_ms: Math.round(loadMs),
    query_partitioned_ms: Number(p.toFixed(2)),
    query_unpartitioned_ms: Number(f.toFixed(2)),
    query_speedup: Number((f / p).toFixed(2)),
  });
}

main().then(
  () => process.exit(0),
  (e) => {
    process.stderr.write(`bench:partitions failed: ${e instanceof Error ? e.stack : e}\n`);
    process.exit(1);
  },
);
