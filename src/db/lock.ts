import crypto from 'node:crypto';
import os from 'node:os';
import pg from 'pg';
import { QuentyError } from '../util/errors';
import { sleep } from '../util/concurrency';

/**
 * A session advisory lock per database (keyed by its version table), taken on the direct
 * session that then runs the migrations. A session lock survives the migrations' own
 * transactions, and `CREATE INDEX CONCURRENTLY` does not wait on its own session. PostgreSQL
 * releases it when the connection ends, so a crashed or killed migrate leaves no stuck lock
 * (unlike Knex's lock row).
 */
export const LOCK_NAMESPACE = 0x51444221 & 0x7fffffff;

export function lockKey(versionTable: string): number {
  return crypto.createHash('sha256').update(versionTable).digest().readUInt32BE(0) & 0x7fffffff;
}

export interface LockHolder {
  pid: number;
  application_name: string;
  client_addr: string | null;
  backend_start: string;
  state: string;
}

export async function lockHolder(client: pg.Client, key: number): Promise<LockHolder | undefined> {
  const r = await client.query(
    `SELECT a.pid, a.application_name, host(a.client_addr) AS client_addr, a.backend_start::text, a.state
       FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
      WHERE l.locktype = 'advisory' AND l.granted AND l.classid = $1::bigint::oid AND l.objid = $2::bigint::oid AND l.objsubid = 2
        AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
    [LOCK_NAMESPACE, key],
  );
  return r.rows[0];
}

export function applicationName(verb: string): string {
  return `quenty-db ${verb} pid=${process.pid} host=${os.hostname()}`.slice(0, 63);
}

/** Waits up to `timeoutMs` for the lock; on timeout, fails naming the holder. */
export async function acquireLock(client: pg.Client, database: string, versionTable: string, timeoutMs: number): Promise<void> {
  const key = lockKey(versionTable);
  const deadline = Date.now() + timeoutMs;
  let delay = 50;
  for (;;) {
    const r = await client.query('SELECT pg_try_advisory_lock($1, $2) AS ok', [LOCK_NAMESPACE, key]);
    if (r.rows[0].ok) return;
    if (Date.now() >= deadline) {
      const h = await lockHolder(client, key);
      const who = h
        ? `held by "${h.application_name || 'unknown'}" (backend pid ${h.pid}${h.client_addr ? ` from ${h.client_addr}` : ''}, connected since ${h.backend_start}, ${h.state})`
        : 'held by another session';
      throw new QuentyError('LOCK_TIMEOUT', `${database}: the migration lock is ${who}; gave up after ${Math.round(timeoutMs / 1000)}s`, {
        database,
        hint: 'wait for the other migrate to finish, or raise QUENTY_LOCK_TIMEOUT; if it hangs, pg_terminate_backend(pid) releases the lock',
      });
    }
    await sleep(Math.min(delay, Math.max(0, deadline - Date.now())));
    delay = Math.min(delay * 2, 1000);
  }
}

export async function releaseLock(client: pg.Client, versionTable: string): Promise<void> {
  await client.query('SELECT pg_advisory_unlock($1, $2)', [LOCK_NAMESPACE, lockKey(versionTable)]);
}
