/**
 * bench:audit — one cross-database reference: a parent of 1M keys in one database, a child of
 * 10M rows (1% orphans) in another. Times our check (parent keys COPied into an UNLOGGED
 * scratch table on the child's server, ANALYZE, anti-join; plus the row counts and samples the
 * report carries) against the same NOT EXISTS query with both tables in one database (the
 * physical limit), run after run (each run's ratio is against the baseline of the same run), and
 * prints where our time goes (key transfer, ANALYZE, anti-join, orphan values, re-check with the
 * samples read meanwhile; the NULL keys are counted on a second connection during the transfer,
 * the rows checked come from the anti-join's own scan). BENCH_AUDIT_TEMP=1 adds the same check
 * through a plain TEMP table for reference.
 *
 *   npm run bench:audit            (BENCH_AUDIT_CHILD_ROWS / BENCH_AUDIT_PARENT_ROWS to resize, BENCH_AUDIT_RUNS runs, default 3)
 *
 * Uses the embedded server of .quenty-test (or QUENTY_BENCH_DATABASE_URL) and databases prefixed
 * qbench_audit_, kept between runs (the data is rebuilt only when its size changes).
 */
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import { parseConfig } from '../src/config';
import { openContext, withClient, withDatabase, connect } from '../src/db/targets';
import { ensureEmbedded } from '../src/embedded';
import { buildRegistry } from '../src/registry';
import { runReferenceCheck } from '../src/audit';
import type { ReferenceCheckSpec } from '../src/audit';
import { untilAutovacuumIdle } from './common';

const PREFIX = 'qbench_audit_';
const PARENT_ROWS = Number(process.env.BENCH_AUDIT_PARENT_ROWS ?? 1_000_000);
const CHILD_ROWS = Number(process.env.BENCH_AUDIT_CHILD_ROWS ?? 10_000_000);
const RUNS = Number(process.env.BENCH_AUDIT_RUNS ?? 3);

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function time<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const t0 = process.hrtime.bigint();
  const value = await fn();
  return { ms: Number(process.hrtime.bigint() - t0) / 1e6, value };
}

async function main() {
  const serverUrl = process.env.QUENTY_BENCH_DATABASE_URL ?? (await ensureEmbedded(path.resolve(__dirname, '..', '.quenty-test')));
  const registry = buildRegistry([
    { source: 'bench', entry: { name: 'parent_db', service: 'benchparent', description: 'bench parent', references: [] } },
    {
      source: 'bench',
      entry: {
        name: 'child_db',
        service: 'benchchild',
        description: 'bench child',
        references: [
          {
            table: 'events',
            column: 'account_id',
            nullable: true,
            parent: { database: 'parent_db', table: 'accounts', column: 'account_id' },
            source: 'bench',
          },
        ],
      },
    },
  ]);
  const ctx = await openContext({ registry, config: parseConfig({ QUENTY_DATABASE_URL: serverUrl, QUENTY_DB_PREFIX: PREFIX }, registry) });
  const parent = ctx.target('parent_db');
  const child = ctx.target('child_db');
  const maint = withDatabase(serverUrl, 'postgres');
  for (const t of [parent, child]) {
    await withClient(maint, 'postgres', async (c) => {
      const r = await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [t.dbName]);
      if (!r.rowCount) await c.query(`CREATE DATABASE "${t.dbName}"`);
    });
  }
  const orphansExpected = Math.floor(CHILD_ROWS / 100);
  // Parent: 1M keys.
  await withClient(parent.url, parent.name, async (c) => {
    const n = await c.query(`SELECT count(*)::int AS n FROM accounts`).catch(() => ({ rows: [{ n: -1 }] }));
    if (n.rows[0].n === PARENT_ROWS) return;
    console.log(`loading ${PARENT_ROWS.toLocaleString()} parent keys...`);
    await c.query(`DROP TABLE IF EXISTS accounts; CREATE TABLE accounts (id serial PRIMARY KEY, account_id varchar(255) NOT NULL, name text)`);
    await c.query(`INSERT INTO accounts (account_id, name) SELECT 'acct-' || i, 'Account ' || i FROM generate_series(1, ${PARENT_ROWS}) i`);
    await c.query(`CREATE UNIQUE INDEX ON accounts (account_id)`);
    await c.query(`VACUUM (FREEZE, ANALYZE) accounts`);
  });
  // Child: 10M rows, every 100th names no account.
  await withClient(child.url, child.name, async (c) => {
    const n = await c.query(`SELECT count(*)::int AS n FROM events`).catch(() => ({ rows: [{ n: -1 }] }));
    const local = await c.query(`SELECT count(*)::int AS n FROM accounts_local`).catch(() => ({ rows: [{ n: -1 }] }));
    if (n.rows[0].n === CHILD_ROWS && local.rows[0].n === PARENT_ROWS) return;
    console.log(`loading ${CHILD_ROWS.toLocaleString()} child rows (1% orphans)...`);
    await c.query(`DROP TABLE IF EXISTS events, accounts_local`);
    await c.query(`CREATE TABLE events (id bigint NOT NULL, account_id varchar(255), kind text, created_at timestamptz NOT NULL DEFAULT now())`);
    await c.query(
      `INSERT INTO events (id, account_id, kind) SELECT i, CASE WHEN i % 100 = 0 THEN 'ghost-' || i ELSE 'acct-' || (1 + (i::bigint * 7919) % ${PARENT_ROWS}) END, 'view'
         FROM generate_series(1, ${CHILD_ROWS}) i`,
    );
    await c.query(`ALTER TABLE events ADD PRIMARY KEY (id); CREATE INDEX ON events (account_id)`);
    // The same parent table inside the child's database: the single-database baseline.
    await c.query(`CREATE TABLE accounts_local (id serial PRIMARY KEY, account_id varchar(255) NOT NULL, name text)`);
    await c.query(`INSERT INTO accounts_local (account_id, name) SELECT 'acct-' || i, 'Account ' || i FROM generate_series(1, ${PARENT_ROWS}) i`);
    await c.query(`CREATE UNIQUE INDEX ON accounts_local (account_id)`);
    await c.query(`VACUUM (FREEZE, ANALYZE) events`);
    await c.query(`VACUUM (FREEZE, ANALYZE) accounts_local`);
  });

  const check: ReferenceCheckSpec = {
    kind: 'reference',
    id: 'child_db.events.account_id->parent_db.accounts.account_id',
    database: 'child_db',
    table: 'events',
    column: 'account_id',
    nullable: true,
    parent: { database: 'parent_db', table: 'accounts', column: 'account_id' },
    severity: 'error',
    source: 'bench',
  };
  const baselineSql = `SELECT count(*)::float8 AS n, count(DISTINCT c.account_id)::float8 AS d FROM events c
                        WHERE c.account_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM accounts_local s WHERE s.account_id = c.account_id)`;

  const ours: number[] = [];
  const base: number[] = [];
  const temp: number[] = [];
  const ratios: number[] = [];
  const phases = new Map<string, number[]>();
  const withTemp = process.env.BENCH_AUDIT_TEMP === '1';
  let found = { orphanRows: 0, orphanKeys: 0, rowsChecked: 0, strategy: '' as string | null };
  // Measured on an idle server: a seed or load shortly before leaves autovacuum busy for minutes.
  console.log(`  before the runs: ${await untilAutovacuumIdle(serverUrl)}`);
  for (let i = 0; i < RUNS; i++) {
    const b = await time(() => withClient(child.url, child.name, (c) => c.query(baselineSql)));
    base.push(b.ms);
    if (Number(b.value.rows[0].n) !== orphansExpected) throw new Error(`baseline found ${b.value.rows[0].n} orphans, expected ${orphansExpected}`);
    const run = new Map<string, number>();
    const o = await time(() => runReferenceCheck(ctx, check, { samples: 10, strategy: 'copy', onPhase: (p, ms) => run.set(p, (run.get(p) ?? 0) + ms) }));
    ours.push(o.ms);
    ratios.push(o.ms / b.ms);
    for (const [p, ms] of run) phases.set(p, [...(phases.get(p) ?? []), ms]);
    found = { orphanRows: o.value.orphanRows, orphanKeys: o.value.orphanKeys ?? 0, rowsChecked: o.value.rowsChecked ?? 0, strategy: o.value.strategy };
    if (o.value.orphanRows !== orphansExpected) throw new Error(`audit found ${o.value.orphanRows} orphans, expected ${orphansExpected}`);
    if (o.value.orphanKeys !== orphansExpected || o.value.samples.length !== 10)
      throw new Error(`audit found ${o.value.orphanKeys} orphan keys and ${o.value.samples.length} samples`);
    console.log(
      `  run ${i + 1}: baseline ${b.ms.toFixed(0)} ms, audit ${o.ms.toFixed(0)} ms, ratio ${(o.ms / b.ms).toFixed(2)}x; ${[...run].map(([p, ms]) => `${p} ${ms.toFixed(0)}`).join(', ')}`,
    );
    if (!withTemp) continue;
    // Reference point: the same key transfer into a plain TEMP table (never scanned in parallel).
    const t = await time(async () => {
      const cc = await connect(child.url, child.name);
      const pc = await connect(parent.url, parent.name);
      try {
        await cc.query(`CREATE TEMP TABLE k (k text)`);
        await pipeline(pc.query(copyTo(`COPY (SELECT account_id FROM accounts) TO STDOUT`)), cc.query(copyFrom(`COPY k FROM STDIN`)));
        await cc.query(`ANALYZE k`);
        return await cc.query(
          `SELECT count(*) AS n, count(DISTINCT c.account_id) FROM events c WHERE c.account_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM k WHERE k.k = c.account_id)`,
        );
      } finally {
        await cc.end();
        await pc.end();
      }
    });
    temp.push(t.ms);
  }
  const min = (xs: number[]) => Math.min(...xs);
  const m = { ours: median(ours), baseline: median(base) };
  const ratio = median(ratios);
  console.log(
    `reference check, parent ${PARENT_ROWS.toLocaleString()} keys (database A) -> child ${CHILD_ROWS.toLocaleString()} rows (database B), 1% orphans; ${RUNS} runs`,
  );
  console.log(
    `  single-database NOT EXISTS (baseline):          median ${m.baseline.toFixed(0)} ms, min ${min(base).toFixed(0)} ms   runs ${base.map((x) => x.toFixed(0)).join(', ')}`,
  );
  console.log(
    `  quenty-db audit (copy -> UNLOGGED, full check): median ${m.ours.toFixed(0)} ms, min ${min(ours).toFixed(0)} ms   runs ${ours.map((x) => x.toFixed(0)).join(', ')}`,
  );
  console.log(
    `  ratio (each run against its own baseline): median ${ratio.toFixed(2)}x, min ${min(ratios).toFixed(2)}x, runs ${ratios.map((x) => x.toFixed(2)).join(', ')} (goal <= 1.3x); ratio of the minimums ${(min(ours) / min(base)).toFixed(2)}x`,
  );
  console.log(`  where the time goes (median ms of the runs; the NULL-key count overlaps the key transfer on a second connection):`);
  for (const [p, xs] of phases)
    console.log(`    ${p.padEnd(52)} ${median(xs).toFixed(0).padStart(7)} ms  ${((100 * median(xs)) / m.ours).toFixed(0).padStart(3)}%`);
  if (withTemp)
    console.log(
      `  plain TEMP table anti-join (reference):         median ${median(temp).toFixed(0)} ms   runs ${temp.map((x) => x.toFixed(0)).join(', ')}   ratio ${(median(temp) / m.baseline).toFixed(2)}x`,
    );
  console.log(
    `  found ${found.orphanRows.toLocaleString()} orphan rows, ${found.orphanKeys.toLocaleString()} keys of ${found.rowsChecked.toLocaleString()} checked (${found.strategy})`,
  );
  console.log(
    'BENCH ' +
      JSON.stringify({
        bench: 'audit',
        parentRows: PARENT_ROWS,
        childRows: CHILD_ROWS,
        orphanRows: found.orphanRows,
        runs: RUNS,
        baselineMs: Math.round(m.baseline),
        auditMs: Math.round(m.ours),
        baselineMinMs: Math.round(min(base)),
        auditMinMs: Math.round(min(ours)),
        ratio: Number(ratio.toFixed(3)),
        ratioMin: Number(min(ratios).toFixed(3)),
        phasesMs: Object.fromEntries([...phases].map(([p, xs]) => [p, Math.round(median(xs))])),
        ...(withTemp ? { tempTableMs: Math.round(median(temp)), tempTableRatio: Number((median(temp) / m.baseline).toFixed(3)) } : {}),
        goal: 1.3,
        met: ratio <= 1.3 && min(ratios) <= 1.3,
      }),
  );
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
