import crypto from 'node:crypto';
import type pg from 'pg';
import { Context, Target, withClient } from '../db/targets';
import { errorMessage } from '../util/errors';
import { redact } from '../util/redact';

/**
 * The seed ledger: one row per database per seed run in `quenty.seed_runs` (a schema of the
 * admin's, outside `public`: the service role cannot read or change it, and schema verification
 * does not see it). A run inserts its row as `running` (committed at once), loads every table
 * in ONE transaction, and marks the row `complete` in that same transaction: the data and the
 * mark commit together. A run that was interrupted (SIGKILL, server stopped, error) leaves its
 * row `running` or `failed` with none of its rows; its other databases may be complete, so
 * rows there may point at rows that were never loaded here. `seed`, `up` and `audit` read the
 * newest row of each database and say what to run.
 *
 * While it loads, the run holds a session advisory lock of that database (SEED_LOCK): a second
 * seed of the same database refuses instead of loading twice, and a row `running` whose lock is
 * free belongs to a dead run.
 */
export const LEDGER_SCHEMA = 'quenty';
export const LEDGER_TABLE = `${LEDGER_SCHEMA}.seed_runs`;
/** Advisory lock (two-int form) a seed run holds on its database. */
export const SEED_LOCK: [number, number] = [0x51444221 & 0x7fffffff, 0x5eed];

export const LEDGER_DDL = `CREATE SCHEMA IF NOT EXISTS ${LEDGER_SCHEMA};
CREATE TABLE IF NOT EXISTS ${LEDGER_TABLE} (
  run_id text NOT NULL,
  database text NOT NULL,
  status text NOT NULL CHECK (status IN ('running', 'complete', 'failed')),
  started_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  finished_at timestamptz,
  seed bigint NOT NULL,
  anchor timestamptz NOT NULL,
  total_rows bigint NOT NULL,
  run_databases text[] NOT NULL,
  reset boolean NOT NULL DEFAULT false,
  rows bigint,
  error text,
  PRIMARY KEY (run_id, database)
)`;

export interface SeedRunInfo {
  runId: string;
  seed: number;
  anchor: Date;
  totalRows: number;
  databases: string[];
  reset: boolean;
}

export function newRunId(now = new Date()): string {
  return `${now.toISOString().replace(/[-:]/g, '').replace(/\..*/, '')}-${crypto.randomBytes(3).toString('hex')}`;
}

export type LedgerState = 'none' | 'complete' | 'running' | 'incomplete';

export interface LedgerStatus {
  database: string;
  state: LedgerState;
  runId?: string;
  startedAt?: string;
  status?: string;
  error?: string;
  /** What to run to repair an incomplete run. */
  hint?: string;
  /** Set when the ledger could not be read. */
  unreadable?: string;
}

/** Pure: the command that loads a database again with the parameters of an interrupted run. */
export function repairCommand(database: string, run: { seed: number; anchor: Date | string; totalRows: number }): string {
  const anchor = new Date(run.anchor).toISOString();
  return `quenty-db seed --reset --db ${database} --seed ${run.seed} --rows ${run.totalRows} --now ${anchor}`;
}

/** Pure: the message about an incomplete run of one database. */
export function describeIncomplete(s: LedgerStatus): string {
  return `${s.database}: seed run ${s.runId} (started ${s.startedAt}) did not complete (${s.status}${s.error ? `: ${s.error}` : ''}); none of its rows were kept in ${s.database}, so rows of the run's other databases may point at rows that are missing here`;
}

/** The newest ledger row of the connected database, and whether a live seed holds the lock. */
export async function readLedger(c: pg.Client, database: string): Promise<LedgerStatus> {
  const exists = await c.query('SELECT to_regclass($1) AS t', [LEDGER_TABLE]);
  if (!exists.rows[0].t) return { database, state: 'none' };
  const r = await c.query(
    `SELECT run_id, status, started_at, seed, anchor, total_rows, error FROM ${LEDGER_TABLE} WHERE database = $1 ORDER BY started_at DESC LIMIT 1`,
    [database],
  );
  const row = r.rows[0];
  if (!row) return { database, state: 'none' };
  const base = {
    database,
    runId: row.run_id as string,
    startedAt: new Date(row.started_at).toISOString(),
    status: row.status as string,
    ...(row.error ? { error: row.error as string } : {}),
  };
  if (row.status === 'complete') return { ...base, state: 'complete' };
  if (row.status === 'running') {
    // A live run holds the lock; if we can take it, nobody is loading.
    const free = (await c.query('SELECT pg_try_advisory_lock($1, $2) AS ok', SEED_LOCK)).rows[0].ok;
    if (free) await c.query('SELECT pg_advisory_unlock($1, $2)', SEED_LOCK);
    else return { ...base, state: 'running' };
  }
  return { ...base, state: 'incomplete', hint: repairCommand(database, { seed: Number(row.seed), anchor: row.anchor, totalRows: Number(row.total_rows) }) };
}

/** The ledger state of each target (a database that cannot be read says why). */
export async function seedLedgerStatus(ctx: Context, targets: Target[] = ctx.targets): Promise<LedgerStatus[]> {
  return Promise.all(
    targets.map((t) =>
      withClient(t.url, t.name, (c) => readLedger(c, t.name), 'quenty-db seed ledger').catch((e): LedgerStatus => ({
        database: t.name,
        state: 'none',
        unreadable: redact(errorMessage(e)),
      })),
    ),
  );
}

/** Inserts the run's `running` row (committed on its own, before the load's transaction). */
export async function startLedger(c: pg.Client, database: string, run: SeedRunInfo): Promise<void> {
  await c.query(LEDGER_DDL);
  await c.query(
    `INSERT INTO ${LEDGER_TABLE} (run_id, database, status, seed, anchor, total_rows, run_databases, reset) VALUES ($1, $2, 'running', $3, $4, $5, $6, $7)`,
    [run.runId, database, run.seed, run.anchor, run.totalRows, run.databases, run.reset],
  );
}

/** Marks the run complete: called inside the load's transaction, so it commits with the rows. */
export async function completeLedger(c: pg.Client, database: string, runId: string, rows: number): Promise<void> {
  await c.query(`UPDATE ${LEDGER_TABLE} SET status = 'complete', finished_at = clock_timestamp(), rows = $3 WHERE run_id = $1 AND database = $2`, [
    runId,
    database,
    rows,
  ]);
}

/** Marks the run failed (best effort: the server may be gone, and then the row stays `running`). */
export async function failLedger(c: pg.Client, database: string, runId: string, error: string): Promise<void> {
  await c.query(`UPDATE ${LEDGER_TABLE} SET status = 'failed', finished_at = clock_timestamp(), error = $3 WHERE run_id = $1 AND database = $2`, [
    runId,
    database,
    error.slice(0, 500),
  ]);
}
