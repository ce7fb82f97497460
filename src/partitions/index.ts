import type pg from 'pg';
import { ConfirmFn, guardDestructive } from '../db/guard';
import { Context, Target, withClient, quoteIdent } from '../db/targets';
import type { PartitionPolicy } from '../registry/schema';
import { QuentyError, errorMessage } from '../util/errors';
import { failureMessage } from '../util/pg-errors';
import { FleetReport, fleetReport } from '../result';
import { redact } from '../util/redact';
import { sleep } from '../util/concurrency';
import { copyColumns, missingIndexes, monthKeyExpr, prepareSession, qualify, readDefaultMonths, readParent, serverVersionNum, ParentInfo } from './catalog';
import {
  EnsurePlan,
  Month,
  PlannedPartition,
  StatusSummary,
  coverageOf,
  describeBound,
  formatMonth,
  monthOfDate,
  monthOfPartitionName,
  monthEpochMs,
  pastRetention,
  planEnsure,
  retentionCutoff,
  summarizePartitions,
  parseMonth,
} from './plan';
import { dumpTable } from './dump';

export * from './plan';
export { readParent, readDefaultMonths, missingIndexes, prepareSession } from './catalog';
export type { ParentInfo } from './catalog';
export { dumpTable } from './dump';

/**
 * Monthly range partitions of the tables the registry declares `partitioned`, in plain DDL.
 *
 * ensure — for each month to create, one short transaction:
 *   SET LOCAL lock_timeout; LOCK ONLY parent IN EXCLUSIVE MODE (reads go on; writers wait a
 *   moment at the parent, before routing their rows — with only the SHARE UPDATE EXCLUSIVE that
 *   ATTACH needs, an INSERT already routed to DEFAULT fails with "violates partition constraint",
 *   which the integration test with a concurrent writer showed); LOCK the DEFAULT partition
 *   (ACCESS EXCLUSIVE); re-read the partitions
 *   (another ensure may have just made this month); CREATE TABLE <table>_YYYY_MM (LIKE parent)
 *   with a CHECK of the month's bounds; move the month's rows out of DEFAULT into it (one
 *   DELETE ... RETURNING feeding an INSERT, counted against a count taken under the lock); ATTACH
 *   PARTITION (PostgreSQL builds the parent's indexes on it, after the rows are in, and skips the
 *   scan of the new table thanks to the CHECK); drop the CHECK. A lock timeout rolls back and
 *   retries with backoff. Rows are never lost: every step is in the one transaction.
 *
 * We chose "standalone table + ATTACH" over "detach DEFAULT, create, move, reattach": the DEFAULT
 * partition stays attached, so no row can fail for lack of a partition while we work.
 */

export interface LockOptions {
  /** lock_timeout of each attempt (default 3000 ms). */
  lockTimeoutMs?: number;
  /** Attempts before giving up (default 8). */
  attempts?: number;
}

export interface EnsureOptions extends LockOptions {
  databases?: string | string[];
  /** Only these tables (by name). */
  tables?: string[];
  monthsAhead?: number;
  /** `YYYY-MM` or a month number. */
  from?: string | Month;
  today?: Date;
  dryRun?: boolean;
  onEvent?: (e: { database: string; table: string; partition: string; moved: number }) => void;
}

export interface CreatedPartition {
  name: string;
  month: string;
  from: string;
  to: string;
  /** Rows moved out of DEFAULT into it. */
  moved: number;
  attempts: number;
  ms: number;
  /** Already made by someone else when we got the lock. */
  skipped?: boolean;
}

export interface TableEnsureResult {
  table: string;
  ok: boolean;
  plan?: EnsurePlan;
  created: CreatedPartition[];
  /** Rows left in DEFAULT after ensure (outside the months created, or with a NULL key). */
  defaultRowsLeft?: number;
  missingIndexes?: Array<{ partition: string; index: string }>;
  warnings: string[];
  error?: string;
}

export interface DatabaseEnsureResult {
  database: string;
  ok: boolean;
  tables: TableEnsureResult[];
  error?: string;
  hint?: string;
}

const LOCK_CODES = new Set(['55P03', '40P01']); // lock_not_available, deadlock_detected

/** Runs `fn` in a transaction with lock_timeout, retrying on lock timeouts with backoff. */
export async function inLockedTransaction<T>(client: pg.Client, opts: LockOptions, fn: () => Promise<T>): Promise<{ value: T; attempts: number }> {
  const attempts = opts.attempts ?? 8;
  const timeout = opts.lockTimeoutMs ?? 3000;
  for (let attempt = 1; ; attempt++) {
    await client.query('BEGIN');
    try {
      await client.query(`SET LOCAL lock_timeout = ${Math.max(1, Math.floor(timeout))}`);
      const value = await fn();
      await client.query('COMMIT');
      return { value, attempts: attempt };
    } catch (e) {
      await client.query('ROLLBACK').catch(() => undefined);
      const code = (e as { code?: string }).code;
      if (code && LOCK_CODES.has(code) && attempt < attempts) {
        await sleep(Math.min(5000, 100 * 2 ** (attempt - 1)) + Math.floor(Math.random() * 100));
        continue;
      }
      if (code && LOCK_CODES.has(code)) {
        throw new QuentyError('LOCK_TIMEOUT', `could not get the locks after ${attempt} attempts of ${timeout} ms: ${errorMessage(e)}`, {
          hint: 'a long transaction holds the table; retry later or raise --lock-timeout',
          cause: e,
        });
      }
      throw e;
    }
  }
}

function targetsWithPartitions(ctx: Context, databases?: string | string[], tables?: string[]): Array<{ target: Target; policies: PartitionPolicy[] }> {
  const selected = ctx.select(databases);
  const out = selected
    .map((target) => ({ target, policies: target.entry.partitioned.filter((p) => !tables?.length || tables.includes(p.table)) }))
    .filter((x) => x.policies.length > 0);
  if (tables?.length) {
    const known = new Set(out.flatMap((x) => x.policies.map((p) => p.table)));
    const unknown = tables.filter((t) => !known.has(t));
    if (unknown.length) {
      const all = ctx.registry.databases.flatMap((d) => d.partitioned.map((p) => `${d.name}.${p.table}`));
      throw new QuentyError('USAGE', `not a partitioned table of the selected databases: ${unknown.join(', ')}`, {
        hint: `partitioned tables: ${all.join(', ')}`,
      });
    }
  }
  return out;
}

function resolveFrom(from: string | Month | undefined): Month | undefined {
  if (from === undefined || from === '') return undefined;
  if (typeof from === 'number') return from;
  try {
    return parseMonth(from);
  } catch (e) {
    throw new QuentyError('USAGE', `--from: ${errorMessage(e)}`);
  }
}

/** Creates one planned partition, moving its rows out of DEFAULT. */
async function createPartition(
  client: pg.Client,
  policy: PartitionPolicy,
  info: ParentInfo,
  p: PlannedPartition,
  columns: string[],
  opts: LockOptions,
  me: string,
): Promise<CreatedPartition> {
  const started = Date.now();
  const col = quoteIdent(policy.column);
  const t = policy.columnType;
  const range = `${col} >= ${p.from}::${t} AND ${col} < ${p.to}::${t}`;
  const target = qualify(info.schema, p.name);
  const { value, attempts } = await inLockedTransaction(client, opts, async () => {
    // EXCLUSIVE on the parent: reads go on, writes wait at the parent (before routing a row) for
    // this short transaction. SHARE UPDATE EXCLUSIVE (what ATTACH needs) is not enough: an INSERT
    // that already routed its row to DEFAULT would then fail with "violates partition constraint".
    await client.query(`LOCK TABLE ONLY ${info.qualified} IN EXCLUSIVE MODE`);
    if (info.defaultPartition) await client.query(`LOCK TABLE ONLY ${qualify(info.schema, info.defaultPartition)} IN ACCESS EXCLUSIVE MODE`);
    // Under the lock: is the month still free?
    const now = await readParent(client, policy, '');
    const m = monthOfPartitionName(policy.table, p.name)!;
    if (coverageOf(m, now.partitions).kind !== 'none') return { moved: 0, skipped: true };
    const cols = columns.map(quoteIdent).join(', ');
    await client.query(
      `CREATE TABLE ${target} (LIKE ${info.qualified} INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING STORAGE INCLUDING COMMENTS INCLUDING GENERATED INCLUDING COMPRESSION)`,
    );
    const check = quoteIdent(`${p.name}_bounds`.slice(0, 63));
    await client.query(`ALTER TABLE ${target} ADD CONSTRAINT ${check} CHECK (${col} IS NOT NULL AND ${range})`);
    let moved = 0;
    if (info.defaultPartition) {
      const def = qualify(info.schema, info.defaultPartition);
      const counted = Number((await client.query<{ n: string }>(`SELECT count(*) AS n FROM ${def} WHERE ${range}`)).rows[0].n);
      if (counted > 0) {
        const res = await client.query(
          `WITH moved AS (DELETE FROM ${def} WHERE ${range} RETURNING ${cols}) INSERT INTO ${target} (${cols}) SELECT ${cols} FROM moved`,
        );
        moved = res.rowCount ?? 0;
        if (moved !== counted)
          throw new QuentyError('PARTITION', `${p.name}: counted ${counted} rows in ${info.defaultPartition} but moved ${moved}; rolled back`);
      }
    }
    await client.query(`ALTER TABLE ${info.qualified} ATTACH PARTITION ${target} FOR VALUES FROM (${p.from}::${t}) TO (${p.to}::${t})`);
    await client.query(`ALTER TABLE ${target} DROP CONSTRAINT ${check}`);
    if (me !== info.owner) await client.query(`ALTER TABLE ${target} OWNER TO ${quoteIdent(info.owner)}`);
    return { moved, skipped: false };
  });
  return {
    name: p.name,
    month: p.month,
    from: p.from,
    to: p.to,
    moved: value.moved,
    attempts,
    ms: Date.now() - started,
    ...(value.skipped ? { skipped: true } : {}),
  };
}

/** Months DEFAULT holds no rows for, created per transaction (each transaction holds the locks for about this many CREATE + ATTACH). */
export const EMPTY_BATCH = 12;

/**
 * The fast path: months DEFAULT holds no rows for, created together in one short transaction
 * under the same locks as the careful path (EXCLUSIVE on the parent: reads go on; ACCESS
 * EXCLUSIVE on DEFAULT). Under the locks, one query re-reads the partitions (a month someone else
 * just made is skipped) and one query asks DEFAULT which of the batch's months hold rows now
 * (a writer got there first): those are returned for the careful path. The others are made by
 * one multi-statement round trip: CREATE TABLE (LIKE parent) + ATTACH PARTITION (an empty table
 * and no DEFAULT rows of its month: both checks ATTACH makes find nothing).
 */
async function createEmptyPartitions(
  client: pg.Client,
  policy: PartitionPolicy,
  info: ParentInfo,
  batch: PlannedPartition[],
  opts: LockOptions,
  me: string,
): Promise<{ created: CreatedPartition[]; withRows: PlannedPartition[] }> {
  const started = Date.now();
  const col = quoteIdent(policy.column);
  const t = policy.columnType;
  const { value, attempts } = await inLockedTransaction(client, opts, async () => {
    await client.query(`LOCK TABLE ONLY ${info.qualified} IN EXCLUSIVE MODE`);
    if (info.defaultPartition) await client.query(`LOCK TABLE ONLY ${qualify(info.schema, info.defaultPartition)} IN ACCESS EXCLUSIVE MODE`);
    const now = await readParent(client, policy, '');
    const free = batch.filter((p) => coverageOf(monthOfPartitionName(policy.table, p.name)!, now.partitions).kind === 'none');
    const skipped = batch.filter((p) => !free.includes(p));
    let busy = new Set<string>();
    if (info.defaultPartition && free.length) {
      // One query: which of these months DEFAULT holds rows for now.
      const ranges = free.map((p) => `(${col} >= ${p.from}::${t} AND ${col} < ${p.to}::${t})`).join(' OR ');
      const r = await client.query<{ m: string }>(
        `SELECT DISTINCT ${monthKeyExpr(policy)} AS m FROM ${qualify(info.schema, info.defaultPartition)} WHERE ${ranges}`,
      );
      busy = new Set(r.rows.map((x) => x.m));
    }
    const withRows = free.filter((p) => busy.has(p.month));
    const make = free.filter((p) => !busy.has(p.month));
    const like = 'INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING STORAGE INCLUDING COMMENTS INCLUDING GENERATED INCLUDING COMPRESSION';
    const ddl = make.flatMap((p) => {
      const target = qualify(info.schema, p.name);
      return [
        `CREATE TABLE ${target} (LIKE ${info.qualified} ${like})`,
        `ALTER TABLE ${info.qualified} ATTACH PARTITION ${target} FOR VALUES FROM (${p.from}::${t}) TO (${p.to}::${t})`,
        ...(me !== info.owner ? [`ALTER TABLE ${target} OWNER TO ${quoteIdent(info.owner)}`] : []),
      ];
    });
    if (ddl.length) await client.query(ddl.join(';\n'));
    return { make, skipped, withRows };
  });
  const ms = Date.now() - started;
  const created = [
    ...value.make.map((p): CreatedPartition => ({ name: p.name, month: p.month, from: p.from, to: p.to, moved: 0, attempts, ms })),
    ...value.skipped.map((p): CreatedPartition => ({ name: p.name, month: p.month, from: p.from, to: p.to, moved: 0, attempts, ms, skipped: true })),
  ];
  return { created, withRows: value.withRows };
}

async function ensureTable(client: pg.Client, database: string, policy: PartitionPolicy, opts: EnsureOptions, today: Date): Promise<TableEnsureResult> {
  const result: TableEnsureResult = { table: policy.table, ok: true, created: [], warnings: [] };
  try {
    let info = await readParent(client, policy, database);
    const def = await readDefaultMonths(client, policy, info);
    const plan = planEnsure({
      policy,
      existing: info.partitions,
      today,
      monthsAhead: opts.monthsAhead,
      from: resolveFrom(opts.from),
      defaultMonths: def.months,
      otherTables: info.detached,
    });
    result.plan = plan;
    for (const c of plan.conflicts) result.warnings.push(`${c.month} overlaps ${c.partitions.join(', ')} only partly: not created`);
    for (const n of plan.nameTaken)
      result.warnings.push(`${n.month}: a table named ${n.name} exists but is not the month's partition (detached?): not created`);
    if (!info.defaultPartition) result.warnings.push(`${policy.table} has no DEFAULT partition: rows outside every partition fail`);
    if (opts.dryRun) return result;
    const columns = await copyColumns(client, info);
    const me = (await client.query<{ u: string }>('SELECT current_user AS u')).rows[0].u;
    // Months DEFAULT holds no rows for (as read above, in one query): created together, a batch
    // per short transaction. Months with rows (then, or by the time a batch holds the lock): the
    // careful path, one transaction each, moving the rows.
    const careful = plan.create.filter((p) => p.rowsInDefault > 0);
    const empty = plan.create.filter((p) => p.rowsInDefault === 0);
    for (let i = 0; i < empty.length; i += EMPTY_BATCH) {
      const out = await createEmptyPartitions(client, policy, info, empty.slice(i, i + EMPTY_BATCH), opts, me);
      for (const created of out.created) {
        result.created.push(created);
        opts.onEvent?.({ database, table: policy.table, partition: created.name, moved: 0 });
      }
      careful.push(...out.withRows);
    }
    careful.sort((a, b) => a.from.localeCompare(b.from));
    for (const p of careful) {
      const created = await createPartition(client, policy, info, p, columns, opts, me);
      result.created.push(created);
      opts.onEvent?.({ database, table: policy.table, partition: p.name, moved: created.moved });
    }
    result.created.sort((a, b) => a.from.localeCompare(b.from));
    info = await readParent(client, policy, database);
    const left = await readDefaultMonths(client, policy, info);
    result.defaultRowsLeft = left.total;
    if (left.total > 0) {
      const months = left.months.map((m) => formatMonth(m.month));
      result.warnings.push(
        `${left.total} row(s) stay in ${info.defaultPartition}` +
          (months.length ? ` (months ${months.join(', ')}, outside the months ensured)` : '') +
          (left.nullKey ? ` (${left.nullKey} with a NULL ${policy.column})` : ''),
      );
    }
    result.missingIndexes = await missingIndexes(client, info);
    for (const mi of result.missingIndexes) result.warnings.push(`partition ${mi.partition} lacks index ${mi.index}`);
    if (result.missingIndexes.length) result.ok = false;
  } catch (e) {
    result.ok = false;
    result.error = redact(failureMessage(e));
  }
  return result;
}

/** `partitions ensure`: creates the monthly partitions of every partitioned table of the selection. */
export async function ensurePartitions(ctx: Context, opts: EnsureOptions = {}): Promise<FleetReport<DatabaseEnsureResult>> {
  const today = opts.today ?? new Date();
  resolveFrom(opts.from);
  if (opts.monthsAhead !== undefined && (!Number.isInteger(opts.monthsAhead) || opts.monthsAhead < 0 || opts.monthsAhead > 1200)) {
    throw new QuentyError('USAGE', `--months-ahead must be a whole number between 0 and 1200, got ${opts.monthsAhead}`);
  }
  const work = targetsWithPartitions(ctx, opts.databases, opts.tables);
  const databases = await Promise.all(
    work.map(async ({ target, policies }): Promise<DatabaseEnsureResult> => {
      try {
        return await withClient(
          target.url,
          target.name,
          async (client) => {
            await prepareSession(client);
            const tables: TableEnsureResult[] = [];
            for (const policy of policies) tables.push(await ensureTable(client, target.name, policy, opts, today));
            return { database: target.name, ok: tables.every((t) => t.ok), tables };
          },
          'quenty-db partitions',
        );
      } catch (e) {
        return { database: target.name, ok: false, tables: [], error: redact(failureMessage(e)), hint: e instanceof QuentyError ? e.hint : undefined };
      }
    }),
  );
  return fleetReport(databases);
}

// ---------------------------------------------------------------------------------------------
// status

export interface TableStatus extends StatusSummary {
  database: string;
  policy: { column: string; columnType: string; monthsAhead: number; retentionMonths: number };
  defaultPartition?: string;
  defaultRows: number;
  defaultMonths: Array<{ month: string; rows: number }>;
  detached: string[];
  detachPending: string[];
  missingIndexes: Array<{ partition: string; index: string }>;
  warnings: string[];
  error?: string;
}

export interface StatusOptions {
  databases?: string | string[];
  tables?: string[];
  today?: Date;
  retentionMonths?: number;
  /** ok only when no table has a warning either (see partitionStatusOk). */
  strict?: boolean;
}

/** A partition status: one status per partitioned table; ok as partitionStatusOk decides. */
export interface PartitionStatusReport {
  ok: boolean;
  tables: TableStatus[];
}

/** A retention run: one result per partitioned table; ok when every table's was. */
export interface RetentionReport {
  ok: boolean;
  tables: TableRetentionResult[];
}

/** `partitions status`: per table, covered months, gaps, next missing month, DEFAULT rows, retention. */
/**
 * Whether a status is ok: no table failed to be read or misses a parent index; with `strict`,
 * no table has a warning either (rows in DEFAULT, gaps, months ahead missing, past retention).
 */
export function partitionStatusOk(rows: readonly TableStatus[], strict = false): boolean {
  return !rows.some((r) => r.error || r.missingIndexes.length || (strict && r.warnings.length));
}

export async function partitionStatus(ctx: Context, opts: StatusOptions = {}): Promise<PartitionStatusReport> {
  const today = opts.today ?? new Date();
  const work = targetsWithPartitions(ctx, opts.databases, opts.tables);
  const perDb = await Promise.all(
    work.map(async ({ target, policies }) => {
      const blank = (policy: PartitionPolicy, error: string): TableStatus => ({
        database: target.name,
        table: policy.table,
        policy: { column: policy.column, columnType: policy.columnType, monthsAhead: policy.monthsAhead, retentionMonths: policy.retentionMonths },
        partitions: 0,
        covered: [],
        gaps: [],
        nextMissing: formatMonth(monthOfDate(today)),
        missingAhead: [],
        irregular: [],
        pastRetention: [],
        defaultRows: 0,
        defaultMonths: [],
        detached: [],
        detachPending: [],
        missingIndexes: [],
        warnings: [],
        error,
      });
      try {
        return await withClient(
          target.url,
          target.name,
          async (client) => {
            await prepareSession(client);
            const out: TableStatus[] = [];
            for (const policy of policies) {
              try {
                const info = await readParent(client, policy, target.name);
                const def = await readDefaultMonths(client, policy, info);
                const sum = summarizePartitions(policy, info.partitions, today, opts.retentionMonths ?? policy.retentionMonths);
                const mi = await missingIndexes(client, info);
                const warnings: string[] = [];
                if (def.total > 0)
                  warnings.push(
                    `${def.total} row(s) in ${info.defaultPartition}: run \`quenty-db partitions ensure --db ${target.name}\` to move them into monthly partitions`,
                  );
                if (!info.defaultPartition) warnings.push('no DEFAULT partition');
                if (sum.gaps.length) warnings.push(`gaps: ${sum.gaps.join(', ')}`);
                if (sum.missingAhead.length) warnings.push(`months ahead not created: ${sum.missingAhead.join(', ')}`);
                if (sum.pastRetention.length) warnings.push(`${sum.pastRetention.length} partition(s) past retention`);
                if (info.detachPending.length) warnings.push(`detach pending (run retention again to finish): ${info.detachPending.join(', ')}`);
                for (const m of mi) warnings.push(`partition ${m.partition} lacks index ${m.index}`);
                out.push({
                  ...sum,
                  database: target.name,
                  policy: {
                    column: policy.column,
                    columnType: policy.columnType,
                    monthsAhead: policy.monthsAhead,
                    retentionMonths: opts.retentionMonths ?? policy.retentionMonths,
                  },
                  defaultPartition: info.defaultPartition,
                  defaultRows: def.total,
                  defaultMonths: def.months.map((m) => ({ month: formatMonth(m.month), rows: m.rows })),
                  detached: info.detached,
                  detachPending: info.detachPending,
                  missingIndexes: mi,
                  warnings,
                });
              } catch (e) {
                out.push(blank(policy, redact(failureMessage(e))));
              }
            }
            return out;
          },
          'quenty-db partitions',
        );
      } catch (e) {
        return policies.map((p) => blank(p, redact(failureMessage(e))));
      }
    }),
  );
  const tables = perDb.flat();
  return { ok: partitionStatusOk(tables, opts.strict), tables };
}

// ---------------------------------------------------------------------------------------------
// retention

export interface RetentionOptions extends LockOptions {
  databases?: string | string[];
  tables?: string[];
  /** Months to keep (default: each table's retentionMonths). */
  olderThan?: number;
  drop?: boolean;
  dryRun?: boolean;
  today?: Date;
  /** Folder of the dumps (default: config.backupDir). */
  backupDir?: string;
  /** --drop: confirm for more than one database without asking; go ahead where it looks like production; how to ask. */
  yes?: boolean;
  force?: boolean;
  confirm?: ConfirmFn;
}

export interface RetentionAction {
  partition: string;
  from?: string;
  to?: string;
  /** What was done: detached (now a plain table), dropped (after the dump). */
  detached: boolean;
  detachMode?: 'concurrently' | 'plain' | 'finalize' | 'already';
  dropped: boolean;
  dump?: string;
  dumpBytes?: number;
  error?: string;
}

export interface TableRetentionResult {
  database: string;
  table: string;
  ok: boolean;
  cutoff: string;
  actions: RetentionAction[];
  error?: string;
}

/**
 * `partitions retention`: detaches partitions past retention (CONCURRENTLY when the server allows
 * it: PostgreSQL 14+ and no DEFAULT partition — ours have one, so a plain DETACH with lock_timeout
 * and retry). With `drop`, each detached table is dumped with `pg_dump -Fc -t`, the dump is
 * checked with `pg_restore --list`, and only then dropped. Tables detached by an earlier run are
 * dropped too when `drop` is given.
 */
export async function applyRetention(ctx: Context, opts: RetentionOptions = {}): Promise<RetentionReport> {
  const today = opts.today ?? new Date();
  if (opts.olderThan !== undefined && (!Number.isInteger(opts.olderThan) || opts.olderThan < 1)) {
    throw new QuentyError('USAGE', `--older-than must be a whole number of months >= 1, got ${opts.olderThan}`);
  }
  const backupDir = opts.backupDir ?? ctx.config.backupDir;
  const work = targetsWithPartitions(ctx, opts.databases, opts.tables);
  if (opts.drop && !opts.dryRun) {
    await guardDestructive(
      ctx,
      work.map((w) => w.target),
      'drop past-retention partitions (partitions retention --drop)',
      {
        yes: opts.yes,
        force: opts.force,
        confirm: opts.confirm,
        command: 'quenty-db partitions retention --drop',
      },
    );
  }
  const perDb = await Promise.all(
    work.map(async ({ target, policies }) => {
      const results: TableRetentionResult[] = [];
      try {
        await withClient(
          target.url,
          target.name,
          async (client) => {
            await prepareSession(client);
            const version = await serverVersionNum(client);
            for (const policy of policies) {
              const months = opts.olderThan ?? policy.retentionMonths;
              const cutoffMonth = retentionCutoff(today, months);
              const r: TableRetentionResult = { database: target.name, table: policy.table, ok: true, cutoff: formatMonth(cutoffMonth), actions: [] };
              results.push(r);
              try {
                const info = await readParent(client, policy, target.name);
                const candidates = pastRetention(info.partitions, today, months);
                const actions: RetentionAction[] = candidates.map((c) => ({ partition: c.name, from: c.from, to: c.to, detached: false, dropped: false }));
                if (opts.drop) {
                  const cutoff = monthEpochMs(cutoffMonth);
                  for (const name of info.detached) {
                    const m = monthOfPartitionName(policy.table, name)!;
                    if (monthEpochMs(m + 1) <= cutoff)
                      actions.push({
                        partition: name,
                        from: describeBound(monthEpochMs(m)),
                        to: describeBound(monthEpochMs(m + 1)),
                        detached: true,
                        detachMode: 'already',
                        dropped: false,
                      });
                  }
                }
                r.actions = actions;
                if (opts.dryRun) continue;
                for (const a of actions) {
                  try {
                    if (!a.detached) {
                      const pending = info.detachPending.includes(a.partition);
                      const concurrent = !pending && version >= 140000 && !info.defaultPartition;
                      const sql = `ALTER TABLE ${info.qualified} DETACH PARTITION ${qualify(info.schema, a.partition)}${pending ? ' FINALIZE' : concurrent ? ' CONCURRENTLY' : ''}`;
                      if (concurrent || pending) {
                        // Cannot run in a transaction block.
                        await client.query(`SET lock_timeout = ${opts.lockTimeoutMs ?? 3000}`);
                        try {
                          await client.query(sql);
                        } finally {
                          await client.query('RESET lock_timeout');
                        }
                      } else {
                        await inLockedTransaction(client, opts, async () => {
                          await client.query(`LOCK TABLE ONLY ${info.qualified} IN ACCESS EXCLUSIVE MODE`);
                          if (info.defaultPartition)
                            await client.query(`LOCK TABLE ONLY ${qualify(info.schema, info.defaultPartition)} IN ACCESS EXCLUSIVE MODE`);
                          await client.query(sql);
                        });
                      }
                      a.detached = true;
                      a.detachMode = pending ? 'finalize' : concurrent ? 'concurrently' : 'plain';
                    }
                    if (opts.drop) {
                      const dump = await dumpTable(target, info.schema, a.partition, backupDir, { env: ctx.config.env });
                      a.dump = dump.file;
                      a.dumpBytes = dump.bytes;
                      await inLockedTransaction(client, opts, async () => {
                        await client.query(`DROP TABLE ${qualify(info.schema, a.partition)}`);
                      });
                      a.dropped = true;
                    }
                  } catch (e) {
                    a.error = redact(failureMessage(e));
                    r.ok = false;
                  }
                }
              } catch (e) {
                r.ok = false;
                r.error = redact(failureMessage(e));
              }
            }
          },
          'quenty-db partitions',
        );
      } catch (e) {
        for (const policy of policies) {
          if (!results.some((x) => x.table === policy.table)) {
            results.push({ database: target.name, table: policy.table, ok: false, cutoff: '', actions: [], error: redact(failureMessage(e)) });
          }
        }
      }
      return results;
    }),
  );
  const tables = perDb.flat();
  return { ok: tables.every((t) => t.ok), tables };
}

/** For `up`: runs ensure on the databases given that have partitioned tables. */
export async function ensureForUp(ctx: Context, databases: string[]): Promise<FleetReport<DatabaseEnsureResult>> {
  const withParts = databases.filter((d) => ctx.registry.has(d) && ctx.registry.get(d).partitioned.length > 0);
  if (withParts.length === 0) return fleetReport([]);
  return ensurePartitions(ctx, { databases: withParts });
}

export { monthKeyExpr };
