import { QuentyError } from '../util/errors';

/**
 * PgBouncer settings from the configuration: the spec's defaults, each overridable with
 * QUENTY_PGBOUNCER_<SETTING>. Read by src/pgbouncer (the ini it writes) and by the pooler
 * guard in src/db (which port is PgBouncer's).
 */

export type PoolMode = 'session' | 'transaction' | 'statement';

export interface PgBouncerSettings {
  pool_mode: PoolMode;
  max_client_conn: number;
  default_pool_size: number;
  min_pool_size: number;
  reserve_pool_size: number;
  reserve_pool_timeout: number;
  max_db_connections: number;
  /** Seconds PgBouncer waits before it tries a failed server login again (its default, 15). */
  server_login_retry: number;
  /** Protocol-level prepared statements tracked in transaction mode (PgBouncer >= 1.21; 0 = off). */
  max_prepared_statements: number;
  listen_addr: string;
  listen_port: number;
  /** Admin console user (admin_users and stats_users); not a PostgreSQL role. */
  admin_user: string;
  /** Empty string: no Unix socket. Undefined: PgBouncer's default. */
  unix_socket_dir?: string;
  logfile?: string;
  pidfile?: string;
}

/** The spec's pool settings (001 "PgBouncer Configuration for Each Service") and our defaults. */
export const DEFAULT_SETTINGS: PgBouncerSettings = {
  pool_mode: 'transaction',
  max_client_conn: 100,
  default_pool_size: 20,
  min_pool_size: 5,
  reserve_pool_size: 5,
  reserve_pool_timeout: 5,
  max_db_connections: 50,
  server_login_retry: 15,
  max_prepared_statements: 100,
  listen_addr: '127.0.0.1',
  listen_port: 6432,
  admin_user: 'pgbouncer_admin',
};

const NUMERIC: Array<keyof PgBouncerSettings> = [
  'max_client_conn',
  'default_pool_size',
  'min_pool_size',
  'reserve_pool_size',
  'reserve_pool_timeout',
  'max_db_connections',
  'server_login_retry',
  'max_prepared_statements',
  'listen_port',
];
const STRINGS: Array<keyof PgBouncerSettings> = ['listen_addr', 'admin_user', 'unix_socket_dir', 'logfile', 'pidfile'];

export function envVarForSetting(name: string): string {
  return `QUENTY_PGBOUNCER_${name.toUpperCase()}`;
}

/** Settings from the configuration: each QUENTY_PGBOUNCER_<SETTING> overrides its default. */
export function settingsFromEnv(env: Record<string, string | undefined>): PgBouncerSettings {
  const s: PgBouncerSettings = { ...DEFAULT_SETTINGS };
  const issues: string[] = [];
  const rec = s as unknown as Record<string, unknown>;
  for (const key of NUMERIC) {
    const v = envVarForSetting(key);
    const raw = env[v];
    if (raw === undefined || raw === '') continue;
    if (!/^\d+$/.test(raw)) issues.push(`${v} must be a whole number, got "${raw}"`);
    else if (key === 'listen_port' && (Number(raw) < 1 || Number(raw) > 65535)) issues.push(`${v} must be a port (1-65535)`);
    else rec[key] = Number(raw);
  }
  const mode = env[envVarForSetting('pool_mode')];
  if (mode) {
    if (mode === 'session' || mode === 'transaction' || mode === 'statement') s.pool_mode = mode;
    else issues.push(`${envVarForSetting('pool_mode')} must be session, transaction or statement, got "${mode}"`);
  }
  for (const key of STRINGS) {
    const v = envVarForSetting(key);
    const raw = env[v];
    if (raw === undefined) continue;
    if (/[\n\r]/.test(raw)) issues.push(`${v} must be one line`);
    else if (key === 'admin_user' && !/^[a-z_][a-z0-9_]*$/.test(raw)) issues.push(`${v} must be a lower-case identifier`);
    else if (raw !== '' || key === 'unix_socket_dir') rec[key] = raw;
  }
  if (issues.length) {
    throw new QuentyError('CONFIG', `invalid PgBouncer configuration:\n  - ${issues.join('\n  - ')}`, {
      hint: 'fix the QUENTY_PGBOUNCER_* variables in the environment or in .env',
    });
  }
  return s;
}
