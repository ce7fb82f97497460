import pg from 'pg';
import { parse as parseConnectionString } from 'pg-connection-string';
import type { QuentyConfig } from '../config';
import { clientConfig, withDatabase } from './targets';
import { QuentyError, errorMessage } from '../util/errors';
import { redactUrl } from '../util/redact';
import { PoolMode, envVarForSetting, settingsFromEnv } from '../config/pgbouncer';

/**
 * Migrations, backups and the audit never go through PgBouncer: a session advisory lock, SET
 * or a long COPY behind transaction pooling ends up on someone else's server connection.
 *
 * Detection, cheapest first:
 *  1. the configuration names a PgBouncer port (QUENTY_PGBOUNCER_LISTEN_PORT, and
 *     QUENTY_PGBOUNCER_LISTEN_ADDR when set) and the URL points at it;
 *  2. on the open connection, `inet_server_port()` (the port the PostgreSQL backend listens
 *     on) differs from the URL's port: something sits in between. It is a PgBouncer when its
 *     admin console (database `pgbouncer` on the same host and port) answers otherwise than
 *     PostgreSQL's "database does not exist"; its pool mode is read there when our user may
 *     (`SHOW DATABASES` / `SHOW CONFIG`), else it is assumed to be transaction mode.
 */

export interface PoolerVerdict {
  pooler: boolean;
  poolMode?: PoolMode | 'unknown';
  reason: string;
}

function urlHostPort(url: string): { host: string; port: number } {
  const c = parseConnectionString(url);
  return { host: c.host ?? 'localhost', port: Number(c.port ?? 5432) };
}

const LOOPBACK = new Set(['localhost', '127.0.0.1', '::1', '[::1]']);

/** Pure: does the configuration say this URL is the PgBouncer? */
export function configuredPooler(url: string, env: Record<string, string | undefined>): PoolerVerdict {
  if (!env[envVarForSetting('listen_port')]) return { pooler: false, reason: 'no PgBouncer port configured' };
  const s = settingsFromEnv(env);
  const { host, port } = urlHostPort(url);
  if (port !== s.listen_port) return { pooler: false, reason: 'other port' };
  const addr = env[envVarForSetting('listen_addr')];
  const sameHost = !addr || addr === '*' || addr === '0.0.0.0' || addr === host || (LOOPBACK.has(addr) && LOOPBACK.has(host));
  if (!sameHost) return { pooler: false, reason: 'other host' };
  return { pooler: true, poolMode: s.pool_mode, reason: `it is the configured PgBouncer port ${envVarForSetting('listen_port')}=${s.listen_port}` };
}

/** Pure: the verdict from the probes' results. */
export function classifyProbe(
  urlPort: number,
  backendPort: number | null,
  admin: { error?: { code?: string; message: string }; poolMode?: string; notPgBouncer?: boolean } | undefined,
): PoolerVerdict {
  if (backendPort === null) return { pooler: false, reason: 'Unix socket or no port: direct' };
  if (backendPort === urlPort) return { pooler: false, reason: 'the backend listens on the port of the URL' };
  if (!admin) return { pooler: true, poolMode: 'unknown', reason: `the backend listens on ${backendPort}, the URL says ${urlPort}` };
  if (admin.notPgBouncer) return { pooler: false, reason: 'a database named pgbouncer answers as PostgreSQL' };
  if (admin.error) {
    // PostgreSQL behind a port mapping: no such database, or pg_hba refuses that database.
    if (admin.error.code === '3D000' || /pg_hba\.conf/.test(admin.error.message)) {
      return { pooler: false, reason: `PostgreSQL behind a port mapping (${backendPort} ← ${urlPort})` };
    }
    return {
      pooler: true,
      poolMode: 'unknown',
      reason: `port ${urlPort} forwards to ${backendPort} and has a PgBouncer admin console (${admin.error.message})`,
    };
  }
  const mode = admin.poolMode as PoolMode | undefined;
  return { pooler: true, poolMode: mode ?? 'unknown', reason: `PgBouncer admin console on port ${urlPort} says pool_mode = ${mode ?? '?'}` };
}

async function probeAdminConsole(url: string, database: string): Promise<Parameters<typeof classifyProbe>[2]> {
  const client = new pg.Client({ ...clientConfig(withDatabase(url, 'pgbouncer'), 'quenty-db probe'), connectionTimeoutMillis: 5000 });
  client.on('error', () => undefined);
  try {
    await client.connect();
  } catch (e) {
    return { error: { code: (e as { code?: string }).code, message: errorMessage(e) } };
  }
  try {
    let dbs: Array<Record<string, string>>;
    try {
      dbs = (await client.query('SHOW DATABASES')).rows;
    } catch {
      // PostgreSQL has no SHOW DATABASES: a real database named pgbouncer.
      return { notPgBouncer: true };
    }
    const own = dbs.find((r) => r.name === database);
    if (own?.pool_mode) return { poolMode: own.pool_mode };
    const cfg = (await client.query('SHOW CONFIG')).rows as Array<{ key: string; value: string }>;
    return { poolMode: cfg.find((r) => r.key === 'pool_mode')?.value };
  } catch (e) {
    return { error: { message: errorMessage(e) } };
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** What a session through a transaction pooler would break, per kind of work. */
export type GuardedWork = 'migrate' | 'back up' | 'restore' | 'verify';
const BREAKS: Record<GuardedWork, string> = {
  migrate: 'transaction pooling strands the session advisory lock and session settings of a migration',
  'back up': "transaction pooling breaks pg_dump's exported snapshot and session, and a dump must not hold a service pool",
  restore: 'transaction pooling breaks the session of pg_restore and of the database swap',
  verify: 'transaction pooling breaks the session of the scratch restore',
};

function refusal(url: string, database: string, v: PoolerVerdict, work: GuardedWork): QuentyError {
  return new QuentyError(
    'CONFIG',
    `${database}: refusing to ${work} through a connection pooler at ${redactUrl(serverOf(url))} (${v.reason}; pool_mode ${v.poolMode ?? 'unknown'}): ${BREAKS[work]}`,
    {
      database,
      hint: "give migrations, backups and restores the PostgreSQL server itself (QUENTY_DATABASE_URL / QUENTY_<DB>_URL with the server port, not PgBouncer's)",
    },
  );
}

function serverOf(url: string): string {
  const { host, port } = urlHostPort(url);
  return `${host}:${port}`;
}

const refused = (v: PoolerVerdict) => v.pooler && v.poolMode !== 'session';

/** Without a connection: refuses a URL that the configuration names as the PgBouncer. */
export function assertDirectUrl(url: string, database: string, config: Pick<QuentyConfig, 'env'>, work: GuardedWork = 'migrate'): void {
  const v = configuredPooler(url, config.env);
  if (refused(v)) throw refusal(url, database, v, work);
}

/**
 * On an open connection (the migration's lock connection, a backup's snapshot connection, a
 * restore's maintenance session): throws a CONFIG error when the URL points at PgBouncer in
 * transaction (or statement, or unknown) mode. Session mode passes. The connection must go to
 * the same host and port as `target.url`.
 */
export async function refuseTransactionPooler(
  client: pg.Client,
  target: { url: string; name: string },
  config: Pick<QuentyConfig, 'env'>,
  work: GuardedWork = 'migrate',
): Promise<void> {
  assertDirectUrl(target.url, target.name, config, work);
  const { host, port } = urlHostPort(target.url);
  if (host.startsWith('/')) return;
  const r = await client.query('SELECT inet_server_port() AS port');
  const backendPort = r.rows[0]?.port === null || r.rows[0]?.port === undefined ? null : Number(r.rows[0].port);
  if (backendPort === null || backendPort === port) return;
  const db = parseConnectionString(target.url).database ?? target.name;
  const v = classifyProbe(port, backendPort, await probeAdminConsole(target.url, db));
  if (refused(v)) throw refusal(target.url, target.name, v, work);
}
