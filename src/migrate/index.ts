import fs from 'node:fs';
import path from 'node:path';
import type { Knex } from 'knex';
import type pg from 'pg';
import { Context, Target, createKnex, quoteIdent, withClient } from '../db/targets';
import { QuentyError, errorMessage } from '../util/errors';
import { FleetReport, fleetReport } from '../result';
import { redact } from '../util/redact';
import { requireFile } from '../util/require-file';
import { settleLimit, sleep } from '../util/concurrency';
import { QuentyConfig, parseDuration } from '../config';
import { acquireLock, applicationName, releaseLock } from '../db/lock';
import { refuseTransactionPooler } from '../db/pooler-guard';
import { ConfirmFn, guardDestructive } from '../db/guard';
import { historyLockdownSql } from '../db/history';
import { isServerGone } from '../util/pg-errors';
import { makeDirSafe, writeFileChecked } from '../util/fsx';
import {
  AppliedMigration,
  MigrationFile,
  MigrationPlan,
  describeProblem,
  lastApplied,
  lastBatch,
  listMigrationFiles,
  migrationTimestamp,
  planMigrations,
} from './plan';

export * from './plan';

/**
 * The migration engine. Safer than Knex's `migrate.latest()`:
 * - one transaction per migration, decided per migration (`export const config = { transaction: false }`
 *   turns it off for that migration only, e.g. for CREATE INDEX CONCURRENTLY);
 * - a session advisory lock per database with a timeout, on a direct connection, released in finally;
 * - the SHA-256 of every applied migration, checked before anything runs;
 * - a result per database: one failing database does not hide the others.
 */

/**
 * What a migration may export as `config`:
 * - `transaction: false`: run outside a transaction (CREATE INDEX CONCURRENTLY);
 * - `lockTimeout`: its lock_timeout (`'10s'`, `500` ms; `0` turns it off), else
 *   QUENTY_MIGRATION_LOCK_TIMEOUT (default 5s);
 * - `lockRetries`: attempts when a statement cannot get its lock in time (default
 *   QUENTY_MIGRATION_LOCK_RETRIES, 5), with backoff between them;
 * - `statementTimeout`: its statement_timeout, else QUENTY_MIGRATION_STATEMENT_TIMEOUT (default none).
 */
export interface MigrationConfig {
  transaction?: boolean;
  lockTimeout?: number | string;
  lockRetries?: number;
  statementTimeout?: number | string;
}

export interface MigrationModule {
  up: (knex: Knex) => Promise<unknown>;
  down: (knex: Knex) => Promise<unknown>;
  config?: MigrationConfig;
}

export interface MigrationSettings {
  transaction: boolean;
  lockTimeoutMs: number;
  statementTimeoutMs: number;
  attempts: number;
}

/** Pure: the settings a migration runs with, from its `config` and the configuration's defaults. */
export function migrationSettings(
  name: string,
  config: MigrationConfig | undefined,
  defaults: Pick<QuentyConfig, 'migrationLockTimeoutMs' | 'migrationLockRetries' | 'migrationStatementTimeoutMs'>,
): MigrationSettings {
  const dur = (v: number | string | undefined, fallback: number, what: string) => {
    if (v === undefined) return fallback;
    const ms = parseDuration(v);
    if (ms === undefined)
      throw new QuentyError('MIGRATION', `${name}: config.${what} must be a duration such as 5000, '5s' or '2min', got ${JSON.stringify(v)}`);
    return ms;
  };
  const attempts = config?.lockRetries ?? defaults.migrationLockRetries;
  if (!Number.isInteger(attempts) || attempts < 1)
    throw new QuentyError('MIGRATION', `${name}: config.lockRetries must be a whole number of at least 1, got ${JSON.stringify(attempts)}`);
  return {
    transaction: config?.transaction !== false,
    lockTimeoutMs: dur(config?.lockTimeout, defaults.migrationLockTimeoutMs, 'lockTimeout'),
    statementTimeoutMs: dur(config?.statementTimeout, defaults.migrationStatementTimeoutMs, 'statementTimeout'),
    attempts,
  };
}

/** Pure: the wait before attempt `attempt + 1` (attempt ≥ 1): 0.5 s doubling to at most 15 s, with up to 20% jitter from `random`. */
export function lockRetryDelayMs(attempt: number, random: () => number = Math.random): number {
  const base = Math.min(500 * 2 ** (attempt - 1), 15_000);
  return Math.round(base * (1 + 0.2 * random()));
}

/** Whether an error is PostgreSQL's lock_timeout (55P03 lock_not_available). */
export const isLockTimeout = (e: unknown) => (e as { code?: string })?.code === '55P03';

export type MigrateAction = 'latest' | 'up' | 'down' | 'rollback';

export interface MigrateOptions {
  databases?: string | string[];
  dryRun?: boolean;
  /** Override config.concurrency. */
  concurrency?: number;
  /** Called for each migration as it starts and ends (progress). */
  onEvent?: (e: MigrateEvent) => void;
  /** down/rollback: confirm without asking (more than one database), see guardDestructive. */
  yes?: boolean;
  /** down/rollback: go ahead where the target looks like production. */
  force?: boolean;
  /** down/rollback: how to ask for confirmation (default: on the terminal, if any). */
  confirm?: ConfirmFn;
}

export type MigrateEvent =
  | { type: 'start'; database: string; migration: string; direction: 'up' | 'down' }
  /** A statement could not get its lock within lock_timeout: the migration was rolled back and is tried again after `waitMs`. */
  | {
      type: 'lock-wait';
      database: string;
      migration: string;
      direction: 'up' | 'down';
      attempt: number;
      attempts: number;
      lockTimeoutMs: number;
      waitMs: number;
      error: string;
    }
  | { type: 'done'; database: string; migration: string; direction: 'up' | 'down'; ms: number };

export interface MigrationStep {
  name: string;
  direction: 'up' | 'down';
  transaction: boolean;
  ms: number;
  /** lock_timeout it ran with (0: none). */
  lockTimeoutMs: number;
  /** Attempts that hit lock_timeout before it went through. */
  lockWaits: number;
  /** With --dry-run: the SQL it would run. */
  sql?: string[];
}

export interface DatabaseMigrateResult {
  database: string;
  ok: boolean;
  action: MigrateAction;
  steps: MigrationStep[];
  error?: string;
  code?: string;
  hint?: string;
}

export interface DatabaseStatus {
  database: string;
  reachable: boolean;
  applied: number;
  pending: string[];
  lastApplied?: { name: string; batch: number; at?: string };
  problems: string[];
  outOfOrder: string[];
  error?: string;
}

export function loadMigration(file: MigrationFile): MigrationModule {
  const mod = requireFile(file.file) as { default?: MigrationModule } & MigrationModule;
  const m = (mod.default && typeof mod.default.up === 'function' ? mod.default : mod) as MigrationModule;
  if (typeof m.up !== 'function' || typeof m.down !== 'function') {
    throw new QuentyError('MIGRATION', `${file.name}: a migration must export async up(knex) and down(knex)`);
  }
  return m;
}

async function ensureVersionTable(knex: Knex, table: string) {
  await knex.raw(`CREATE TABLE IF NOT EXISTS ${quoteIdent(table)} (
    id serial PRIMARY KEY,
    name varchar(255) NOT NULL UNIQUE,
    batch integer NOT NULL,
    migration_time timestamptz NOT NULL DEFAULT now(),
    checksum char(64),
    duration_ms integer
  )`);
}

/** The applied migrations, in order, through a knex or a plain pg client (verify reads them on its one connection). */
export async function readApplied(db: Knex | pg.ClientBase, table: string): Promise<AppliedMigration[]> {
  const rows = async (sql: string, params: unknown[] = []) =>
    typeof (db as Knex).raw === 'function'
      ? (await (db as Knex).raw(params.length ? sql.replace(/\$\d+/g, '?') : sql, params as Knex.RawBinding[])).rows
      : (await (db as pg.ClientBase).query(sql, params)).rows;
  const exists = await rows('SELECT to_regclass($1) AS t', [table]);
  if (!exists[0].t) return [];
  return rows(`SELECT name, batch, checksum, migration_time FROM ${quoteIdent(table)} ORDER BY id`);
}

export function migrationFiles(ctx: Context, t: Target): MigrationFile[] {
  return listMigrationFiles(ctx.registry.migrationsDir(t.name));
}

function failIfProblems(t: Target, plan: MigrationPlan) {
  if (plan.problems.length) {
    throw new QuentyError('CHECKSUM', `${t.name}: ${plan.problems.map(describeProblem).join('; ')}`, {
      database: t.name,
      hint: 'restore the applied migration file as it was and put the change in a new migration',
    });
  }
}

/** `$1`-style placeholders replaced by SQL literals, for printing only. */
export function inlineBindings(sql: string, bindings: readonly unknown[]): string {
  const literal = (v: unknown): string => {
    if (v === null || v === undefined) return 'NULL';
    if (typeof v === 'number' || typeof v === 'bigint') return String(v);
    if (typeof v === 'boolean') return v ? 'true' : 'false';
    const text = v instanceof Date ? v.toISOString() : typeof v === 'object' ? JSON.stringify(v) : String(v);
    return "'" + text.replace(/'/g, "''") + "'";
  };
  return sql.replace(/\$(\d+)/g, (m, n) => (Number(n) <= bindings.length ? literal(bindings[Number(n) - 1]) : m));
}

/**
 * A knex whose queries are recorded instead of sent (dry run; `migrate lint` reads the SQL of
 * migrations with it): it hands out a fake connection (transactions included), so nothing
 * reaches a server and no URL is needed. Reads return no rows.
 */
export function recordingKnex(url: string | undefined, sink: string[]): Knex {
  const knex = url ? createKnex(url, { max: 1 }) : (require('knex') as typeof import('knex').knex)({ client: 'pg' });
  const fake = {
    __knexUid: 'dry-run',
    query(config: { text: string; values?: unknown[] }, cb: (err: Error | null, res: unknown) => void) {
      const sql = config.values && config.values.length ? inlineBindings(config.text, config.values) : config.text;
      // Knex's own transaction statements (exactly these texts) are not the migration's; a BEGIN written by the migration is.
      if (!/^(BEGIN;|COMMIT;|ROLLBACK)$/.test(sql.trim())) sink.push(sql.trim().replace(/;?$/, ';'));
      cb(null, { rows: [], rowCount: 0, fields: [], command: 'SELECT' });
    },
  };
  const client = knex.client as unknown as { acquireConnection: () => Promise<unknown>; releaseConnection: () => Promise<void> };
  client.acquireConnection = async () => fake;
  client.releaseConnection = async () => undefined;
  return knex;
}

async function runOne(
  ctx: Context,
  knex: Knex,
  t: Target,
  file: MigrationFile,
  direction: 'up' | 'down',
  batch: number,
  dryRun: boolean,
  onEvent?: (e: MigrateEvent) => void,
): Promise<MigrationStep> {
  const mod = loadMigration(file);
  const settings = migrationSettings(file.name, mod.config, ctx.config);
  const { transaction } = settings;
  const table = t.entry.versionTable;
  const started = Date.now();
  const sql: string[] = [];
  const k = dryRun ? recordingKnex(t.url, sql) : knex;
  const record = async (q: Knex) => {
    if (direction === 'up') {
      await q(table).insert({ name: file.name, batch, checksum: file.checksum, duration_ms: Date.now() - started });
    } else {
      await q(table).where({ name: file.name }).del();
    }
  };
  // lock_timeout / statement_timeout: SET LOCAL inside the migration's transaction, or for the
  // session around a non-transactional migration (reset afterwards).
  const settingsSql = (local: boolean) => [
    `SET ${local ? 'LOCAL ' : ''}lock_timeout = '${settings.lockTimeoutMs}ms'`,
    `SET ${local ? 'LOCAL ' : ''}statement_timeout = '${settings.statementTimeoutMs}ms'`,
  ];
  let lockWaits = 0;
  try {
    for (let attempt = 1; ; attempt++) {
      try {
        if (transaction) {
          await k.transaction(async (trx) => {
            for (const q of settingsSql(true)) await trx.raw(q);
            await mod[direction](trx);
            await record(trx);
          });
        } else {
          try {
            for (const q of settingsSql(false)) await k.raw(q);
            await mod[direction](k);
            await record(k);
          } finally {
            if (!dryRun) await k.raw('RESET lock_timeout; RESET statement_timeout').catch(() => undefined);
          }
        }
        break;
      } catch (e) {
        if (!isLockTimeout(e) || dryRun) throw e;
        if (attempt >= settings.attempts) {
          throw new QuentyError(
            'LOCK_TIMEOUT',
            `${t.name}: migration ${file.name} (${direction}) could not get its locks: ${settings.attempts} attempt(s) of lock_timeout ${settings.lockTimeoutMs} ms each failed (${redact(errorMessage(e))})`,
            {
              database: t.name,
              hint: `a session holds a conflicting lock (look for long transactions in pg_stat_activity on ${t.name}); run it again when it is gone, or raise config.lockTimeout / QUENTY_MIGRATION_LOCK_TIMEOUT or QUENTY_MIGRATION_LOCK_RETRIES`,
              cause: e,
            },
          );
        }
        lockWaits++;
        const waitMs = lockRetryDelayMs(attempt);
        onEvent?.({
          type: 'lock-wait',
          database: t.name,
          migration: file.name,
          direction,
          attempt,
          attempts: settings.attempts,
          lockTimeoutMs: settings.lockTimeoutMs,
          waitMs,
          error: redact(errorMessage(e)),
        });
        await sleep(waitMs);
      }
    }
  } catch (e) {
    if (e instanceof QuentyError) throw e;
    if (!dryRun && isServerGone(e)) {
      throw new QuentyError('CONNECTION', `${t.name}: the server went away while migration ${file.name} (${direction}) ran: ${redact(errorMessage(e))}`, {
        database: t.name,
        hint: transaction
          ? 'not a fault of the migration: it was rolled back with its transaction; start the server (`quenty-db server status`) and run migrate again'
          : 'not a fault of the migration, but it ran outside a transaction: start the server and run migrate again (it must be safe to run again)',
        cause: e,
      });
    }
    throw new QuentyError('MIGRATION', `${t.name}: migration ${file.name} (${direction}) failed: ${redact(errorMessage(e))}`, {
      database: t.name,
      hint: transaction ? 'it was rolled back; fix it and run again' : 'it ran outside a transaction: it must be safe to run again (IF NOT EXISTS)',
      cause: e,
    });
  } finally {
    if (dryRun) await k.destroy();
  }
  return { name: file.name, direction, transaction, ms: Date.now() - started, lockTimeoutMs: settings.lockTimeoutMs, lockWaits, ...(dryRun ? { sql } : {}) };
}

/**
 * One database: a single session (a pool of exactly one connection, never reaped) takes the
 * advisory lock and then runs every migration, so each database costs one connection. Before
 * each migration the session is checked to be the one holding the lock: should the pool ever
 * replace it, the run stops instead of migrating unlocked.
 */
async function migrateOne(ctx: Context, t: Target, action: MigrateAction, opts: MigrateOptions): Promise<MigrationStep[]> {
  const knex = createKnex(t.url, { min: 1, max: 1, applicationName: applicationName(`migrate ${action}`), checkClientGone: true });
  const pool = knex.client as unknown as { acquireConnection(): Promise<pg.Client>; releaseConnection(c: pg.Client): Promise<void> };
  let lockedPid: number | undefined;
  const sameSession = async () => {
    const r = await knex.raw('SELECT pg_backend_pid() AS pid');
    if (r.rows[0].pid !== lockedPid) {
      throw new QuentyError('MIGRATION', `${t.name}: the session holding the migration lock was lost; stopped before the next migration`, { database: t.name });
    }
  };
  try {
    const session = await pool.acquireConnection().catch((e: Error) => {
      throw new QuentyError('CONNECTION', `${t.name}: cannot connect: ${redact(e.message)}`, { database: t.name, cause: e });
    });
    try {
      await refuseTransactionPooler(session, t, ctx.config);
      await acquireLock(session, t.name, t.entry.versionTable, ctx.config.lockTimeoutMs);
      lockedPid = (await session.query('SELECT pg_backend_pid() AS pid')).rows[0].pid as number;
    } finally {
      await pool.releaseConnection(session);
    }
    if (!opts.dryRun) {
      await ensureVersionTable(knex, t.entry.versionTable);
      // The service role reads the history but never writes it (see historyLockdownSql).
      const exists = await knex.raw('SELECT 1 FROM pg_roles WHERE rolname = ?', [t.role]);
      if (exists.rows.length) await knex.raw(historyLockdownSql(t.entry.versionTable, t.role));
    }
    const files = migrationFiles(ctx, t);
    const applied = await readApplied(knex, t.entry.versionTable);
    const plan = planMigrations(files, applied);
    failIfProblems(t, plan);
    const byName = new Map(files.map((f) => [f.name, f]));
    let todo: Array<{ file: MigrationFile; direction: 'up' | 'down' }>;
    if (action === 'latest') todo = plan.pending.map((file) => ({ file, direction: 'up' }));
    else if (action === 'up') todo = plan.pending.slice(0, 1).map((file) => ({ file, direction: 'up' }));
    else {
      const undo = action === 'down' ? [lastApplied(applied)].filter((a): a is AppliedMigration => !!a) : lastBatch(applied);
      todo = undo.map((a) => ({ file: byName.get(a.name)!, direction: 'down' }));
    }
    const steps: MigrationStep[] = [];
    for (const { file, direction } of todo) {
      await sameSession();
      opts.onEvent?.({ type: 'start', database: t.name, migration: file.name, direction });
      const step = await runOne(ctx, knex, t, file, direction, plan.nextBatch, !!opts.dryRun, opts.onEvent);
      steps.push(step);
      opts.onEvent?.({ type: 'done', database: t.name, migration: file.name, direction, ms: step.ms });
    }
    return steps;
  } finally {
    if (lockedPid !== undefined) {
      const session = await pool.acquireConnection().catch(() => undefined);
      if (session) {
        await releaseLock(session, t.entry.versionTable).catch(() => undefined);
        await pool.releaseConnection(session);
      }
    }
    await knex.destroy().catch(() => undefined);
  }
}

function toResult(database: string, action: MigrateAction, r: { ok: true; value: MigrationStep[] } | { ok: false; error: unknown }): DatabaseMigrateResult {
  if (r.ok) return { database, ok: true, action, steps: r.value };
  const e =
    !(r.error instanceof QuentyError) && isServerGone(r.error)
      ? new QuentyError('CONNECTION', `${database}: the server went away: ${errorMessage(r.error)}`, {
          database,
          hint: 'start the server (`quenty-db server status`) and run migrate again',
        })
      : r.error;
  return {
    database,
    ok: false,
    action,
    steps: [],
    error: redact(errorMessage(e)),
    code: e instanceof QuentyError ? e.code : undefined,
    hint: e instanceof QuentyError ? e.hint : undefined,
  };
}

/** latest | up | down | rollback over the selected databases, in parallel (bounded). */
/** One database's migrate, as a result (never throws). */
export async function migrateTarget(ctx: Context, t: Target, action: MigrateAction, opts: MigrateOptions = {}): Promise<DatabaseMigrateResult> {
  await guardUndo(ctx, [t], action, opts);
  const [r] = await settleLimit([t], 1, (x) => migrateOne(ctx, x, action, opts));
  return toResult(t.name, action, r);
}

/** down and rollback drop tables: they go through the destructive-command guard (not a dry run). */
async function guardUndo(ctx: Context, targets: Target[], action: MigrateAction, opts: MigrateOptions): Promise<void> {
  if ((action === 'down' || action === 'rollback') && !opts.dryRun) {
    await guardDestructive(
      ctx,
      targets,
      action === 'down' ? 'undo the last migration (migrate down)' : 'undo the last batch of migrations (migrate rollback)',
      {
        yes: opts.yes,
        force: opts.force,
        confirm: opts.confirm,
        command: `quenty-db migrate ${action}`,
      },
    );
  }
}

/** One result per selected database; ok when every database's migrations ran. */
export async function migrate(ctx: Context, action: MigrateAction, opts: MigrateOptions = {}): Promise<FleetReport<DatabaseMigrateResult>> {
  const targets = ctx.select(opts.databases);
  await guardUndo(ctx, targets, action, opts);
  const results = await settleLimit(targets, opts.concurrency ?? ctx.config.concurrency, (t) => migrateOne(ctx, t, action, opts));
  return fleetReport(results.map((r, i) => toResult(targets[i].name, action, r)));
}

/** Whether a migration status is ok: every database reachable, no applied migration edited or deleted. */
export function migrationStatusOk(st: readonly DatabaseStatus[]): boolean {
  return st.every((s) => s.reachable && !s.problems.length);
}

/** A migration status: one status per selected database; ok as migrationStatusOk decides. */
export interface MigrationStatusReport {
  ok: boolean;
  databases: DatabaseStatus[];
}

export async function migrationStatus(ctx: Context, opts: { databases?: string | string[] } = {}): Promise<MigrationStatusReport> {
  const targets = ctx.select(opts.databases);
  const results = await settleLimit(targets, ctx.config.concurrency, async (t) => {
    // One plain client (not a Knex pool): status only reads the version table, and knex stays unloaded.
    return withClient(
      t.url,
      t.name,
      async (client) => {
        const applied = await readApplied(client, t.entry.versionTable);
        const plan = planMigrations(migrationFiles(ctx, t), applied);
        const last = plan.lastApplied;
        const status: DatabaseStatus = {
          database: t.name,
          reachable: true,
          applied: applied.length,
          pending: plan.pending.map((p) => p.name),
          lastApplied: last
            ? { name: last.name, batch: last.batch, at: last.migration_time ? new Date(last.migration_time).toISOString() : undefined }
            : undefined,
          problems: plan.problems.map(describeProblem),
          outOfOrder: plan.outOfOrder,
        };
        return status;
      },
      applicationName('status'),
    );
  });
  const databases = results.map((r, i): DatabaseStatus =>
    r.ok
      ? r.value
      : { database: targets[i].name, reachable: false, applied: 0, pending: [], problems: [], outOfOrder: [], error: redact(errorMessage(r.error)) },
  );
  return { ok: migrationStatusOk(databases), databases };
}

/** validate: the checksum problems per database (empty list means valid). */
export async function validateMigrations(ctx: Context, opts: { databases?: string | string[] } = {}) {
  const status = await migrationStatus(ctx, opts);
  return status.databases.map((s) => ({ database: s.database, ok: s.reachable && s.problems.length === 0, problems: s.problems, error: s.error }));
}

const TEMPLATE = `import type { Knex } from 'knex';
import type pg from 'pg';

// Runs in its own transaction, with lock_timeout (QUENTY_MIGRATION_LOCK_TIMEOUT, default 5s) and
// retries when it cannot get its locks. Per migration, export for example:
//   export const config = { lockTimeout: '10s', statementTimeout: '15min' };
// For CREATE INDEX CONCURRENTLY, export config = { transaction: false } and make up() safe to
// run again (IF NOT EXISTS): it is not rolled back on failure. Check it with quenty-db migrate lint.

export async function up(knex: Knex): Promise<void> {
}

export async function down(knex: Knex): Promise<void> {
}
`;

/** Longest migration name (after slugging): with the timestamp and `.ts` it stays far below the 255-byte file name limit. */
export const MAX_MIGRATION_SLUG = 120;

/** make <db> <name>: writes a new migration file and returns its path. */
export function makeMigration(ctx: Pick<Context, 'registry'>, database: string, name: string, now = new Date()): string {
  ctx.registry.get(database);
  const slug = name
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
  if (!slug) throw new QuentyError('USAGE', `migration name "${name}" has no letters or digits`);
  // The file name must fit the file system (255 bytes) and the history's name column (255).
  if (slug.length > MAX_MIGRATION_SLUG) {
    throw new QuentyError('USAGE', `migration name is ${slug.length} characters long; at most ${MAX_MIGRATION_SLUG}`, {
      hint: 'say what it does in a few words (add_orders_channel)',
    });
  }
  const dir = makeDirSafe(ctx.registry.migrationsDir(database), { what: 'migrations folder' });
  const file = path.join(dir, `${migrationTimestamp(now)}_${slug}.ts`);
  if (fs.existsSync(file)) throw new QuentyError('USAGE', `${file} exists already`);
  writeFileChecked(file, TEMPLATE, { what: 'migration' });
  return file;
}
