/**
 * bench:partitions
 *
 * 1. `ensure` for 10 years of months (120 months back + 4 ahead) on the partitioned tables of the
 *    registry, with an empty DEFAULT partition (the fast path: every month created in batches),
 *    against, in the same round, the bare DDL (`CREATE TABLE ... PARTITION OF ... FOR VALUES`,
 *    one statement per month, no locks, no checks) for the same months on a copy of each parent.
 *    BENCH_ENSURE_ROUNDS rounds (default 3; every partition dropped between rounds): median and
 *    minimum of the ratios. Then the careful path for reference: DEFAULT holding rows of
 *    BENCH_BUSY_MONTHS months (default 6), which ensure moves out (one transaction per such month).
 * 2. A one-month aggregate query on `metrics` with BENCH_ROWS (default 5,000,000) rows spread over
 *    24 months, against the same query on an unpartitioned copy of the table (same rows, same
 *    indexes) in the same run. Median of BENCH_ROUNDS (default 7) warm runs each.
 */
import type pg from 'pg';
import { createDatabases, dropDatabases } from '../src/create';
import { migrate } from '../src/migrate';
import { withClient, quoteIdent } from '../src/db/targets';
import { ensurePartitions, formatMonth, monthOfDate, partitionName, boundLiteral } from '../src/partitions';
import type { PartitionPolicy } from '../src/registry/schema';
import { benchContext, median, report } from './common';

const ms = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e6;
const log = (s: string) => process.stdout.write(s + '\n');
const min = (xs: number[]) => Math.min(...xs);

/** Drops every partition but DEFAULT of `table` (and the bare-DDL copy with its partitions). */
async function dropPartitions(cl: pg.Client, table: string): Promise<void> {
  const r = await cl.query<{ name: string }>(
    `SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
      WHERE i.inhparent = to_regclass($1) AND pg_get_expr(c.relpartbound, c.oid) <> 'DEFAULT'`,
    [quoteIdent(table)],
  );
  if (r.rows.length) await cl.query(r.rows.map((x) => `DROP TABLE ${quoteIdent(x.name)}`).join(';'));
  await cl.query(`DROP TABLE IF EXISTS ${quoteIdent(`${table}_naive`)}`);
}

/**
 * Inserts `n` rows of month `mm` into `policy.table` (DEFAULT when the month has no partition):
 * the key in that month, each NOT NULL column without a default filled by its type (a text
 * column that a CHECK limits to quoted values gets the first of them).
 */
async function fillMonth(cl: pg.Client, policy: PartitionPolicy, mm: number, n: number): Promise<number> {
  const cols = await cl.query<{ name: string; type: string }>(
    `SELECT a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type FROM pg_attribute a
      WHERE a.attrelid = to_regclass($1) AND a.attnum > 0 AND NOT a.attisdropped AND a.attnotnull
        AND NOT EXISTS (SELECT 1 FROM pg_attrdef d WHERE d.adrelid = a.attrelid AND d.adnum = a.attnum) AND a.attidentity = '' AND a.attgenerated = ''`,
    [quoteIdent(policy.table)],
  );
  const checks = (
    await cl.query<{ def: string }>(`SELECT pg_get_constraintdef(oid) AS def FROM pg_constraint WHERE conrelid = to_regclass($1) AND contype = 'c'`, [
      quoteIdent(policy.table),
    ])
  ).rows.map((r) => r.def);
  const valueOf = (name: string, type: string): string => {
    if (name === policy.column) return `${boundLiteral(policy, mm)}::${policy.columnType} + (g % 27) * interval '1 day'`;
    const limited = checks.find((d) => d.includes(name) && /'[^']*'/.test(d));
    if (/char|text/.test(type)) return limited ? `'${/'([^']*)'/.exec(limited)![1]}'` : `left('b' || g || '-${mm}', 40)`;
    if (/int|numeric|double|real/.test(type)) return '1 + g % 7';
    if (/bool/.test(type)) return 'true';
    if (/timestamp|date/.test(type)) return 'now()';
    if (/uuid/.test(type)) return 'gen_random_uuid()';
    return 'NULL';
  };
  const list = cols.rows.filter((c) => c.name !== policy.column);
  const names = [policy.column, ...list.map((c) => c.name)].map(quoteIdent).join(', ');
  const values = [valueOf(policy.column, policy.columnType), ...list.map((c) => valueOf(c.name, c.type))].join(', ');
  const r = await cl.query(`INSERT INTO ${quoteIdent(policy.table)} (${names}) SELECT ${values} FROM generate_series(1, ${n}) g`);
  return r.rowCount ?? 0;
}

async function main() {
  const rows = Number(process.env.BENCH_ROWS ?? 5_000_000);
  const rounds = Number(process.env.BENCH_ROUNDS ?? 7);
  const ensureRounds = Number(process.env.BENCH_ENSURE_ROUNDS ?? 3);
  const busyMonths = Number(process.env.BENCH_BUSY_MONTHS ?? 6);
  const ctx = await benchContext('b_part_');
  // The databases with a partitioned table, as the registry declares them.
  const DBS = ctx.registry.databases.filter((d) => d.partitioned.length > 0).map((d) => d.name);
  const metricsDb = DBS.find((d) => ctx.registry.get(d).partitioned.some((p) => p.table === 'metrics'));
  await dropDatabases(ctx, { roles: false });
  const c = (await createDatabases(ctx, { databases: DBS })).databases;
  const m = (await migrate(ctx, 'latest', { databases: DBS })).databases;
  if (!c.every((x) => x.ok) || !m.every((x) => x.ok)) throw new Error('create/migrate failed');
  const today = new Date();
  const current = monthOfDate(today);
  const from = formatMonth(current - 120);
  const policies = DBS.flatMap((db) => ctx.registry.get(db).partitioned.map((policy) => ({ db, policy })));
  const onEach = (fn: (cl: pg.Client, policy: PartitionPolicy) => Promise<void>) =>
    Promise.all(
      DBS.map((db) =>
        withClient(ctx.target(db).url, db, async (cl) => {
          for (const x of policies.filter((p) => p.db === db)) await fn(cl, x.policy);
        }),
      ),
    );

  // 1. ensure over 10 years (in parallel, one connection per database) vs bare DDL, per round.
  const ensureRuns: number[] = [];
  const naiveRuns: number[] = [];
  const ratios: number[] = [];
  let created = 0;
  let noopMs = 0;
  for (let round = 0; round < ensureRounds; round++) {
    await onEach((cl, policy) => dropPartitions(cl, policy.table));
    let t0 = process.hrtime.bigint();
    const res = (await ensurePartitions(ctx, { databases: DBS, from, monthsAhead: 4, today })).databases;
    const ensureMs = ms(t0);
    if (!res.every((r) => r.ok)) throw new Error('ensure failed: ' + JSON.stringify(res));
    created = res.reduce((s, r) => s + r.tables.reduce((x, t) => x + t.created.length, 0), 0);
    t0 = process.hrtime.bigint();
    await ensurePartitions(ctx, { databases: DBS, from, monthsAhead: 4, today });
    noopMs = ms(t0);
    // Bare DDL: CREATE TABLE ... PARTITION OF on copies of the parents (with their indexes).
    t0 = process.hrtime.bigint();
    await onEach(async (cl, policy) => {
      const copy = `${policy.table}_naive`;
      await cl.query(
        `CREATE TABLE ${quoteIdent(copy)} (LIKE ${quoteIdent(policy.table)} INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING INDEXES) PARTITION BY RANGE (${quoteIdent(policy.column)})`,
      );
      for (let mm = current - 120; mm <= current + 4; mm++) {
        await cl.query(
          `CREATE TABLE ${quoteIdent(partitionName(copy, mm))} PARTITION OF ${quoteIdent(copy)} FOR VALUES FROM (${boundLiteral(policy, mm)}) TO (${boundLiteral(policy, mm + 1)})`,
        );
      }
    });
    const naiveMs = ms(t0);
    ensureRuns.push(ensureMs);
    naiveRuns.push(naiveMs);
    ratios.push(ensureMs / naiveMs);
    log(
      `round ${round + 1}: ensure ${created} partitions (empty DEFAULT) ${ensureMs.toFixed(0)} ms; bare DDL ${naiveMs.toFixed(0)} ms; ratio ${(ensureMs / naiveMs).toFixed(2)}; again (nothing to do) ${noopMs.toFixed(0)} ms`,
    );
  }
  log(
    `ensure, 10 years on ${policies.length} tables, empty DEFAULT: median ${median(ensureRuns).toFixed(0)} ms (${(median(ensureRuns) / created).toFixed(1)} ms per partition); bare DDL median ${median(naiveRuns).toFixed(0)} ms`,
  );
  log(
    `  ratio ensure/bare DDL: median ${median(ratios).toFixed(2)}, min ${min(ratios).toFixed(2)}, runs ${ratios.map((r) => r.toFixed(2)).join(', ')} (goal <= 1.5)`,
  );

  // The careful path for reference: DEFAULT holds rows of `busyMonths` months (100 rows each).
  await onEach((cl, policy) => dropPartitions(cl, policy.table));
  let busyMs = 0;
  let moved = 0;
  const busyCreated: number[] = [];
  {
    let filled = 0;
    await onEach(async (cl, policy) => {
      for (let i = 0; i < busyMonths; i++) {
        const n = await fillMonth(cl, policy, current - 1 - i * 7, 100);
        filled += n;
      }
    });
    const t0 = process.hrtime.bigint();
    const res = (await ensurePartitions(ctx, { databases: DBS, from, monthsAhead: 4, today })).databases;
    busyMs = ms(t0);
    if (!res.every((r) => r.ok)) throw new Error('ensure (rows in DEFAULT) failed: ' + JSON.stringify(res));
    moved = res.reduce((s, r) => s + r.tables.reduce((x, t) => x + t.created.reduce((y, p) => y + p.moved, 0), 0), 0);
    busyCreated.push(res.reduce((s, r) => s + r.tables.reduce((x, t) => x + t.created.length, 0), 0));
    if (moved !== filled) throw new Error(`moved ${moved} rows out of DEFAULT, planted ${filled}`);
    log(
      `ensure with DEFAULT holding rows of ${busyMonths} months per table (${filled} rows, moved by the careful path): ${busyMs.toFixed(0)} ms for ${busyCreated[0]} partitions; ratio to the bare DDL median ${(busyMs / median(naiveRuns)).toFixed(2)}`,
    );
  }

  const part1 = {
    ensure_partitions: created,
    ensure_ms: Math.round(median(ensureRuns)),
    ensure_runs_ms: ensureRuns.map(Math.round).join(' '),
    ensure_noop_ms: Math.round(noopMs),
    naive_ddl_ms: Math.round(median(naiveRuns)),
    naive_runs_ms: naiveRuns.map(Math.round).join(' '),
    ensure_vs_naive_ratio: Number(median(ratios).toFixed(2)),
    ensure_vs_naive_ratio_min: Number(min(ratios).toFixed(2)),
    busy_months: busyMonths,
    busy_ensure_ms: Math.round(busyMs),
    busy_moved_rows: moved,
  };
  if (rows === 0 || !metricsDb) {
    await dropDatabases(ctx, { roles: true });
    report('partitions', part1);
    return;
  }
  // 2. metrics: rows over the 24 months before the current one, plus an unpartitioned copy.
  const analytics = ctx.target(metricsDb);
  const start = current - 24;
  const startLit = boundLiteral({ columnType: 'timestamptz' }, start);
  const endLit = boundLiteral({ columnType: 'timestamptz' }, current);
  let loadMs = 0;
  await withClient(analytics.url, metricsDb, async (cl) => {
    const t0 = process.hrtime.bigint();
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
      await cl.query(
        def.replace(
          /^CREATE (UNIQUE )?INDEX \S+ ON (ONLY )?(public\.)?metrics /,
          (_a, u) => `CREATE ${u ?? ''}INDEX ${quoteIdent(name + '_flat')} ON metrics_flat `,
        ),
      );
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
  await withClient(analytics.url, metricsDb, async (cl) => {
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
    ...part1,
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
