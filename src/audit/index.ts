import { describeIncomplete, seedLedgerStatus } from '../seed/ledger';
import pg from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import { relayCopy } from './copy-relay';
import { Context, Target, connect, quoteIdent } from '../db/targets';
import { recordAuditRun } from './record';
import { QuentyError, errorMessage } from '../util/errors';
import { redact } from '../util/redact';
import { mapLimit } from '../util/concurrency';
import { APP, columnInfo, dropStaleScratch, primaryKey, scratchName } from './catalog';
import type { ColumnInfo } from './catalog';
import { baseCrossResult, pairedBase, runCrossCheck } from './cross';
import {
  auditFails,
  buildChecks,
  checkDatabases,
  chooseStrategy,
  compareModeFor,
  evaluateStatus,
  linesOf,
  mergeOrphans,
  scannedRows,
  shareOf,
  withoutFound,
  summarize,
  unescapeCopyText,
} from './plan';
import type { ExecutedPlanNode } from './plan';
import type { AuditReport, CheckResult, CheckSpec, ReferenceCheckSpec, RuleCheckSpec, SampleRow, Severity, Strategy } from './types';

export interface AuditOptions {
  /** Child databases whose checks run (default all). */
  databases?: string | string[];
  /** Sample orphan rows per check (default 10). */
  samples?: number;
  /** Checks run at once (default the config's concurrency). */
  concurrency?: number;
  /** Force a strategy for every reference (default auto). */
  strategy?: Strategy | 'auto';
  /** `warn` makes warnings fail the audit too (default error). */
  failOn?: Severity;
  /** Only checks whose id contains one of these strings. */
  only?: string[];
  /** Only references whose parent database is in this list (e.g. the databases `up` just migrated). */
  parentsWithin?: string[];
  onCheck?: (result: CheckResult) => void;
}

interface RefOutcome {
  rowsChecked: number;
  nullRows: number;
  orphanRows: number;
  orphanKeys: number;
  samples: SampleRow[];
}

function toSample(row: Record<string, unknown>, pk: string[]): SampleRow {
  const key: Record<string, string | null> = {};
  for (const [i, col] of pk.entries()) key[col] = row[`k${i}`] === null ? null : String(row[`k${i}`]);
  return { key, value: row.v === null ? null : String(row.v) };
}

/**
 * The live-data guard: of the distinct orphan values found, those the parent has now (a parent
 * row inserted after its keys were read, with a child row pointing at it) are not orphans. One
 * round trip to the parent's server: the values travel as one array, joined to the parent
 * through the parent column's type (its index) when the comparison is native.
 *
 * `probe`: the values are looked up one by one in the parent column's index (a nested loop over
 * the array) instead of the join the planner picks (the parent scanned once). Worth it when the
 * values are few against the parent's rows: 100,000 values in a parent of 1M rows took 265-291 ms
 * against 294-463 ms for a scan with the values hashed, in the same session.
 */
async function foundInParent(
  parentClient: pg.Client,
  check: ReferenceCheckSpec,
  parentType: string,
  native: boolean,
  values: string[] | { literal: string },
  probe = false,
): Promise<Set<string>> {
  if (Array.isArray(values) && !values.length) return new Set();
  const pcol = quoteIdent(check.parent.column);
  const t = quoteIdent(check.parent.table);
  // An array literal as the child's server printed it is passed as it is: no value is parsed or
  // escaped in Node, the parent's server reads it (array_in) as the child's wrote it (array_out).
  const param = [Array.isArray(values) ? values : values.literal];
  // The values come back as the child's text (not the parent's), so that they match the
  // orphans' values even where equal values print differently (numeric scales, char padding).
  const match = native ? `p.${pcol} = u.v::${parentType}` : `p.${pcol}::text = u.v`;
  const sql = `SELECT u.v FROM unnest($1::text[]) AS u(v) WHERE EXISTS (SELECT 1 FROM ${t} p WHERE ${match})`;
  if (!(probe && native)) return new Set((await parentClient.query(sql, param)).rows.map((row) => row.v as string));
  // The planner prices each lookup as a read from disk; a parent being audited is in memory.
  await parentClient.query('BEGIN READ ONLY; SET LOCAL enable_hashjoin = off; SET LOCAL enable_mergejoin = off');
  try {
    return new Set((await parentClient.query(sql, param)).rows.map((row) => row.v as string));
  } finally {
    await parentClient.query('COMMIT').catch(() => undefined);
  }
}

/** Where the time of a check goes: each phase's name and milliseconds (the bench prints them). */
export type PhaseFn = (phase: string, ms: number) => void;

async function timed<T>(onPhase: PhaseFn | undefined, phase: string, fn: () => Promise<T>): Promise<T> {
  const t0 = process.hrtime.bigint();
  try {
    return await fn();
  } finally {
    onPhase?.(phase, Number(process.hrtime.bigint() - t0) / 1e6);
  }
}

/**
 * One snapshot of the child for the whole check: `client` opens a REPEATABLE READ transaction and
 * exports its snapshot; the counts on a second connection import it, so they are of the same rows
 * the anti-join (or the sorted stream) reads.
 */
async function childSnapshot(client: pg.Client): Promise<string> {
  await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ');
  return (await client.query('SELECT pg_export_snapshot() AS s')).rows[0].s as string;
}

async function countInSnapshot<T>(child: Target, snapshot: string, sql: string, read: (row: Record<string, unknown>) => T): Promise<T> {
  const cc = await connect(child.url, child.name, APP);
  try {
    await cc.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    await cc.query(`SET TRANSACTION SNAPSHOT '${snapshot.replace(/'/g, "''")}'`);
    const r = await cc.query(sql);
    await cc.query('COMMIT');
    return read(r.rows[0]);
  } finally {
    await cc.end().catch(() => undefined);
  }
}

/** The root node of an `EXPLAIN (FORMAT JSON)` result row (the server sends json, which pg parses). */
function explainedPlan(row: Record<string, unknown> | undefined): ExecutedPlanNode | undefined {
  const doc = row?.['QUERY PLAN'];
  const first = Array.isArray(doc) ? (doc[0] as { Plan?: ExecutedPlanNode } | undefined) : undefined;
  return first?.Plan;
}

/**
 * The re-check looks values up in the parent's index when the parent has more than this many
 * rows per value (one lookup cost about six rows of a scan with a hashed array, measured).
 */
const PROBE_FACTOR = 6;

/** Scratch key types whose COPY binary form is the same on every server version we support. */
const BINARY_SAFE = new Set(['text', 'uuid', 'integer', 'bigint', 'smallint']);

/**
 * Copy: parent keys stream (COPY TO) into an UNLOGGED scratch table on the child's server (COPY
 * FROM), then one anti-join there writes the orphan rows (primary key, value) into a second
 * scratch table; the rows it checked are read from its executed plan. The other figures come
 * from that small table: one pass gives every distinct orphan value with its row count; the
 * distinct values are re-checked against the parent in one round trip while the first samples
 * are read; rows and keys are summed from the counts of the values still missing.
 */
async function runCopy(
  check: ReferenceCheckSpec,
  child: Target,
  parent: Target,
  childClient: pg.Client,
  parentClient: pg.Client,
  pk: string[],
  compare: ReturnType<typeof compareModeFor>,
  parentType: string,
  samples: number,
  childInfo: { notNull: boolean; relkind: string },
  parentInfo: Pick<ColumnInfo, 'relkind' | 'generated' | 'indexed' | 'estimate'>,
  afterAntiJoin?: () => Promise<void>,
  onPhase?: PhaseFn,
): Promise<RefOutcome> {
  await dropStaleScratch(childClient);
  const backendPid = (childClient as unknown as { processID: number }).processID;
  const keysName = scratchName('k', backendPid);
  const keys = quoteIdent(keysName);
  const orphans = quoteIdent(scratchName('o', backendPid));
  const t = quoteIdent(check.table);
  const col = quoteIdent(check.column);
  const childExpr = compare.mode === 'text' ? `c.${col}::text` : `c.${col}`;
  const parentExpr = compare.mode === 'text' ? `${quoteIdent(check.parent.column)}::text` : quoteIdent(check.parent.column);
  // The child is read in one snapshot, taken before the parent keys: a child row inserted later
  // is not seen. Its rows are counted by the anti-join itself (below); the NULL keys, which the
  // anti-join skips, are counted on a second connection in that snapshot while the keys travel
  // (an index scan where the column is indexed; nothing to count under a NOT NULL constraint).
  const snapshot = await childSnapshot(childClient);
  try {
    const nullsP = childInfo.notNull
      ? Promise.resolve(0)
      : timed(onPhase, 'NULL keys (second connection, while the keys travel)', () =>
          countInSnapshot(child, snapshot, `SELECT count(*)::float8 AS nulls FROM ${t} WHERE ${col} IS NULL`, (r) => Number(r.nulls)),
        );
    nullsP.catch(() => undefined);
    await timed(onPhase, 'key transfer', async () => {
      // A small statistics target: ANALYZE then reads 3,000 rows, enough for the row count and
      // "all distinct" the planner needs to hash the keys (without statistics it sorts and merges).
      await childClient.query(`CREATE UNLOGGED TABLE ${keys} (k ${compare.scratchType}); ALTER TABLE ${keys} ALTER COLUMN k SET STATISTICS 10`);
      // Binary when the scratch type's binary form is the same on every server: no text to print
      // on one side and parse on the other (1M keys: 0.38-0.42 s instead of 0.47-0.53 s alone).
      const format = BINARY_SAFE.has(compare.scratchType) ? ' (FORMAT binary)' : '';
      // The parent's column as it is stored (COPY of the table, not of a query: 1M keys 0.27 s
      // instead of 0.36 s) when it already has the scratch type's binary form: a native
      // comparison (varchar's binary form is text's) from a plain table, of a column COPY can name
      // (not a generated one). Its NULLs come along and match no child row, as in the anti-join.
      const whole = format !== '' && compare.mode === 'native' && parentInfo.relkind === 'r' && !parentInfo.generated;
      // The parent's CopyData messages go to the child's server as they are (copy-relay.ts).
      await relayCopy(
        parentClient,
        whole
          ? `COPY ${quoteIdent(check.parent.table)} (${quoteIdent(check.parent.column)}) TO STDOUT${format}`
          : `COPY (SELECT (${parentExpr})::${compare.scratchType} FROM ${quoteIdent(check.parent.table)} WHERE ${quoteIdent(check.parent.column)} IS NOT NULL) TO STDOUT${format}`,
        childClient,
        `COPY ${keys} (k) FROM STDIN${format}`,
      );
    });
    await timed(onPhase, 'ANALYZE', () => childClient.query(`ANALYZE ${keys}`));
    const pkSel = pk.map((p, i) => `c.${quoteIdent(p)} AS k${i}`).join(', ');
    // The anti-join runs under EXPLAIN ANALYZE (row counts only, no clock): the rows its scan of
    // the child emitted are the rows checked, exactly, so the child is read once, not once more to
    // count. Exact needs each process to run the scan once and report its rows: the leader only
    // gathers (one more worker takes its share) and VERBOSE lists each worker's rows.
    const rowsFromPlan = await timed(onPhase, 'anti-join', async () => {
      // Local to this transaction; 0 workers stays 0, 1024 is the setting's upper bound.
      await childClient.query(
        `SELECT set_config('parallel_leader_participation', 'off', true),
                set_config('max_parallel_workers_per_gather', CASE WHEN w > 0 THEN least(w + 1, 1024) ELSE 0 END::text, true)
           FROM (SELECT current_setting('max_parallel_workers_per_gather')::int AS w) s`,
      );
      const r = await childClient.query(
        `EXPLAIN (ANALYZE, TIMING OFF, VERBOSE, FORMAT JSON)
         CREATE UNLOGGED TABLE ${orphans} AS
           SELECT ${pkSel ? pkSel + ', ' : ''}${childExpr}${compare.mode === 'text' ? '' : '::text'} AS v FROM ${t} c
            WHERE c.${col} IS NOT NULL AND NOT EXISTS (SELECT 1 FROM ${keys} s WHERE s.k = ${childExpr})`,
      );
      // Only a table's plan (or a partitioned table's) is read: a view's would scan other tables too.
      const plan = childInfo.relkind === 'r' || childInfo.relkind === 'p' ? explainedPlan(r.rows[0]) : undefined;
      return plan && scannedRows(plan, (rel) => rel !== keysName);
    });
    // A plan that cannot tell (a rescanned child, a leader that scanned too): counted in the same snapshot.
    const rowsChecked =
      rowsFromPlan ??
      (await timed(onPhase, 'rows checked (counted: the plan could not tell)', async () =>
        Number((await childClient.query(`SELECT count(${col})::float8 AS n FROM ${t}`)).rows[0].n),
      ));
    await afterAntiJoin?.();
    // Samples: the rows of the smallest orphan values ("C" order), then by primary key (as merge picks them).
    const order = ['o.v COLLATE "C"', ...pk.map((_, i) => `o.k${i}`)].join(', ');
    const cols = [...pk.map((_, i) => `o.k${i}::text AS k${i}`), 'o.v'].join(', ');
    const sampleSql = (excluding: boolean) =>
      `SELECT ${cols} FROM ${orphans} o${excluding ? ' WHERE o.v <> ALL($1::text[])' : ''} ORDER BY ${order} LIMIT ${samples}`;
    // The distinct orphan values (as one array literal, never split into values in Node) with the
    // counts of rows and values; then, at once, the re-check of those values on the parent's
    // server and the first samples on the child's.
    const agg = await timed(onPhase, 'orphan values', async () => {
      const r = await childClient.query(
        `SELECT count(*)::float8 AS keys, coalesce(sum(n), 0)::float8 AS rows, array_agg(v)::text AS vals
           FROM (SELECT v, count(*) AS n FROM ${orphans} GROUP BY v) g`,
      );
      return { keys: Number(r.rows[0].keys), rows: Number(r.rows[0].rows), literal: r.rows[0].vals as string | null };
    });
    // Looked up in the parent's index when the values are few against its rows (see PROBE_FACTOR).
    const probe = compare.mode === 'native' && parentInfo.indexed && parentInfo.relkind === 'r' && agg.keys * PROBE_FACTOR < parentInfo.estimate;
    const [found, firstSamples] = await Promise.all([
      agg.literal === null
        ? Promise.resolve(new Set<string>())
        : timed(onPhase, probe ? 're-check (index lookups)' : 're-check (scan)', () =>
            foundInParent(parentClient, check, parentType, compare.mode === 'native', { literal: agg.literal! }, probe),
          ),
      agg.keys > 0 && samples > 0
        ? timed(onPhase, 'samples (during the re-check)', async () => (await childClient.query(sampleSql(false))).rows)
        : Promise.resolve([]),
    ]);
    let orphanRows = agg.rows;
    let orphanKeys = agg.keys;
    if (found.size) {
      // Values the parent has now (rare): their rows leave the figures.
      const gone = (
        await childClient.query(`SELECT count(*)::float8 AS n, count(DISTINCT v)::float8 AS d FROM ${orphans} WHERE v = ANY($1::text[])`, [[...found]])
      ).rows[0];
      orphanRows -= Number(gone.n);
      orphanKeys -= Number(gone.d);
    }
    let sampleRows: SampleRow[] = [];
    if (orphanRows > 0 && samples > 0) {
      // A sample whose value the parent has now: ask again without those values (rare).
      const rows = firstSamples.some((r) => found.has(r.v)) ? (await childClient.query(sampleSql(true), [[...found]])).rows : firstSamples;
      sampleRows = rows.map((r) => toSample(r, pk));
    }
    const nullRows = await timed(onPhase, 'NULL keys (wait)', () => nullsP);
    return { rowsChecked, nullRows, orphanRows, orphanKeys, samples: sampleRows };
  } finally {
    // The scratch tables were made in the transaction: rolling it back drops them.
    await childClient.query('ROLLBACK').catch(() => undefined);
    await childClient.query(`DROP TABLE IF EXISTS ${keys}, ${orphans}`).catch(() => undefined);
  }
}

/** Distinct orphan values merge keeps in memory to re-check against the parent (beyond: no re-check). */
const MERGE_RECHECK_LIMIT = 100_000;

/** Merge: both sides stream sorted in "C" order; nothing is written anywhere. */
async function runMerge(
  check: ReferenceCheckSpec,
  child: Target,
  parent: Target,
  childClient: pg.Client,
  parentClient: pg.Client,
  pk: string[],
  parentType: string,
  native: boolean,
  samples: number,
  afterAntiJoin?: () => Promise<void>,
): Promise<RefOutcome> {
  const t = quoteIdent(check.table);
  const col = quoteIdent(check.column);
  const pcol = quoteIdent(check.parent.column);
  // One snapshot of the child (taken before the parent is read) for the stream, the samples and
  // the NULL count, which a second connection takes in that snapshot while the streams merge.
  const snapshot = await childSnapshot(childClient);
  try {
    const nullsP = countInSnapshot(child, snapshot, `SELECT (count(*) - count(${col}))::float8 AS nulls FROM ${t}`, (r) => Number(r.nulls));
    nullsP.catch(() => undefined);
    const childStream = childClient.query(copyTo(`COPY (SELECT (${col}::text) COLLATE "C" FROM ${t} WHERE ${col} IS NOT NULL ORDER BY 1) TO STDOUT`));
    const parentStream = parentClient.query(
      copyTo(`COPY (SELECT DISTINCT (${pcol}::text) COLLATE "C" FROM ${quoteIdent(check.parent.table)} WHERE ${pcol} IS NOT NULL ORDER BY 1) TO STDOUT`),
    );
    const decode = async function* (s: AsyncIterable<Buffer>) {
      for await (const line of linesOf(s)) yield unescapeCopyText(line) ?? '';
    };
    let merged;
    try {
      merged = await mergeOrphans(decode(childStream), decode(parentStream), samples, MERGE_RECHECK_LIMIT);
    } catch (e) {
      childStream.destroy();
      parentStream.destroy();
      throw e;
    }
    await afterAntiJoin?.();
    if (merged.orphanCounts?.size) {
      merged = withoutFound(merged, await foundInParent(parentClient, check, parentType, native, [...merged.orphanCounts.keys()]), samples);
    }
    let sampleRows: SampleRow[] = [];
    if (merged.sampleKeys.length) {
      const pkSel = pk.map((p, i) => `${quoteIdent(p)}::text AS k${i}`).join(', ');
      const order = [`${col}::text COLLATE "C"`, ...pk.map((p) => quoteIdent(p))].join(', ');
      const s = await childClient.query(
        `SELECT ${pkSel ? pkSel + ', ' : ''}${col}::text AS v FROM ${t} WHERE ${col}::text = ANY($1::text[]) ORDER BY ${order} LIMIT ${samples}`,
        [merged.sampleKeys],
      );
      sampleRows = s.rows.map((r) => toSample(r, pk));
    }
    const nullRows = await nullsP;
    return { rowsChecked: merged.rowsChecked, nullRows, orphanRows: merged.orphanRows, orphanKeys: merged.orphanKeys, samples: sampleRows };
  } finally {
    await childClient.query('ROLLBACK').catch(() => undefined);
  }
}

function baseResult(check: CheckSpec): CheckResult {
  if (check.kind === 'cross') return baseCrossResult(check);
  if (check.kind === 'reference') {
    return pairedBase(
      check,
      `${check.table}.${check.column} -> ${check.parent.database}.${check.parent.table}.${check.parent.column}`,
      `every ${check.database}.${check.table}.${check.column} names an existing ${check.parent.database}.${check.parent.table}.${check.parent.column}${check.nullable ? ' (NULL allowed)' : ''}`,
    );
  }
  return {
    kind: 'rule',
    id: check.id,
    database: check.database,
    title: check.name,
    description: check.description,
    severity: check.severity,
    status: 'pass',
    rowsChecked: null,
    nullRows: null,
    orphanRows: 0,
    orphanKeys: null,
    share: null,
    samples: [],
    strategy: null,
    compare: null,
    source: check.source,
    durationMs: 0,
  };
}

export async function runReferenceCheck(
  ctx: Context,
  check: ReferenceCheckSpec,
  opts: {
    samples: number;
    strategy?: Strategy | 'auto';
    /** Called once the orphans are found, before they are re-checked against the parent (tests: a write meanwhile). */
    afterAntiJoin?: () => Promise<void>;
    /** Told how long each phase took (the bench prints where the time goes). */
    onPhase?: PhaseFn;
  },
): Promise<CheckResult> {
  const res = baseResult(check);
  const t0 = Date.now();
  const child = ctx.target(check.database);
  const parent = ctx.target(check.parent.database);
  const childClient = await connect(child.url, child.name, APP);
  let parentClient: pg.Client | undefined;
  try {
    parentClient = await connect(parent.url, parent.name, APP);
    const ci = await columnInfo(childClient, check.table, check.column, check.database);
    const pi = await columnInfo(parentClient, check.parent.table, check.parent.column, check.parent.database);
    const compare = compareModeFor(ci.type, pi.type);
    const pk = await primaryKey(childClient, check.table);
    const strategy = chooseStrategy(pi.estimate, ci.estimate, opts.strategy);
    res.strategy = strategy;
    res.compare = compare.mode;
    res.compareNote = compare.note ?? `same type (${ci.type} = ${pi.type}): compared natively`;
    const out =
      strategy === 'copy'
        ? await runCopy(check, child, parent, childClient, parentClient, pk, compare, pi.type, opts.samples, ci, pi, opts.afterAntiJoin, opts.onPhase)
        : await runMerge(check, child, parent, childClient, parentClient, pk, pi.type, compare.mode === 'native', opts.samples, opts.afterAntiJoin);
    res.rowsChecked = out.rowsChecked;
    res.nullRows = out.nullRows;
    res.orphanRows = out.orphanRows;
    res.orphanKeys = out.orphanKeys;
    res.share = shareOf(out.orphanRows, out.rowsChecked);
    res.samples = out.samples;
    res.status = evaluateStatus(out.orphanRows, res.share, check.severity, check.warnIf, check.errorIf);
  } finally {
    await childClient.end().catch(() => undefined);
    await parentClient?.end().catch(() => undefined);
  }
  res.durationMs = Date.now() - t0;
  return res;
}

export async function runRuleCheck(ctx: Context, check: RuleCheckSpec, opts: { samples: number }): Promise<CheckResult> {
  const res = baseResult(check);
  const t0 = Date.now();
  const target = ctx.target(check.database);
  const client = await connect(target.url, target.name, APP);
  try {
    await client.query('BEGIN READ ONLY');
    const sql = check.sql.trim().replace(/;\s*$/, '');
    const count = await client.query(`SELECT count(*)::float8 AS n FROM (${sql}) q`);
    res.orphanRows = Number(count.rows[0].n);
    if (res.orphanRows > 0 && opts.samples > 0) {
      // Ordered by the first column (the primary key, by convention): the same samples every run.
      const s = await client.query(`SELECT * FROM (${sql}) q ORDER BY 1 LIMIT ${opts.samples}`);
      const first = s.fields[0]?.name;
      res.samples = s.rows.map((row) => ({
        key: first ? { [first]: row[first] === null ? null : String(row[first]) } : {},
        row: row as Record<string, unknown>,
      }));
    }
    await client.query('COMMIT');
    res.status = evaluateStatus(res.orphanRows, 0, check.severity);
  } finally {
    await client.end().catch(() => undefined);
  }
  res.durationMs = Date.now() - t0;
  return res;
}

/** Reachability of each database the checks need, probed once and in parallel. */
async function probe(ctx: Context, names: string[]): Promise<Map<string, string | undefined>> {
  const out = new Map<string, string | undefined>();
  await Promise.all(
    names.map(async (name) => {
      const t = ctx.target(name);
      try {
        const c = await connect(t.url, t.name, APP);
        await c.end().catch(() => undefined);
        out.set(name, undefined);
      } catch (e) {
        out.set(name, redact(errorMessage(e)));
      }
    }),
  );
  return out;
}

/**
 * The checks whose id contains one of `only`. A string that names no check at all (a typo), or a
 * selection left empty, is a usage error naming it and some valid ids: never "passed: 0 checks".
 */
function selectChecks(ctx: Context, checks: CheckSpec[], only: string[], databases: AuditOptions['databases']): CheckSpec[] {
  const every = buildChecks(ctx.registry);
  const examples = (list: CheckSpec[]) => {
    const ids = list.map((c) => c.id);
    return `valid ids (or any part of one) include: ${ids.slice(0, 5).join(', ')}${ids.length > 5 ? `, … (${ids.length} in all)` : ''}`;
  };
  const unknown = only.filter((o) => !every.some((c) => c.id.includes(o)));
  if (unknown.length) {
    throw new QuentyError('USAGE', `--check ${unknown.map((u) => `"${u}"`).join(', ')} matches no check`, { hint: examples(checks.length ? checks : every) });
  }
  const selected = checks.filter((c) => only.some((o) => c.id.includes(o)));
  if (!selected.length) {
    const where = Array.isArray(databases) ? databases.join(',') : databases;
    throw new QuentyError('USAGE', `--check ${only.map((u) => `"${u}"`).join(', ')} matches no check of ${where ?? 'the selected databases'}`, {
      hint: examples(checks),
    });
  }
  return selected;
}

/**
 * Runs every check of the selected databases, bounded in parallel. A database that cannot be
 * reached fails the checks that need it, with the reason; the other checks still run.
 */
export async function audit(ctx: Context, opts: AuditOptions = {}): Promise<AuditReport> {
  const started = new Date();
  const samples = opts.samples ?? 10;
  if (!Number.isInteger(samples) || samples < 0) throw new QuentyError('USAGE', `--samples must be a whole number >= 0, got ${samples}`);
  const failOn = opts.failOn ?? 'error';
  let checks = buildChecks(ctx.registry, opts.databases);
  if (opts.only?.length) checks = selectChecks(ctx, checks, opts.only, opts.databases);
  if (opts.parentsWithin) {
    const within = new Set(opts.parentsWithin);
    checks = checks.filter((c) => c.kind === 'rule' || within.has(c.parent.database));
  }
  const needed = [...new Set(checks.flatMap(checkDatabases))];
  const reach = await probe(ctx, needed);
  const results = await mapLimit(checks, opts.concurrency ?? ctx.config.concurrency, async (check) => {
    let r: CheckResult;
    const down = checkDatabases(check).filter((d) => reach.get(d) !== undefined);
    if (down.length) {
      r = { ...baseResult(check), status: 'error', error: down.map((d) => `${d} unreachable: ${reach.get(d)}`).join('; ') };
    } else {
      const t0 = Date.now();
      try {
        r =
          check.kind === 'reference'
            ? await runReferenceCheck(ctx, check, { samples, strategy: opts.strategy })
            : check.kind === 'cross'
              ? await runCrossCheck(ctx, check, { samples, strategy: opts.strategy })
              : await runRuleCheck(ctx, check, { samples });
      } catch (e) {
        r = { ...baseResult(check), status: 'error', error: redact(errorMessage(e)), durationMs: Date.now() - t0 };
      }
    }
    opts.onCheck?.(r);
    return r;
  });
  const summary = summarize(results);
  // An interrupted seed run leaves its databases without its rows (all-or-nothing per database):
  // rows of the run's other databases may point at them. The ledger says so; the audit fails.
  const ledger = await seedLedgerStatus(ctx, ctx.select(opts.databases));
  const incompleteSeeds = ledger
    .filter((l) => l.state === 'incomplete')
    .map((l) => ({ database: l.database, runId: l.runId!, message: describeIncomplete(l), repair: l.hint! }));
  const report: AuditReport = {
    version: 1,
    tool: 'quenty-db audit',
    startedAt: started.toISOString(),
    durationMs: Date.now() - started.getTime(),
    ok: !auditFails(results, failOn) && incompleteSeeds.length === 0,
    failOn,
    ...(incompleteSeeds.length ? { incompleteSeeds } : {}),
    samplesLimit: samples,
    databases: needed
      .sort((a, b) => ctx.registry.databases.findIndex((d) => d.name === a) - ctx.registry.databases.findIndex((d) => d.name === b))
      .map((name) => ({
        name,
        server: ctx.target(name).server,
        reachable: reach.get(name) === undefined,
        ...(reach.get(name) !== undefined ? { error: reach.get(name) } : {}),
      })),
    summary,
    checks: results,
  };
  // A short summary per database for `quenty-db status` (a summary that cannot be kept does not fail the audit).
  recordAuditRun(ctx, report);
  return report;
}

/**
 * Reference-integrity audit across the registry's databases: the references and business rules
 * declared in the registry, checked across servers, reported for people and CI.
 */
export * from './types';
export { runCrossCheck } from './cross';
export {
  buildChecks,
  evaluateStatus,
  chooseStrategy,
  compareModeFor,
  summarize,
  auditFails,
  exitCodeForAudit,
  mergeOrphans,
  scannedRows,
  mergePairs,
  crossChildSelect,
  MERGE_RATIO,
} from './plan';
export { renderReport, renderMarkdown, renderJson, renderJunit, renderHtml, failingFirst, summaryLine, formatFromPath, REPORT_FORMATS } from './report';
export type { ReportFormat, AuditSiteLinks } from './report';
