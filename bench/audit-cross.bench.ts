/**
 * bench:audit-cross — one cross-database rule ("an order before its customer's sign-up"): a
 * parent of 500k customers (key + signed_up_at) in one database, a child of 2M orders (1% placed
 * before their customer's sign-up) in another. Times the audit's rule with copy and with merge
 * against the same join with both tables in one database (the physical limit), measured in the
 * same run.
 *
 *   npm run bench:audit-cross      (BENCH_CROSS_CHILD_ROWS / BENCH_CROSS_PARENT_ROWS / BENCH_CROSS_RUNS)
 *
 * Uses the embedded server of .quenty-test (or QUENTY_BENCH_DATABASE_URL) and databases prefixed
 * qbench_cross_, kept between runs (rebuilt only when their size changes).
 */
import { parseConfig } from '../src/config';
import { openContext, withClient, withDatabase } from '../src/db/targets';
import { buildRegistry } from '../src/registry';
import { buildChecks, runCrossCheck, CrossCheckSpec } from '../src/audit';
import { benchServerUrl, median, report } from './common';

const PREFIX = 'qbench_cross_';
const PARENT_ROWS = Number(process.env.BENCH_CROSS_PARENT_ROWS ?? 500_000);
const CHILD_ROWS = Number(process.env.BENCH_CROSS_CHILD_ROWS ?? 2_000_000);
const RUNS = Number(process.env.BENCH_CROSS_RUNS ?? 3);

async function time<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const t0 = process.hrtime.bigint();
  const value = await fn();
  return { ms: Number(process.hrtime.bigint() - t0) / 1e6, value };
}

async function main() {
  const serverUrl = await benchServerUrl();
  const registry = buildRegistry([
    { source: 'bench', entry: { name: 'parent_db', service: 'benchxparent', description: 'bench parent' } },
    {
      source: 'bench',
      entry: {
        name: 'child_db',
        service: 'benchxchild',
        description: 'bench child',
        crossRules: [
          {
            name: 'order_before_signup',
            description: 'an order after its customer signed up',
            child: { table: 'orders', key: 'customer_id', columns: ['created_at'] },
            parent: { database: 'parent_db', table: 'customers', key: 'customer_id', columns: ['created_at'] },
            violation: 'c.created_at < p.created_at',
          },
        ],
      },
    },
  ]);
  const ctx = await openContext({ registry, config: parseConfig({ QUENTY_DATABASE_URL: serverUrl, QUENTY_DB_PREFIX: PREFIX }, registry) });
  const parent = ctx.target('parent_db');
  const child = ctx.target('child_db');
  for (const t of [parent, child]) {
    await withClient(withDatabase(serverUrl, 'postgres'), 'postgres', async (c) => {
      if (!(await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [t.dbName])).rowCount) await c.query(`CREATE DATABASE "${t.dbName}"`);
    });
  }
  const customers = `SELECT 'cust-' || i AS customer_id, timestamptz '2025-01-01' + (i % 400) * interval '1 day' AS created_at FROM generate_series(1, ${PARENT_ROWS}) i`;
  await withClient(parent.url, parent.name, async (c) => {
    const n = await c.query(`SELECT count(*)::int AS n FROM customers`).catch(() => ({ rows: [{ n: -1 }] }));
    if (n.rows[0].n === PARENT_ROWS) return;
    console.log(`loading ${PARENT_ROWS.toLocaleString()} customers...`);
    await c.query(`DROP TABLE IF EXISTS customers; CREATE TABLE customers AS ${customers}`);
    await c.query(`ALTER TABLE customers ADD PRIMARY KEY (customer_id)`);
    await c.query(`VACUUM (FREEZE, ANALYZE) customers`);
  });
  // Every 100th order is placed a day before its customer's sign-up; the others 10 days after.
  const expected = Math.floor(CHILD_ROWS / 100);
  await withClient(child.url, child.name, async (c) => {
    const n = await c
      .query(`SELECT (SELECT count(*) FROM orders)::int AS o, (SELECT count(*) FROM customers_local)::int AS p`)
      .catch(() => ({ rows: [{ o: -1, p: -1 }] }));
    if (n.rows[0].o === CHILD_ROWS && n.rows[0].p === PARENT_ROWS) return;
    console.log(`loading ${CHILD_ROWS.toLocaleString()} orders (1% before sign-up) and the single-database baseline...`);
    await c.query(
      `DROP TABLE IF EXISTS orders, customers_local; CREATE TABLE customers_local AS ${customers}; ALTER TABLE customers_local ADD PRIMARY KEY (customer_id)`,
    );
    await c.query(
      `CREATE TABLE orders AS SELECT i::bigint AS id, p.customer_id, p.created_at + CASE WHEN i % 100 = 0 THEN interval '-1 day' ELSE interval '10 days' END AS created_at
         FROM generate_series(1, ${CHILD_ROWS}) i JOIN customers_local p ON p.customer_id = 'cust-' || (1 + (i::bigint * 7919) % ${PARENT_ROWS})`,
    );
    await c.query(`ALTER TABLE orders ADD PRIMARY KEY (id); CREATE INDEX ON orders (customer_id)`);
    await c.query(`VACUUM (FREEZE, ANALYZE) orders`);
    await c.query(`VACUUM (FREEZE, ANALYZE) customers_local`);
  });
  const check = buildChecks(registry, 'child_db')[0] as CrossCheckSpec;
  const baselineSql = `SELECT count(*)::float8 AS n FROM orders c JOIN customers_local p ON p.customer_id = c.customer_id WHERE c.created_at < p.created_at`;
  const runs: Record<'baseline' | 'copy' | 'merge', number[]> = { baseline: [], copy: [], merge: [] };
  for (let i = 0; i < RUNS; i++) {
    const b = await time(() => withClient(child.url, child.name, (c) => c.query(baselineSql)));
    if (Number(b.value.rows[0].n) !== expected) throw new Error(`baseline found ${b.value.rows[0].n}, expected ${expected}`);
    runs.baseline.push(b.ms);
    for (const strategy of ['copy', 'merge'] as const) {
      const r = await time(() => runCrossCheck(ctx, check, { samples: 10, strategy }));
      if (r.value.orphanRows !== expected || r.value.rowsChecked !== CHILD_ROWS)
        throw new Error(`${strategy} found ${r.value.orphanRows} of ${r.value.rowsChecked}, expected ${expected} of ${CHILD_ROWS}`);
      runs[strategy].push(r.ms);
    }
  }
  const m = { baseline: median(runs.baseline), copy: median(runs.copy), merge: median(runs.merge) };
  console.log(
    `cross-database rule, parent ${PARENT_ROWS.toLocaleString()} customers (database A) -> child ${CHILD_ROWS.toLocaleString()} orders (database B), 1% violations; median of ${RUNS}`,
  );
  console.log(`  single-database join (baseline):  ${m.baseline.toFixed(0)} ms   runs ${runs.baseline.map((x) => x.toFixed(0)).join(', ')}`);
  console.log(`  audit, copy (UNLOGGED scratch):    ${m.copy.toFixed(0)} ms   ratio ${(m.copy / m.baseline).toFixed(2)}x`);
  console.log(`  audit, merge (sorted streams):     ${m.merge.toFixed(0)} ms   ratio ${(m.merge / m.baseline).toFixed(2)}x`);
  report('audit-cross', {
    parentRows: PARENT_ROWS,
    childRows: CHILD_ROWS,
    violations: expected,
    runs: RUNS,
    baselineMs: Math.round(m.baseline),
    copyMs: Math.round(m.copy),
    mergeMs: Math.round(m.merge),
    copyRatio: Number((m.copy / m.baseline).toFixed(3)),
    mergeRatio: Number((m.merge / m.baseline).toFixed(3)),
  });
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
