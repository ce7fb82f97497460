import crypto from 'node:crypto';
import knexFactory, { Knex } from 'knex';
import pg from 'pg';
import { Context, Target, connect, quoteIdent, withClient, withDatabase } from '../db/targets';
import { RULE_BY_CODE, lintSets, loadParser, parseStatements, readLiveSchema } from '../lint';
import type { LintFinding, LiveSchema } from '../lint';
import { QuentyError, errorMessage } from '../util/errors';
import { redact } from '../util/redact';
import { settleLimit } from '../util/concurrency';
import { applicationName } from '../db/lock';
import { listMigrationFiles, planMigrations } from './plan';
import type { MigrationFile } from './plan';
import { loadMigration, migrationSettings, readApplied } from './index';

/**
 * `migrate plan --locks`: the lock footprint of the pending migrations, measured. Each selected
 * database gets a scratch copy on its server (`zz_locks_<pid>_<random>_<db>`: its applied
 * migrations replayed from nothing, so its schema, plus `sample` rows per table copied from the
 * database), and the pending migrations run there one statement at a time:
 *
 * - In a transaction (every migration, and each statement of a non-transactional migration that
 *   can run in one), the tracer runs the statement, then reads `pg_locks` for its own backend
 *   before the next statement, in the same transaction on the same connection: the locks it
 *   holds, new ones being the statement's. Locks are held until the migration commits, so the
 *   hold time of a lock runs from the statement that took it to COMMIT.
 * - A statement that cannot run in a transaction (CREATE INDEX CONCURRENTLY and the like) is
 *   watched from a second session that polls `pg_locks` for the first backend. That session
 *   first opens a REPEATABLE READ transaction: its snapshot makes a concurrent build wait
 *   (as a long transaction would in production), so its locks are seen for certain; the
 *   snapshot is released as soon as the wait is seen.
 * - Around each statement, `relfilenode` of every table is compared: a new one means the table
 *   was rewritten (a TRUNCATE also gets one, reported as truncated).
 *
 * The scratch copies are dropped in `finally`, whatever happens.
 */
export interface TraceOptions {
  databases?: string | string[];
  /** Rows copied per table from the database into its scratch copy (default 0: schema only). */
  sample?: number;
  /** CI: an ACCESS EXCLUSIVE lock held longer than this (ms) on a big table fails (default 1000). */
  maxExclusiveMs?: number;
  /** CI: tables with at least this many rows in the database count as big (default 10000). */
  minTableRows?: number;
}

export interface TracedLock {
  relation: string;
  /** `r` table, `p` partitioned table, `i` index, `I` partitioned index, `S` sequence, … ; `?` dropped since. */
  relkind: string;
  mode: string;
}

export interface TracedStatement {
  sql: string;
  /** `transaction`: read in the same transaction; `poll`: watched from a second session. */
  observedBy: 'transaction' | 'poll';
  ms: number;
  /** Rows the command reported (INSERT/UPDATE/DELETE/COPY…), when it reports any. */
  rows: number | null;
  /** Locks this statement took (not held before it in the migration). */
  locks: TracedLock[];
  /** Tables whose relfilenode changed (rewritten), with their rows in the scratch copy. */
  rewritten: Array<{ table: string; rows: number }>;
  truncated: string[];
  error?: string;
}

export interface HeldLock extends TracedLock {
  /** From the statement that took it to the end of the migration's transaction (or of the statement, outside one). */
  heldMs: number;
  /** Rows of the table in the real database (estimate), when it exists there. */
  liveRows?: number;
  /** When the table was rewritten: the hold time scaled from the sampled rows to the live rows. */
  estimatedMs?: number;
}

export interface TracedMigration {
  name: string;
  transaction: boolean;
  ms: number;
  statements: TracedStatement[];
  /** The strongest lock per relation over the migration, with how long it was held. */
  held: HeldLock[];
  error?: string;
}

export interface TracedFinding extends LintFinding {
  /** true: the trace shows it (a rewrite, a blocking lock); false: it does not; null: not a matter of locks, or not traced. */
  confirmed: boolean | null;
  evidence: string;
}

export interface DatabaseTrace {
  database: string;
  ok: boolean;
  scratch?: string;
  sampledRows: number;
  migrations: TracedMigration[];
  findings: TracedFinding[];
  /** CI failures: ACCESS EXCLUSIVE held too long on a big table. */
  violations: string[];
  error?: string;
}

export interface LockTraceReport {
  ok: boolean;
  options: Required<Omit<TraceOptions, 'databases'>>;
  databases: DatabaseTrace[];
}

const MODE_NAMES: Record<string, string> = {
  AccessShareLock: 'ACCESS SHARE',
  RowShareLock: 'ROW SHARE',
  RowExclusiveLock: 'ROW EXCLUSIVE',
  ShareUpdateExclusiveLock: 'SHARE UPDATE EXCLUSIVE',
  ShareLock: 'SHARE',
  ShareRowExclusiveLock: 'SHARE ROW EXCLUSIVE',
  ExclusiveLock: 'EXCLUSIVE',
  AccessExclusiveLock: 'ACCESS EXCLUSIVE',
};
const MODE_ORDER = Object.values(MODE_NAMES);
/** Modes that block writes (or everything) on the relation. */
export const BLOCKING_MODES = new Set(['SHARE', 'SHARE ROW EXCLUSIVE', 'EXCLUSIVE', 'ACCESS EXCLUSIVE']);
export const modeName = (m: string) => MODE_NAMES[m] ?? m;
const stronger = (a: string, b: string) => (MODE_ORDER.indexOf(a) >= MODE_ORDER.indexOf(b) ? a : b);

const LOCKS_SQL = `SELECT l.relation::int8 AS oid, coalesce(c.relname, l.relation::text) AS relation, coalesce(c.relkind::text, '?') AS relkind, l.mode
  FROM pg_locks l LEFT JOIN pg_class c ON c.oid = l.relation
 WHERE l.pid = $1 AND l.locktype = 'relation' AND l.granted AND l.relation >= 16384
   AND (c.oid IS NULL OR c.relnamespace NOT IN ('pg_catalog'::regnamespace, 'information_schema'::regnamespace))`;
const FILENODES_SQL = `SELECT c.oid::int8 AS oid, c.relname, c.relfilenode::int8 AS filenode FROM pg_class c
 WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'm')`;

/** Pure: whether a statement text can run inside a transaction block. */
export function canRunInTransaction(sql: string): boolean {
  for (const s of parseStatements(sql)) {
    if (!s.kind) continue;
    const n = s.node;
    if (n.concurrent) return false;
    if (s.kind === 'ReindexStmt' && (n.params ?? []).some((p: { DefElem?: { defname?: string } }) => p.DefElem?.defname === 'concurrently')) return false;
    if (['VacuumStmt', 'CreatedbStmt', 'DropdbStmt', 'AlterSystemStmt', 'CreateTableSpaceStmt', 'DropTableSpaceStmt', 'TransactionStmt'].includes(s.kind))
      return false;
    if (s.kind === 'AlterTableStmt' && JSON.stringify(n.cmds ?? []).includes('"concurrent":true')) return false;
    if (s.kind === 'ClusterStmt' && !n.relation) return false;
    if (s.kind === 'AlterEnumStmt') return false; // ADD VALUE then using it in the same transaction fails; run it as the migration would
  }
  return true;
}

const norm = (s: string) => s.toLowerCase().replace(/\s+/g, ' ').replace(/;\s*$/, '').trim();

/** Pure: what the trace says of a lint finding. */
export function confirmFinding(f: LintFinding, m: TracedMigration | undefined, existingBefore: Set<string>): Pick<TracedFinding, 'confirmed' | 'evidence'> {
  const rule = RULE_BY_CODE[f.code];
  if (!m) return { confirmed: null, evidence: 'migration not traced' };
  if (!rule || rule.evidence === 'none') return { confirmed: null, evidence: 'not a matter of locks' };
  const needle = norm(f.statement.replace(/\.\.\.$/, ''));
  const stmts = m.statements.filter((s) => norm(s.sql).includes(needle));
  if (!stmts.length) return { confirmed: null, evidence: 'statement not found in the trace' };
  if (rule.evidence === 'rewrite') {
    const rw = stmts.flatMap((s) => s.rewritten.map((r) => r.table));
    return rw.length ? { confirmed: true, evidence: `rewrote ${rw.join(', ')}` } : { confirmed: false, evidence: 'no table was rewritten' };
  }
  const blocking = stmts.flatMap((s) => s.locks).filter((l) => BLOCKING_MODES.has(l.mode) && existingBefore.has(l.relation));
  const own = f.table ? blocking.filter((l) => l.relation === f.table) : [];
  const shown = own.length ? own : blocking;
  return shown.length
    ? { confirmed: true, evidence: shown.map((l) => `${l.mode} on ${l.relation}`).join(', ') }
    : { confirmed: false, evidence: 'no lock that blocks writes on an existing relation' };
}

/** Pure: the CI failures of one migration's held locks. */
export function lockViolations(database: string, m: TracedMigration, o: { maxExclusiveMs: number; minTableRows: number }): string[] {
  const out: string[] = [];
  for (const h of m.held) {
    if (h.mode !== 'ACCESS EXCLUSIVE' || h.liveRows === undefined || h.liveRows < o.minTableRows) continue;
    const rewritten = m.statements.some((s) => s.rewritten.some((r) => r.table === h.relation));
    const ms = Math.max(h.heldMs, h.estimatedMs ?? 0);
    if (rewritten && h.estimatedMs === undefined) {
      out.push(
        `${database}: ${m.name} holds ACCESS EXCLUSIVE on ${h.relation} (${h.liveRows} rows) for a rewrite of the whole table: its time at the real size is unknown on a schema-only copy (use --sample to estimate it)`,
      );
    } else if (ms > o.maxExclusiveMs) {
      out.push(
        `${database}: ${m.name} holds ACCESS EXCLUSIVE on ${h.relation} (${h.liveRows} rows) for ${h.estimatedMs !== undefined ? `about ${h.estimatedMs} ms at its real size (${h.heldMs} ms on the scratch copy)` : `${h.heldMs} ms`}: more than ${o.maxExclusiveMs} ms`,
      );
    }
  }
  return out;
}

/** Loads a migration's up() and runs it against a knex bound to one connection. */
function boundKnex(client: pg.Client): Knex {
  const knex = knexFactory({ client: 'pg' });
  const c = knex.client as unknown as { acquireConnection: () => Promise<unknown>; releaseConnection: () => Promise<void> };
  c.acquireConnection = async () => client;
  c.releaseConnection = async () => undefined;
  return knex;
}

async function replay(client: pg.Client, files: MigrationFile[]) {
  const knex = boundKnex(client);
  try {
    for (const f of files) {
      const mod = loadMigration(f);
      if (mod.config?.transaction === false) await mod.up(knex);
      else {
        await client.query('BEGIN');
        try {
          await mod.up(knex);
          await client.query('COMMIT');
        } catch (e) {
          await client.query('ROLLBACK').catch(() => undefined);
          throw e;
        }
      }
    }
  } finally {
    await knex.destroy().catch(() => undefined);
  }
}

async function copySample(source: pg.Client, scratch: pg.Client, n: number): Promise<number> {
  const tables = await source.query(
    `SELECT c.relname FROM pg_class c WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p') AND NOT c.relispartition ORDER BY 1`,
  );
  let copied = 0;
  await scratch.query(`SET session_replication_role = replica`).catch(() => undefined); // no FK triggers for a sample (superuser)
  for (const { relname } of tables.rows) {
    const exists = await scratch.query(`SELECT to_regclass($1) AS r`, [`public.${quoteIdent(relname)}`]);
    if (!exists.rows[0].r) continue;
    const cols = await scratch.query(
      `SELECT a.attname, a.attidentity FROM pg_attribute a WHERE a.attrelid = $1::regclass AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = '' ORDER BY a.attnum`,
      [`public.${quoteIdent(relname)}`],
    );
    const names = cols.rows.map((r) => r.attname as string);
    const srcCols = await source.query(`SELECT attname FROM pg_attribute WHERE attrelid = $1::regclass AND attnum > 0 AND NOT attisdropped`, [
      `public.${quoteIdent(relname)}`,
    ]);
    const common = names.filter((c) => srcCols.rows.some((r) => r.attname === c));
    if (!common.length) continue;
    const list = common.map(quoteIdent).join(', ');
    const rows = await source.query({ text: `SELECT ${list} FROM public.${quoteIdent(relname)} LIMIT ${n}`, rowMode: 'array' });
    if (!rows.rows.length) continue;
    const always = cols.rows.some((r) => r.attidentity === 'a');
    const values = rows.rows.map((row: unknown[], i: number) => `(${row.map((_, j) => `$${i * common.length + j + 1}`).join(', ')})`).join(', ');
    await scratch.query(`INSERT INTO public.${quoteIdent(relname)} (${list}) ${always ? 'OVERRIDING SYSTEM VALUE ' : ''}VALUES ${values}`, rows.rows.flat());
    copied += rows.rows.length;
  }
  await scratch.query(`RESET session_replication_role`).catch(() => undefined);
  return copied;
}

interface LockRow {
  oid: string;
  relation: string;
  relkind: string;
  mode: string;
}
const key = (l: { relation: string; mode: string }) => `${l.relation}|${l.mode}`;

/** Runs one pending migration on the scratch copy, statement by statement, reading its locks. */
async function traceMigration(
  client: pg.Client,
  poller: pg.Client,
  file: MigrationFile,
  live: LiveSchema,
  sampled: Map<string, number>,
  ctx: Context,
): Promise<TracedMigration> {
  const mod = loadMigration(file);
  const settings = migrationSettings(file.name, mod.config, ctx.config);
  const pid = (client as unknown as { processID: number }).processID;
  const statements: TracedStatement[] = [];
  const heldSince = new Map<string, { lock: TracedLock; since: number; until?: number; overheadAtSince: number }>();
  let inTx = false;
  /** Time spent in the tracer's own queries (pg_locks, relfilenode) while a transaction held locks: not counted in hold times. */
  let overhead = 0;
  const raw = client.query.bind(client) as (...a: unknown[]) => Promise<pg.QueryResult>;
  const q = (text: string, values?: unknown[]) => raw(text, values) as Promise<pg.QueryResult>;
  const locksOf = async (c: (t: string, v?: unknown[]) => Promise<pg.QueryResult>) => (await c(LOCKS_SQL, [pid])).rows as LockRow[];
  const filenodes = async () => new Map(((await q(FILENODES_SQL)).rows as Array<{ oid: string; relname: string; filenode: string }>).map((r) => [r.oid, r]));

  const traceOne = async (text: string, values: unknown[] | undefined): Promise<pg.QueryResult> => {
    let t0 = Date.now();
    const before = await filenodes();
    const lockedBefore = inTx ? new Set((await locksOf(q)).map(key)) : new Set<string>();
    overhead += Date.now() - t0;
    const started = Date.now();
    let result: pg.QueryResult | undefined;
    let error: unknown;
    let locks: LockRow[] = [];
    let observedBy: TracedStatement['observedBy'] = 'transaction';
    let statementEnd: number | undefined;
    if (inTx || canRunInTransaction(text)) {
      const wrap = !inTx;
      if (wrap) await q('BEGIN');
      try {
        result = await raw(text, values);
        statementEnd = Date.now();
        t0 = Date.now();
        locks = await locksOf(q);
        overhead += Date.now() - t0;
      } catch (e) {
        error = e;
      }
      if (wrap) await q(error ? 'ROLLBACK' : 'COMMIT');
    } else {
      observedBy = 'poll';
      const seen = new Map<string, LockRow>();
      const pq = (t: string, v?: unknown[]) => poller.query(t, v);
      await poller.query('BEGIN ISOLATION LEVEL REPEATABLE READ');
      await poller.query('SELECT 1'); // takes the snapshot a concurrent build waits for
      let barrier = true;
      const run = raw(text, values).then(
        (r) => (result = r),
        (e) => (error = e),
      );
      let done = false;
      void run.finally(() => (done = true));
      const deadline = Date.now() + 2000;
      while (!done) {
        // Waiting first, then the locks: a statement seen waiting on the barrier's snapshot stays
        // blocked until the barrier commits, so the locks read next are certainly its own (read
        // the other way round, a build that took its locks between the two reads and finished
        // right after the barrier went was never seen).
        const waiting = (await pq(`SELECT count(*)::int AS n FROM pg_locks WHERE pid = $1 AND NOT granted`, [pid])).rows[0].n > 0;
        const rows = (await pq(LOCKS_SQL.replace('AND l.granted', ''), [pid])).rows as Array<LockRow & { granted?: boolean }>;
        for (const r of rows) seen.set(key({ relation: r.relation, mode: modeName(r.mode) }), r);
        if (barrier && (waiting || Date.now() > deadline)) {
          await poller.query('COMMIT');
          barrier = false;
        }
        await new Promise((r) => setTimeout(r, 2));
      }
      if (barrier) await poller.query('COMMIT');
      await run;
      locks = [...seen.values()];
    }
    const ms = (statementEnd ?? Date.now()) - started;
    t0 = Date.now();
    const after = await filenodes();
    const rewritten: TracedStatement['rewritten'] = [];
    const truncated: string[] = [];
    const isTruncate = result?.command === 'TRUNCATE';
    for (const [oid, b] of before) {
      const a = after.get(oid);
      if (!a || a.filenode === b.filenode) continue;
      if (isTruncate) truncated.push(a.relname);
      else rewritten.push({ table: a.relname, rows: Number((await q(`SELECT count(*)::int8 AS n FROM public.${quoteIdent(a.relname)}`)).rows[0].n) });
    }
    if (inTx) overhead += Date.now() - t0;
    const took: TracedLock[] = [];
    // A relation no longer in pg_class (relkind '?') is the transient heap of a rewrite, already gone.
    for (const l of locks.filter((x) => x.relkind !== '?')) {
      const t = { relation: l.relation, relkind: l.relkind, mode: modeName(l.mode) };
      if (lockedBefore.has(`${l.relation}|${l.mode}`) || took.some((x) => key(x) === key(t))) continue;
      took.push(t);
      if (!heldSince.has(key(t))) heldSince.set(key(t), { lock: t, since: started, overheadAtSince: overhead, ...(inTx ? {} : { until: started + ms }) });
    }
    statements.push({
      sql: text.length > 500 ? text.slice(0, 497) + '...' : text,
      observedBy,
      ms,
      rows: typeof result?.rowCount === 'number' && ['INSERT', 'UPDATE', 'DELETE', 'COPY', 'MERGE', 'SELECT'].includes(result.command) ? result.rowCount : null,
      locks: took,
      rewritten,
      truncated,
      ...(error ? { error: redact(errorMessage(error)) } : {}),
    });
    if (error) throw error;
    return result!;
  };

  // Every query the migration sends goes through traceOne: knex calls connection.query(config, callback).
  const traced = new Proxy(client, {
    get(target, prop, receiver) {
      if (prop !== 'query') return Reflect.get(target, prop, receiver);
      return (config: string | { text: string; values?: unknown[] }, valuesOrCb?: unknown, cb?: (e: Error | null, r?: pg.QueryResult) => void) => {
        const callback = (typeof valuesOrCb === 'function' ? valuesOrCb : cb) as typeof cb;
        const text = typeof config === 'string' ? config : config.text;
        const values = typeof config === 'string' ? (Array.isArray(valuesOrCb) ? valuesOrCb : undefined) : config.values;
        const p = traceOne(text, values);
        if (callback)
          p.then(
            (r) => callback(null, r),
            (e) => callback(e),
          );
        return callback ? undefined : p;
      };
    },
  });
  const knex = boundKnex(traced as pg.Client);
  const started = Date.now();
  let error: string | undefined;
  try {
    await q(`SET lock_timeout = '${settings.lockTimeoutMs}ms'`);
    if (settings.transaction) {
      await q('BEGIN');
      inTx = true;
    }
    try {
      await mod.up(knex);
      if (settings.transaction) await q('COMMIT');
    } catch (e) {
      if (settings.transaction) await q('ROLLBACK').catch(() => undefined);
      error = redact(errorMessage(e));
    }
  } finally {
    inTx = false;
    await q('RESET lock_timeout').catch(() => undefined);
    await knex.destroy().catch(() => undefined);
  }
  const end = Date.now();
  const strongest = new Map<string, HeldLock>();
  for (const { lock, since, until, overheadAtSince } of heldSince.values()) {
    const heldMs = Math.max(0, (until ?? end) - since - (until ? 0 : overhead - overheadAtSince));
    const prev = strongest.get(lock.relation);
    if (prev && stronger(prev.mode, lock.mode) === prev.mode && prev.mode !== lock.mode) continue;
    const liveRows = live.rows?.get(lock.relation);
    const rw = statements.flatMap((s) => s.rewritten).find((r) => r.table === lock.relation);
    const sample = sampled.get(lock.relation) ?? 0;
    const estimatedMs = rw && liveRows !== undefined && sample > 0 ? Math.round((heldMs * liveRows) / sample) : undefined;
    strongest.set(lock.relation, {
      ...lock,
      heldMs: Math.max(heldMs, prev?.mode === lock.mode ? prev.heldMs : 0),
      ...(liveRows !== undefined ? { liveRows } : {}),
      ...(estimatedMs !== undefined ? { estimatedMs } : {}),
    });
  }
  return { name: file.name, transaction: settings.transaction, ms: end - started, statements, held: [...strongest.values()], ...(error ? { error } : {}) };
}

export function scratchName(dbName: string, pid = process.pid): string {
  return `zz_locks_${pid.toString(36)}_${crypto.randomBytes(3).toString('hex')}_${dbName}`.slice(0, 63);
}

async function traceDatabase(ctx: Context, t: Target, o: LockTraceReport['options']): Promise<DatabaseTrace> {
  const files = listMigrationFiles(ctx.registry.migrationsDir(t.name));
  const { applied, live } = await withClient(
    t.url,
    t.name,
    async (c) => ({ applied: await readApplied(c, t.entry.versionTable), live: await readLiveSchema(c) }),
    applicationName('plan --locks'),
  );
  const plan = planMigrations(files, applied);
  if (plan.problems.length)
    throw new QuentyError('CHECKSUM', `${t.name}: applied migrations changed or missing; run quenty-db migrate validate`, { database: t.name });
  const result: DatabaseTrace = { database: t.name, ok: true, sampledRows: 0, migrations: [], findings: [], violations: [] };
  if (!plan.pending.length) return result;
  const lint = await lintSets(ctx.registry, [{ database: t.name, files: plan.pending, live }]);
  const scratch = scratchName(t.dbName);
  result.scratch = scratch;
  const maintenance = t.maintenanceUrl;
  await withClient(maintenance, t.name, (c) => c.query(`CREATE DATABASE ${quoteIdent(scratch)} TEMPLATE template0 ENCODING 'UTF8'`));
  try {
    const url = withDatabase(t.url, scratch);
    const client = await connect(url, t.name, applicationName('plan --locks'));
    const poller = await connect(url, t.name, applicationName('plan --locks poll'));
    try {
      const byName = new Map(files.map((f) => [f.name, f]));
      await replay(
        client,
        applied.map((a) => byName.get(a.name)!),
      );
      const sampled = new Map<string, number>();
      if (o.sample > 0) {
        result.sampledRows = await withClient(t.url, t.name, (src) => copySample(src, client, o.sample));
        for (const r of (
          await client.query(
            `SELECT relname, (xpath('/row/n/text()', query_to_xml(format('SELECT count(*) AS n FROM public.%I', relname), false, true, '')))[1]::text::int AS n FROM pg_class WHERE relnamespace = 'public'::regnamespace AND relkind = 'r'`,
          )
        ).rows) {
          sampled.set(r.relname, r.n);
        }
      }
      const existingBefore = new Set<string>(
        (await client.query(`SELECT relname FROM pg_class WHERE relnamespace = 'public'::regnamespace`)).rows.map((r) => r.relname),
      );
      for (const f of plan.pending) {
        const m = await traceMigration(client, poller, f, live, sampled, ctx);
        result.migrations.push(m);
        if (m.error) {
          result.ok = false;
          result.error = `${f.name} failed on the scratch copy: ${m.error}`;
          break;
        }
        result.violations.push(...lockViolations(t.name, m, o));
      }
      result.findings = lint.findings.map((f) => ({
        ...f,
        ...confirmFinding(
          f,
          result.migrations.find((m) => m.name === f.migration),
          existingBefore,
        ),
      }));
      if (result.violations.length) result.ok = false;
    } finally {
      await client.end().catch(() => undefined);
      await poller.end().catch(() => undefined);
    }
  } finally {
    await withClient(maintenance, t.name, (c) => c.query(`DROP DATABASE IF EXISTS ${quoteIdent(scratch)} WITH (FORCE)`)).catch(() => undefined);
  }
  return result;
}

/** migrate plan --locks over the selected databases (one at a time per server is enough: the copies are small). */
export async function traceLocks(ctx: Context, opts: TraceOptions = {}): Promise<LockTraceReport> {
  await loadParser();
  const options = { sample: opts.sample ?? 0, maxExclusiveMs: opts.maxExclusiveMs ?? 1000, minTableRows: opts.minTableRows ?? 10_000 };
  const targets = ctx.select(opts.databases);
  const results = await settleLimit(targets, Math.min(2, ctx.config.concurrency), (t) => traceDatabase(ctx, t, options));
  const databases = results.map((r, i): DatabaseTrace =>
    r.ok
      ? r.value
      : { database: targets[i].name, ok: false, sampledRows: 0, migrations: [], findings: [], violations: [], error: redact(errorMessage(r.error)) },
  );
  return { ok: databases.every((d) => d.ok), options, databases };
}
