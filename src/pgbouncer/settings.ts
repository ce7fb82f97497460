import { QuentyError } from '../util/errors';
import { isScramSecret } from '../util/scram';

export { scramSecret, isScramSecret } from '../util/scram';

/**
 * PgBouncer configuration, pure part: the settings (spec defaults, overridable with
 * QUENTY_PGBOUNCER_<SETTING>), which PgBouncer version understands which setting, the
 * rendering of pgbouncer.ini and userlist.txt, SCRAM secrets and the lint.
 * Nothing here does I/O; src/pgbouncer/index.ts reads the server and writes the files.
 */

export type Version = [number, number, number];

export function parseVersion(text: string): Version | undefined {
  const m = /(\d+)\.(\d+)(?:\.(\d+))?/.exec(text);
  if (!m) return undefined;
  return [Number(m[1]), Number(m[2]), Number(m[3] ?? 0)];
}

/** Parses the output of `pgbouncer --version` ("PgBouncer 1.18.0\nlibevent ..."). */
export function parsePgBouncerVersionOutput(output: string): Version | undefined {
  const m = /PgBouncer\s+(\d+\.\d+(?:\.\d+)?)/i.exec(output);
  return m ? parseVersion(m[1]) : undefined;
}

export function versionAtLeast(v: Version, min: Version): boolean {
  for (let i = 0; i < 3; i++) if (v[i] !== min[i]) return v[i] > min[i];
  return true;
}

export const formatVersion = (v: Version) => v.join('.');

/** Oldest PgBouncer that can authenticate clients with SCRAM secrets and reuse them for the server. */
export const MIN_VERSION: Version = [1, 14, 0];

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

/** Settings that only some PgBouncer versions understand: left out of the ini before `since`. */
export const VERSIONED_SETTINGS: Record<string, Version> = {
  max_prepared_statements: [1, 21, 0],
};

export function supportsSetting(version: Version, name: string): boolean {
  const since = VERSIONED_SETTINGS[name];
  return !since || versionAtLeast(version, since);
}

/** One database line of [databases]. */
export interface DatabaseLine {
  /** Name clients use (the name on the server, so that URLs stay the same). */
  name: string;
  host: string;
  port: number;
  dbname: string;
}

function iniValue(v: string): string {
  return /^[A-Za-z0-9_.\-/:]+$/.test(v) ? v : `'${v.replace(/'/g, "''")}'`;
}

export interface RenderInput {
  version: Version;
  settings: PgBouncerSettings;
  databases: DatabaseLine[];
  /** Path of userlist.txt as PgBouncer will see it. */
  authFile: string;
  generatedFor?: string;
}

/** pgbouncer.ini, with only the settings the target version understands. */
export function renderIni(input: RenderInput): string {
  const { version, settings: s } = input;
  if (!versionAtLeast(version, MIN_VERSION)) {
    throw new QuentyError('USAGE', `PgBouncer ${formatVersion(version)} cannot use SCRAM secrets (needs ${formatVersion(MIN_VERSION)} or later)`, {
      hint: 'upgrade PgBouncer or pass --pgbouncer-version for the version you deploy',
    });
  }
  const lines: string[] = [
    `;; Generated by quenty-db pgbouncer config for PgBouncer ${formatVersion(version)}${input.generatedFor ? ` (${input.generatedFor})` : ''}.`,
    ';; Do not edit by hand: override with QUENTY_PGBOUNCER_<SETTING> and generate again.',
    ';; Migrations, backups and the audit connect to PostgreSQL directly, never through here.',
    '',
    '[databases]',
  ];
  const width = Math.max(0, ...input.databases.map((d) => d.name.length));
  for (const d of input.databases) {
    lines.push(`${d.name.padEnd(width)} = host=${iniValue(d.host)} port=${d.port} dbname=${iniValue(d.dbname)}`);
  }
  lines.push('', '[pgbouncer]');
  const kv = (k: string, v: string | number) => lines.push(`${k} = ${v}`.trimEnd());
  kv('listen_addr', s.listen_addr);
  kv('listen_port', s.listen_port);
  if (s.unix_socket_dir !== undefined) kv('unix_socket_dir', s.unix_socket_dir);
  if (s.logfile) kv('logfile', s.logfile);
  if (s.pidfile) kv('pidfile', s.pidfile);
  lines.push('');
  kv('auth_type', 'scram-sha-256');
  kv('auth_file', input.authFile);
  kv('admin_users', s.admin_user);
  kv('stats_users', s.admin_user);
  lines.push('');
  kv('pool_mode', s.pool_mode);
  kv('max_client_conn', s.max_client_conn);
  kv('default_pool_size', s.default_pool_size);
  kv('min_pool_size', s.min_pool_size);
  kv('reserve_pool_size', s.reserve_pool_size);
  kv('reserve_pool_timeout', s.reserve_pool_timeout);
  kv('max_db_connections', s.max_db_connections);
  kv('server_login_retry', s.server_login_retry);
  if (supportsSetting(version, 'max_prepared_statements')) kv('max_prepared_statements', s.max_prepared_statements);
  lines.push('');
  // In transaction mode the reset query is not run (server_reset_query_always = 0): say so.
  kv('server_reset_query', s.pool_mode === 'session' ? 'DISCARD ALL' : '');
  kv('ignore_startup_parameters', 'extra_float_digits');
  return lines.join('\n') + '\n';
}

/** userlist.txt: `"user" "secret"` per line. Only SCRAM secrets, never plain passwords. */
export function renderUserlist(users: Array<{ user: string; secret: string }>): string {
  return (
    users
      .map((u) => {
        if (!isScramSecret(u.secret)) {
          throw new QuentyError('USAGE', `${u.user}: not a SCRAM-SHA-256 secret; userlist.txt holds no plain or md5 passwords`);
        }
        return `"${u.user.replace(/"/g, '""')}" "${u.secret}"`;
      })
      .join('\n') + '\n'
  );
}

export interface LintFinding {
  level: 'error' | 'warn' | 'info';
  code: string;
  message: string;
}

export interface ServerCapacity {
  /** host:port */
  server: string;
  maxConnections: number;
  superuserReserved: number;
  /** Databases of the pooler on this server. */
  databases: string[];
}

/**
 * Server connections one database's pool can open: its users' pools (default + reserve),
 * capped by max_db_connections (0 = no cap). With least privilege one service role reaches
 * each database, so one user per database.
 */
export function poolConnections(s: PgBouncerSettings, usersPerDatabase = 1): number {
  const perUsers = usersPerDatabase * (s.default_pool_size + s.reserve_pool_size);
  return s.max_db_connections > 0 ? Math.min(s.max_db_connections, perUsers) : perUsers;
}

/** Session features that transaction pooling breaks, as warnings. */
export function transactionModeWarnings(version: Version, s: PgBouncerSettings): LintFinding[] {
  if (s.pool_mode === 'session') {
    return [{ level: 'warn', code: 'session-mode', message: 'pool_mode = session: one server connection per client; the pool sizes then bound clients, not transactions (the spec says transaction)' }];
  }
  const w = (code: string, message: string): LintFinding => ({ level: 'warn', code, message });
  const out: LintFinding[] = [
    w('set', 'SET / RESET of session settings leak to other clients or get lost between transactions: use SET LOCAL inside a transaction, or ALTER ROLE ... SET'),
    w('advisory-lock', 'session advisory locks (pg_advisory_lock) stay on a server connection another client gets next: use pg_advisory_xact_lock; migrations connect directly'),
    w('prepare', 'SQL PREPARE / EXECUTE / DEALLOCATE do not survive the transaction: do not use them'),
    w('listen', 'LISTEN / NOTIFY receivers need a session: connect them directly, not through PgBouncer'),
    w('session-objects', 'temporary tables kept across transactions and WITH HOLD cursors break: use ON COMMIT DROP and plain cursors'),
  ];
  if (s.pool_mode === 'statement') out.push(w('statement-mode', 'pool_mode = statement forbids multi-statement transactions'));
  if (!supportsSetting(version, 'max_prepared_statements')) {
    out.push(w('protocol-prepared', `PgBouncer ${formatVersion(version)} does not track protocol-level prepared statements (1.21 does): named prepared queries (node-pg \`name:\`, JDBC server-side prepare) fail; use unnamed statements`));
  } else if (s.max_prepared_statements === 0) {
    out.push(w('protocol-prepared', 'max_prepared_statements = 0: named protocol-level prepared statements fail in transaction mode'));
  }
  return out;
}

/** Lint of the settings against the servers' max_connections (read by the caller). */
export function lintSettings(version: Version, s: PgBouncerSettings, servers: ServerCapacity[]): LintFinding[] {
  const out: LintFinding[] = [];
  if (s.min_pool_size > s.default_pool_size) {
    out.push({ level: 'error', code: 'min-pool', message: `min_pool_size (${s.min_pool_size}) is larger than default_pool_size (${s.default_pool_size})` });
  }
  if (s.default_pool_size < 1) out.push({ level: 'error', code: 'pool-size', message: 'default_pool_size must be at least 1' });
  if (s.max_db_connections > 0 && s.max_db_connections < s.default_pool_size) {
    out.push({ level: 'warn', code: 'db-cap', message: `max_db_connections (${s.max_db_connections}) is below default_pool_size (${s.default_pool_size}): the pool never reaches its size` });
  }
  if (s.max_client_conn < s.default_pool_size) {
    out.push({ level: 'warn', code: 'client-conn', message: `max_client_conn (${s.max_client_conn}) is below default_pool_size (${s.default_pool_size})` });
  }
  for (const srv of servers) {
    const perDb = poolConnections(s);
    const total = perDb * srv.databases.length;
    const available = srv.maxConnections - srv.superuserReserved;
    const detail = `${srv.databases.length} database(s) × ${perDb} (min(max_db_connections ${s.max_db_connections}, default_pool_size ${s.default_pool_size} + reserve_pool_size ${s.reserve_pool_size})) = ${total} server connections on ${srv.server}`;
    if (total >= available) {
      out.push({
        level: 'error',
        code: 'max-connections',
        message: `${detail}, not under its max_connections ${srv.maxConnections} - ${srv.superuserReserved} reserved = ${available}: lower QUENTY_PGBOUNCER_DEFAULT_POOL_SIZE / _RESERVE_POOL_SIZE / _MAX_DB_CONNECTIONS or raise max_connections`,
      });
    } else if (total > available * 0.8) {
      out.push({ level: 'warn', code: 'max-connections', message: `${detail}: over 80% of the ${available} available; migrations, backups and the audit connect directly and need room too` });
    } else {
      out.push({ level: 'info', code: 'max-connections', message: `${detail}, under ${available} available (max_connections ${srv.maxConnections})` });
    }
    if (s.min_pool_size * srv.databases.length >= available) {
      out.push({ level: 'error', code: 'min-pool', message: `min_pool_size ${s.min_pool_size} × ${srv.databases.length} databases keeps ${s.min_pool_size * srv.databases.length} idle connections open on ${srv.server}, not under ${available}` });
    }
  }
  out.push(...transactionModeWarnings(version, s));
  return out;
}
