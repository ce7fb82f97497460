import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { Context, Target, connect, quoteIdent, withClient } from '../db/targets';
import { QuentyError, errorMessage } from '../util/errors';
import { redact } from '../util/redact';
import { isServerGone } from '../util/pg-errors';
import { SCALES, ScaleName, World, defaultAnchor, loadGenerators, monthStart, planCounts } from './context';
import { GeneratorPool, THREAD_HEAP_MB, THREAD_HEAP_ROWS, defaultWorkers } from './workers';
import { ensurePartitions } from '../partitions';
import { assertNotProduction } from './guard';
import { ConfirmFn, guardDestructive } from '../db/guard';
import { SEED_LOCK, SeedRunInfo, completeLedger, describeIncomplete, failLedger, newRunId, readLedger, startLedger } from './ledger';

export { SCALES, planCounts, loadGenerators, World, defaultAnchor } from './context';
export type { ScaleName } from './context';
export { injectOrphans } from './orphans';
export type { PlantedOrphan, InjectOrphansOptions } from './orphans';
export { spreadOrphans } from './orphans';
export { productionReasons, assertNotProduction } from './guard';
export { seedLedgerStatus, describeIncomplete, repairCommand, LEDGER_TABLE } from './ledger';
export type { LedgerStatus } from './ledger';

export interface SeedOptions {
  databases?: string | string[];
  scale?: ScaleName;
  /** Total rows (instead of a scale). */
  rows?: number;
  seed?: number;
  /** The anchor "now" (default: start of the current UTC day). */
  now?: Date;
  reset?: boolean;
  force?: boolean;
  /** Generation threads (default: one per core; 0 generates in-process). */
  workers?: number;
  /** Rows per generated chunk (one COPY write each). */
  chunkRows?: number;
  /** Plant N orphan references after seeding (see injectOrphans). */
  injectOrphans?: number;
  /** Skip databases whose tables already hold rows (instead of failing). */
  skipNonEmpty?: boolean;
  onProgress?: (e: SeedProgress) => void;
  /** Only these tables of the selected databases (default: all their tables). */
  tables?: string[];
  /** Row counts that replace the plan's, by `database.table` (benchmarks, focused tests). */
  counts?: Record<string, number>;
  /** Tables of at least this many rows load with their indexes built afterwards (default 20000). */
  bulkLoadRows?: number;
  /**
   * Tables with facts and more rows than this keep them in a store every generation thread
   * shares (default: the tables a thread's memo cannot hold whole, or whose facts take more than
   * 8 MB encoded; src/seed/facts-store.ts).
   */
  sharedFactsRows?: number;
  /**
   * Bytes of those stores kept in memory together (default 96 MB); the rest goes to a temporary
   * file (unlinked at once) that the OS caches, so the stores' memory does not grow with the scale.
   */
  factsMemoryBytes?: number;
  /**
   * Each generation thread's V8 heap limit in MB (0: V8's own). Default: THREAD_HEAP_MB for a seed
   * of more than THREAD_HEAP_ROWS rows (its scale or rows, plus the `counts` given), none below,
   * where the threads' heaps stay small anyway.
   */
  threadHeapMb?: number;
  /** --reset on more than one database: confirm without asking; how to ask (default: the terminal). */
  yes?: boolean;
  confirm?: ConfirmFn;
}

export interface SeedProgress {
  database: string;
  table: string;
  /** Rows of this table written so far. */
  rows: number;
  /** Rows of the database written so far. */
  databaseRows: number;
  /**
   * Ordinals of the database processed so far, out of databaseTotal planned: a generator may
   * leave an ordinal out (no row), so progress counts ordinals and reaches databaseTotal.
   */
  databaseProcessed: number;
  databaseTotal: number;
  /** This table is finished. */
  tableDone?: boolean;
  /** The database is finished (last table). */
  done?: boolean;
}

export interface TableSeedResult {
  table: string;
  rows: number;
  ms: number;
  rowsPerSecond: number;
}
export interface DatabaseSeedResult {
  database: string;
  ok: boolean;
  skipped?: string;
  rows: number;
  ms: number;
  rowsPerSecond: number;
  tables: TableSeedResult[];
  /** Rows that landed in a DEFAULT partition (always 0 when partitions were ensured). */
  defaultPartitionRows: number;
  error?: string;
  hint?: string;
  /** The interrupted run (ledger) this load replaced. */
  repaired?: string;
}
export interface SeedResult {
  ok: boolean;
  seed: number;
  now: string;
  totalRows: number;
  ms: number;
  rowsPerSecond: number;
  databases: DatabaseSeedResult[];
  partitions: string;
  orphans?: import('./orphans').PlantedOrphan[];
}

const rate = (rows: number, ms: number) => (ms > 0 ? Math.round((rows * 1000) / ms) : rows);

export function resolveTotalRows(opts: Pick<SeedOptions, 'scale' | 'rows'>): number {
  if (opts.rows !== undefined) {
    if (!Number.isInteger(opts.rows) || opts.rows < 1) throw new QuentyError('USAGE', `--rows must be a positive whole number, got ${opts.rows}`);
    return opts.rows;
  }
  const scale = opts.scale ?? 'tiny';
  if (!(scale in SCALES)) throw new QuentyError('USAGE', `unknown --scale "${scale}"`, { hint: `one of ${Object.keys(SCALES).join(', ')}` });
  return SCALES[scale];
}

/**
 * With wal_level = minimal, rows COPYed into a table whose file was made in the same transaction
 * skip the WAL (as after --reset's TRUNCATE). Without --reset the tables are empty but their files
 * are the migrations': locked, found empty again under the lock, and truncated, they get new ones.
 * A table outside the seed that references one of them makes TRUNCATE fail, and rows may have
 * arrived since the first check: then nothing is truncated and the rows go through the WAL, as
 * before. The lock is held until the load commits, as --reset's is.
 */
export async function truncateEmpty(client: pg.Client, tables: string[]): Promise<void> {
  const list = tables.map(quoteIdent).join(', ');
  await client.query('SAVEPOINT quenty_seed_truncate');
  try {
    await client.query(`LOCK TABLE ${list} IN ACCESS EXCLUSIVE MODE`);
    if (!(await firstNonEmpty(client, tables))) {
      await client.query(`TRUNCATE ${list}`);
      await client.query('RELEASE SAVEPOINT quenty_seed_truncate');
      return;
    }
  } catch (e) {
    // Only the server's refusal (an SQLSTATE) is expected here; a lost connection is not.
    if (!(e as { code?: string }).code) throw e;
  }
  await client.query('ROLLBACK TO SAVEPOINT quenty_seed_truncate');
}

async function tableHasRows(client: pg.Client, table: string): Promise<boolean> {
  const r = await client.query(`SELECT EXISTS (SELECT 1 FROM ${quoteIdent(table)}) AS x`);
  return r.rows[0].x;
}

/**
 * Monthly partitions for every partitioned table, from the first month of data on (partition
 * manager). A database whose partitions cannot be ensured (unreachable...) is returned among
 * the failures with its reason; the others are seeded all the same.
 */
async function ensureMonths(ctx: Context, targets: Target[], now: Date): Promise<{ summary: string; failed: Map<string, { error: string; hint?: string }> }> {
  const failed = new Map<string, { error: string; hint?: string }>();
  const withParts = targets.filter((t) => t.entry.partitioned.length > 0).map((t) => t.name);
  if (!withParts.length) return { summary: 'none', failed };
  const first = monthStart(now, -17);
  const from = `${first.getUTCFullYear()}-${String(first.getUTCMonth() + 1).padStart(2, '0')}`;
  // Rows lie in [first month, now]: the anchor's own month is the newest that can hold one.
  const results = await ensurePartitions(ctx, { databases: withParts, from, today: now });
  for (const r of results.databases) {
    if (r.ok) continue;
    const why =
      r.error ??
      r.tables
        .filter((t) => !t.ok)
        .map((t) => `${t.table}: ${t.error ?? 'see partitions status'}`)
        .join('; ');
    failed.set(r.database, { error: `partitions ensure failed: ${why || 'see partitions status'}`, hint: r.hint });
  }
  const okCount = withParts.length - failed.size;
  return { summary: failed.size ? `ensured from ${from} (${okCount} of ${withParts.length} databases)` : `ensured from ${from}`, failed };
}

async function defaultRows(client: pg.Client): Promise<number> {
  const r = await client.query(`
    SELECT c.relname FROM pg_class c JOIN pg_inherits i ON i.inhrelid = c.oid
     WHERE c.relispartition AND pg_get_expr(c.relpartbound, c.oid) = 'DEFAULT'`);
  let n = 0;
  for (const row of r.rows) n += Number((await client.query(`SELECT count(*)::bigint AS n FROM ${quoteIdent(row.relname)}`)).rows[0].n);
  return n;
}

/** What a bulk load dropped, to build again after the COPY (`restoreAfterLoad`). */
export interface LoadRestore {
  /** Indexes and unique/primary constraints, then foreign keys. */
  statements: string[];
  /** Each partition's index name under its parent index, as it was before the load. */
  partitionIndexes: Array<{ parent: string; partition: string; name: string }>;
}

/**
 * Bulk load of a large empty table: inside the database's load transaction, drop the indexes
 * and unique/primary constraints no foreign key depends on, and the table's own foreign keys,
 * COPY, then build them again (`restoreAfterLoad`: one sort per index instead of one insertion
 * per row; one join per foreign key instead of one probe per row). The transaction makes it
 * all-or-nothing: an interrupted seed leaves the table with its indexes.
 *
 * A partitioned table's indexes are dropped and built again from the parent, in one statement
 * each; PostgreSQL then names the partitions' indexes afresh, so the names they had are kept and
 * given back after (a migration that builds a partition's index concurrently, then attaches it,
 * names it itself).
 */
export async function dropIndexesForLoad(client: pg.Client, table: string): Promise<LoadRestore> {
  const r = await client.query(
    `SELECT ic.relname AS index, pg_get_indexdef(i.indexrelid) AS def, c.conname, pg_get_constraintdef(c.oid) AS condef,
            t.relkind = 'p' AS partitioned,
            (SELECT json_agg(json_build_object('partition', pt.relname, 'name', ci.relname))
               FROM pg_inherits ih JOIN pg_class ci ON ci.oid = ih.inhrelid JOIN pg_index ii ON ii.indexrelid = ci.oid JOIN pg_class pt ON pt.oid = ii.indrelid
              WHERE ih.inhparent = i.indexrelid) AS parts
       FROM pg_index i
       JOIN pg_class t ON t.oid = i.indrelid
       JOIN pg_class ic ON ic.oid = i.indexrelid
       LEFT JOIN pg_constraint c ON c.conindid = i.indexrelid AND c.conrelid = t.oid AND c.contype IN ('p', 'u')
      WHERE t.oid = $1::regclass AND t.relkind IN ('r', 'p') AND i.indisvalid
        AND NOT EXISTS (SELECT 1 FROM pg_constraint f WHERE f.contype = 'f' AND f.conindid = i.indexrelid)
        -- a partition that is itself partitioned (its index has partitions of its own): left in place
        AND NOT EXISTS (SELECT 1 FROM pg_inherits h JOIN pg_class p ON p.oid = h.inhrelid WHERE h.inhparent = i.indrelid AND p.relkind <> 'r')`,
    [quoteIdent(table)],
  );
  const restore: string[] = [];
  const partitionIndexes: LoadRestore['partitionIndexes'] = [];
  // Foreign keys of this table check each row as it arrives (one index probe of the parent per
  // row, through a trigger): drop them and add them back after the load, which validates the
  // whole table in one join. Only the top constraint of a partitioned table (its partitions'
  // clones go with it). Restored last, after the indexes they may use.
  const fks = await client.query(
    `SELECT conname, pg_get_constraintdef(oid) AS condef FROM pg_constraint
      WHERE conrelid = $1::regclass AND contype = 'f' AND conparentid = 0 ORDER BY oid`,
    [quoteIdent(table)],
  );
  const restoreFks: string[] = [];
  for (const f of fks.rows) {
    await client.query(`ALTER TABLE ${quoteIdent(table)} DROP CONSTRAINT ${quoteIdent(f.conname)}`);
    restoreFks.push(`ALTER TABLE ${quoteIdent(table)} ADD CONSTRAINT ${quoteIdent(f.conname)} ${f.condef}`);
  }
  for (const x of r.rows) {
    // Dropping a partitioned table's index or constraint drops its partitions' too.
    if (x.conname) {
      await client.query(`ALTER TABLE ${quoteIdent(table)} DROP CONSTRAINT ${quoteIdent(x.conname)}`);
      restore.push(`ALTER TABLE ${quoteIdent(table)} ADD CONSTRAINT ${quoteIdent(x.conname)} ${x.condef}`);
    } else {
      await client.query(`DROP INDEX ${quoteIdent(x.index)}`);
      // pg_get_indexdef says ON ONLY for a partitioned table's index: built so, it would cover no partition.
      restore.push(x.partitioned ? String(x.def).replace(/^(CREATE (?:UNIQUE )?INDEX (?:"(?:[^"]|"")+"|\S+) ON )ONLY /, '$1') : x.def);
    }
    for (const p of (x.parts ?? []) as Array<{ partition: string; name: string }>) partitionIndexes.push({ parent: x.index, ...p });
  }
  return { statements: [...restore, ...restoreFks], partitionIndexes };
}

/** Builds again what `dropIndexesForLoad` dropped, and gives partitions' indexes their names back. */
export async function restoreAfterLoad(client: pg.Client, r: LoadRestore): Promise<void> {
  for (const sql of r.statements) await client.query(sql);
  if (!r.partitionIndexes.length) return;
  const now = await client.query(
    `SELECT pi.relname AS parent, pt.relname AS partition, ci.relname AS name
       FROM pg_class pi JOIN pg_inherits ih ON ih.inhparent = pi.oid JOIN pg_class ci ON ci.oid = ih.inhrelid
       JOIN pg_index ii ON ii.indexrelid = ci.oid JOIN pg_class pt ON pt.oid = ii.indrelid
      WHERE pi.relname = ANY($1) AND pi.relnamespace = current_schema()::regnamespace`,
    [[...new Set(r.partitionIndexes.map((p) => p.parent))]],
  );
  const current = new Map(now.rows.map((x) => [`${x.parent}\0${x.partition}`, x.name as string]));
  const moves = r.partitionIndexes
    .map((p) => ({ from: current.get(`${p.parent}\0${p.partition}`), to: p.name }))
    .filter((m): m is { from: string; to: string } => m.from !== undefined && m.from !== m.to);
  // Through a name of its own first: a new name may be another index's old one. Renaming an
  // index renames the constraint it backs.
  for (const [k, m] of moves.entries()) await client.query(`ALTER INDEX ${quoteIdent(m.from)} RENAME TO ${quoteIdent(`quenty_seed_index_${k}`)}`);
  for (const [k, m] of moves.entries()) await client.query(`ALTER INDEX ${quoteIdent(`quenty_seed_index_${k}`)} RENAME TO ${quoteIdent(m.to)}`);
}

/**
 * Tables at least this large (and empty before the load) are bulk loaded. Measured on the 19
 * tables of 1,000-25,000 rows of a medium seed (each table's rows loaded into it as it is, and
 * bare with its indexes and keys built after; best of three, in a rolled-back transaction): 2.8 s
 * bare against 4.0 s for the 19 together. A table with a foreign key loaded up to 2x faster bare
 * (as it is, each row's key is checked by a query of its own); two tables of many indexes and no
 * key (products, returns: 8 and 13 indexes, 6-11k rows) 10-20 % slower; 1,083 rows the same.
 */
export const BULK_LOAD_ROWS = 2_000;

function writeCopy(stream: NodeJS.WritableStream, bytes: Uint8Array): Promise<void> {
  return stream.write(bytes) ? Promise.resolve() : new Promise((r) => stream.once('drain', () => r()));
}

const emptyResult = (database: string): DatabaseSeedResult => ({ database, ok: true, rows: 0, ms: 0, rowsPerSecond: 0, tables: [], defaultPartitionRows: 0 });

/**
 * Before anything is written (partitions included): a database whose tables already hold rows
 * is refused (or skipped with skipNonEmpty, saying so when its last run was interrupted); one
 * that cannot be reached fails. Undefined: go ahead.
 */
async function precheck(t: Target, tables: string[], opts: SeedOptions): Promise<DatabaseSeedResult | undefined> {
  try {
    return await withClient(
      t.url,
      t.name,
      async (client) => {
        const full = await firstNonEmpty(client, tables);
        const previous = await readLedger(client, t.name);
        const r = emptyResult(t.name);
        // `up` (skipNonEmpty) never reloads an interrupted run with its own defaults: the run's
        // other databases were generated with the run's seed and anchor. It says how to repair.
        if (opts.skipNonEmpty && previous.state === 'incomplete') {
          return { ...r, ok: false, error: describeIncomplete(previous), hint: `repair: ${previous.hint}` };
        }
        if (!full) return undefined;
        if (opts.skipNonEmpty) {
          r.skipped = `${full} already holds rows`;
          return r;
        }
        return {
          ...r,
          ok: false,
          error: `${t.name}.${full} already holds rows${previous.state === 'incomplete' ? ` (and ${describeIncomplete(previous)})` : ''}`,
          hint:
            previous.state === 'incomplete'
              ? `repair: ${previous.hint}`
              : `pass --reset to truncate the seeded tables first (\`quenty-db seed --reset --db ${t.name}\`)`,
        };
      },
      'quenty-db seed',
    );
  } catch (e) {
    return { ...emptyResult(t.name), ok: false, error: redact(errorMessage(e)), hint: e instanceof QuentyError ? e.hint : undefined };
  }
}

async function firstNonEmpty(client: pg.Client, tables: string[]): Promise<string | undefined> {
  for (const t of tables) if (await tableHasRows(client, t)) return t;
  return undefined;
}

async function loadDatabase(
  target: Target,
  world: World,
  tables: string[],
  pool: GeneratorPool,
  opts: SeedOptions,
  run: SeedRunInfo,
  loadingNow: { databases: number },
): Promise<DatabaseSeedResult> {
  const started = Date.now();
  const counts = tables.map((t) => world.count(target.name, t));
  const total = counts.reduce((a, b) => a + b, 0);
  const result: DatabaseSeedResult = { database: target.name, ok: true, rows: 0, ms: 0, rowsPerSecond: 0, tables: [], defaultPartitionRows: 0 };
  const client = await connect(target.url, target.name, 'quenty-db seed');
  let inTransaction = false;
  let ledgerStarted = false;
  try {
    // A backend whose client died notices it within a second and rolls the load back.
    await client.query(`SET synchronous_commit = off; SET client_connection_check_interval = 1000`).catch(() => client.query('SET synchronous_commit = off'));
    const locked = (await client.query('SELECT pg_try_advisory_lock($1, $2) AS ok', SEED_LOCK)).rows[0].ok;
    if (!locked) {
      throw new QuentyError('USAGE', `${target.name}: another seed is loading this database right now`, {
        database: target.name,
        hint: 'wait for it to finish (a database is never loaded twice at once)',
      });
    }
    const previous = await readLedger(client, target.name);
    // Checked again under the lock: rows may have arrived since the precheck.
    const full = opts.reset ? undefined : await firstNonEmpty(client, tables);
    if (full) {
      if (opts.skipNonEmpty) {
        result.skipped = `${full} already holds rows`;
        return result;
      }
      throw new QuentyError('USAGE', `${target.name}.${full} already holds rows`, {
        database: target.name,
        hint: `pass --reset to truncate the seeded tables first (\`quenty-db seed --reset --db ${target.name}\`)`,
      });
    }
    if (previous.state === 'incomplete') result.repaired = previous.runId;
    await startLedger(client, target.name, run);
    ledgerStarted = true;
    // All-or-nothing: every table of this database loads in ONE transaction, which also marks
    // the ledger row complete. Interrupted anywhere, the database keeps what it had before.
    await client.query('BEGIN');
    inTransaction = true;
    await client.query(`SET LOCAL maintenance_work_mem = '256MB'`);
    // With wal_level = minimal (the embedded server), every relation this transaction makes (the
    // truncated tables, the indexes built after COPY) is made durable at COMMIT either by copying
    // its pages into the WAL (under wal_skip_threshold, 2 MB by default) or by an fsync of its
    // file. A medium seed makes about 420 relations of 64 kB to 2 MB: 157 MB of pages written to
    // the WAL and again to their files, about a tenth of the server's CPU. Only relations of a few
    // pages still go to the WAL. Other wal_levels skip nothing, and the setting changes nothing.
    const { level } = (
      await client.query<{ level: string }>(
        `SELECT current_setting('wal_level') AS level,
                CASE WHEN current_setting('wal_skip_threshold', true) IS NOT NULL THEN set_config('wal_skip_threshold', '64kB', true) END AS skip`,
      )
    ).rows[0];
    if (opts.reset) await client.query(`TRUNCATE ${tables.map(quoteIdent).join(', ')} RESTART IDENTITY CASCADE`);
    else if (level === 'minimal') await truncateEmpty(client, tables);
    const chunkRows = opts.chunkRows ?? 5000;
    let processed = 0;
    for (let ti = 0; ti < tables.length; ti++) {
      const table = tables[ti];
      const n = counts[ti];
      const t0 = Date.now();
      let rows = 0;
      if (n > 0) {
        const gen = world.generator(target.name, table);
        const bulk = n >= (opts.bulkLoadRows ?? BULK_LOAD_ROWS);
        // The table is empty here (checked, or truncated in this transaction): large ones load
        // bare and build their indexes after.
        const restore = bulk ? await dropIndexesForLoad(client, table) : undefined;
        const stream = client.query(copyFrom(`COPY ${quoteIdent(table)} (${gen.columns.map(quoteIdent).join(', ')}) FROM STDIN`));
        const done = new Promise<void>((resolve, reject) => {
          stream.on('finish', () => resolve());
          stream.on('error', reject);
        });
        done.catch(() => undefined);
        // The connection ending (server stopped) fails the load instead of leaving it waiting.
        const gone = new Promise<never>((_, reject) => client.once('end', () => reject(new QuentyError('CONNECTION', 'Connection terminated'))));
        gone.catch(() => undefined);
        // Chunks are requested ahead (a window) and written in order.
        const windowSize = 4;
        const pending: Array<{ span: number; chunk: Promise<{ rows: number; bytes: Uint8Array }> }> = [];
        let next = 0;
        const request = () => {
          if (next >= n) return;
          const from = next;
          next = Math.min(n, next + chunkRows);
          const p = pool.generate(target.name, table, from, next);
          p.catch(() => undefined);
          pending.push({ span: next - from, chunk: p });
        };
        for (let k = 0; k < windowSize; k++) request();
        try {
          while (pending.length) {
            const { span, chunk: pendingChunk } = pending.shift()!;
            const chunk = await pendingChunk;
            request();
            if (chunk.rows) await Promise.race([writeCopy(stream, chunk.bytes), done, gone]);
            rows += chunk.rows;
            processed += span;
            opts.onProgress?.({ database: target.name, table, rows, databaseRows: result.rows + rows, databaseProcessed: processed, databaseTotal: total });
          }
          stream.end();
          await Promise.race([done, gone]);
        } catch (e) {
          // A chunk that failed leaves the COPY open, the server waiting for data and the
          // ROLLBACK queued behind it for ever: end the COPY with CopyFail first.
          if (!stream.destroyed) stream.destroy(e as Error);
          throw e;
        }
        if (restore) {
          // A parallel index build takes 12-26% more server CPU than a serial one (its workers'
          // start and the merge of their sorts) and pays only with a core to spare. While another
          // database still loads, the cores are busy with its generation and COPY: build serially.
          await client.query(`SET LOCAL max_parallel_maintenance_workers ${loadingNow.databases > 1 ? '= 0' : 'TO DEFAULT'}`);
          await restoreAfterLoad(client, restore);
        }
        // Serial ids were written explicitly: move each sequence past them.
        if (gen.columns.includes('id')) {
          await client.query(
            `SELECT setval(s, GREATEST(m, 1), m IS NOT NULL) FROM (SELECT pg_get_serial_sequence($1, 'id') AS s, (SELECT max(id) FROM ${quoteIdent(table)}) AS m) x WHERE s IS NOT NULL`,
            [quoteIdent(table)],
          );
        }
      }
      const ms = Date.now() - t0;
      result.rows += rows;
      result.tables.push({ table, rows, ms, rowsPerSecond: rate(rows, ms) });
      processed = counts.slice(0, ti + 1).reduce((a, b) => a + b, 0);
      opts.onProgress?.({
        database: target.name,
        table,
        rows,
        databaseRows: result.rows,
        databaseProcessed: processed,
        databaseTotal: total,
        tableDone: true,
        done: ti === tables.length - 1,
      });
    }
    result.defaultPartitionRows = await defaultRows(client);
    if (result.defaultPartitionRows > 0) {
      throw new QuentyError('PARTITION', `${target.name}: ${result.defaultPartitionRows} row(s) would land in a DEFAULT partition; nothing was kept`, {
        database: target.name,
        hint: 'run `quenty-db partitions ensure` for the months of the data, then seed again',
      });
    }
    await completeLedger(client, target.name, run.runId, result.rows);
    await client.query('COMMIT');
    inTransaction = false;
  } catch (e) {
    const message = redact(errorMessage(e));
    if (inTransaction) await client.query('ROLLBACK').catch(() => undefined);
    if (ledgerStarted) await failLedger(client, target.name, run.runId, message).catch(() => undefined);
    if (isServerGone(e)) {
      // pg's own messages for a dead connection ("reading 'stream'", "not queryable") say nothing to a person.
      const reason = /reading 'stream'|not queryable|This socket has been ended/i.test(message) ? 'the connection was lost' : message;
      throw new QuentyError('CONNECTION', `${target.name}: the server went away during the seed (${reason}); nothing of this run was kept in ${target.name}`, {
        database: target.name,
        hint: `start the server (\`quenty-db server status\`), then run \`quenty-db seed --reset --db ${target.name}\``,
        cause: e,
      });
    }
    if (ledgerStarted && !(e instanceof QuentyError && e.hint)) {
      throw new QuentyError(e instanceof QuentyError ? e.code : 'INTERNAL', `${target.name}: seed failed, nothing of this run was kept: ${message}`, {
        database: target.name,
        hint: `fix the cause, then run \`quenty-db seed --reset --db ${target.name}\``,
        cause: e,
      });
    }
    throw e;
  } finally {
    await client.end().catch(() => undefined);
    result.ms = Date.now() - started;
    result.rowsPerSecond = rate(result.rows, result.ms);
  }
  return result;
}

/**
 * seed: plans row counts from the registry (relative sizes) and the scale, ensures monthly
 * partitions, then loads every selected database in parallel with COPY while worker threads
 * generate the rows. Same seed and anchor → byte-identical data.
 */
export async function seed(ctx: Context, opts: SeedOptions = {}): Promise<SeedResult> {
  const started = Date.now();
  const totalRows = resolveTotalRows(opts);
  const seedValue = opts.seed ?? 42;
  if (!Number.isInteger(seedValue) || seedValue < 0 || seedValue > 0xffffffff)
    throw new QuentyError('USAGE', `--seed must be a whole number between 0 and 4294967295`);
  const now = opts.now ?? defaultAnchor();
  const targets = ctx.select(opts.databases).filter((t) => t.entry.seed);
  if (!targets.length) throw new QuentyError('USAGE', 'no selected database has a seed plan (databases/<name>/seed.ts)');
  assertNotProduction(ctx, targets, opts.force);
  if (opts.injectOrphans !== undefined && (!Number.isInteger(opts.injectOrphans) || opts.injectOrphans < 0)) {
    throw new QuentyError('USAGE', `--inject-orphans must be a whole number ≥ 0, got ${opts.injectOrphans}`);
  }
  const generators = loadGenerators(ctx.registry);
  for (const k of Object.keys(opts.counts ?? {})) {
    const [db, table] = k.split('.');
    if (!generators.get(db)?.has(table)) throw new QuentyError('USAGE', `counts: unknown table ${k}`);
  }
  const tablesOf = (t: Target) => [...generators.get(t.name)!.keys()].filter((x) => !opts.tables || opts.tables.includes(x));
  if (opts.reset) {
    await guardDestructive(ctx, targets, 'truncate the seeded tables and load them again (seed --reset)', {
      yes: opts.yes,
      force: opts.force,
      confirm: opts.confirm,
      command: 'quenty-db seed --reset',
    });
  }
  // Refusals first (tables that hold rows, unreachable databases): a refused database gets no
  // partitions ensured, and nothing else happens when every database is refused.
  const early = new Map<string, DatabaseSeedResult>();
  if (!opts.reset) {
    await Promise.all(
      targets.map(async (t) => {
        const r = await precheck(t, tablesOf(t), opts);
        if (r) early.set(t.name, r);
      }),
    );
  }
  const loading = targets.filter((t) => !early.has(t.name));
  // The generation threads start loading now; the row counts follow when planned.
  const pool = new GeneratorPool(
    ctx.registry,
    seedValue,
    now,
    loading.length ? (opts.workers ?? defaultWorkers()) : 0,
    opts.threadHeapMb ?? (totalRows + Object.values(opts.counts ?? {}).reduce((a, b) => a + b, 0) > THREAD_HEAP_ROWS ? THREAD_HEAP_MB : 0),
  );
  let databases: DatabaseSeedResult[];
  let partitions: string;
  try {
    // The plan covers every database, so that references into unselected ones stay consistent.
    const counts = planCounts(ctx.registry, generators, seedValue, now, totalRows);
    for (const [k, n] of Object.entries(opts.counts ?? {})) {
      const [db, table] = k.split('.');
      counts[db][table] = n;
    }
    const world = new World(ctx.registry, generators, seedValue, now, counts);
    pool.attach(world, opts.sharedFactsRows, opts.factsMemoryBytes);
    const months = loading.length
      ? await ensureMonths(ctx, loading, now)
      : { summary: 'not needed', failed: new Map<string, { error: string; hint?: string }>() };
    partitions = months.summary;
    const partitionFailures = months.failed;
    const run: SeedRunInfo = { runId: newRunId(), seed: seedValue, anchor: now, totalRows, databases: loading.map((t) => t.name), reset: !!opts.reset };
    // Databases loading at this moment (a build's parallel workers pay only once one is left).
    const loadingNow = { databases: loading.filter((t) => !partitionFailures.has(t.name)).length };
    databases = await Promise.all(
      targets.map(async (t) => {
        const pre = early.get(t.name);
        if (pre) return pre;
        const pf = partitionFailures.get(t.name);
        if (pf) return { database: t.name, ok: false, rows: 0, ms: 0, rowsPerSecond: 0, tables: [], defaultPartitionRows: 0, error: pf.error, hint: pf.hint };
        try {
          return await loadDatabase(t, world, tablesOf(t), pool, opts, run, loadingNow);
        } catch (e) {
          return {
            database: t.name,
            ok: false,
            rows: 0,
            ms: 0,
            rowsPerSecond: 0,
            tables: [],
            defaultPartitionRows: 0,
            error: redact(errorMessage(e)),
            hint: e instanceof QuentyError ? e.hint : undefined,
          };
        } finally {
          loadingNow.databases--;
        }
      }),
    );
  } finally {
    await pool.close();
  }
  const loaded = databases.reduce((a, d) => a + d.rows, 0);
  const result: SeedResult = {
    ok: databases.every((d) => d.ok),
    seed: seedValue,
    now: now.toISOString(),
    totalRows: loaded,
    ms: 0,
    rowsPerSecond: 0,
    databases,
    partitions,
  };
  if (result.ok && opts.injectOrphans) {
    const { injectOrphans } = await import('./orphans');
    result.orphans = await injectOrphans(ctx, { count: opts.injectOrphans, seed: seedValue, databases: targets.map((t) => t.name), force: opts.force });
  }
  result.ms = Date.now() - started;
  result.rowsPerSecond = rate(loaded, result.ms);
  return result;
}
