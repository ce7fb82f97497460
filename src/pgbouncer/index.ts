import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import pg from 'pg';
import { parse as parseConnectionString } from 'pg-connection-string';
import { Context, Target, withClient, clientConfig } from '../db/targets';
import { servicePassword, storedRolePassword } from '../db/credentials';
import { QuentyError, errorMessage } from '../util/errors';
import { redact } from '../util/redact';
import { groupBy, mapLimit, sleep } from '../util/concurrency';
import {
  DatabaseLine,
  LintFinding,
  PgBouncerSettings,
  ServerCapacity,
  Version,
  formatVersion,
  lintSettings,
  parsePgBouncerVersionOutput,
  parseVersion,
  renderIni,
  renderUserlist,
  scramSecret,
  settingsFromEnv,
  isScramSecret,
} from './settings';

export * from './settings';
export { refuseTransactionPooler, assertDirectUrl } from '../db/pooler-guard';
export type { GuardedWork } from '../db/pooler-guard';

/** `pgbouncer --version` of the installed binary (PATH, then /usr/sbin), or undefined. */
export function detectPgBouncer(bin = process.env.QUENTY_PGBOUNCER_BIN): { bin: string; version: Version } | undefined {
  const candidates = bin ? [bin] : ['pgbouncer', '/usr/sbin/pgbouncer', '/usr/local/sbin/pgbouncer', '/usr/local/bin/pgbouncer'];
  for (const b of candidates) {
    const r = spawnSync(b, ['--version'], { encoding: 'utf8' });
    if (r.error || r.status !== 0) continue;
    const v = parsePgBouncerVersionOutput(`${r.stdout}\n${r.stderr}`);
    if (v) return { bin: b, version: v };
  }
  return undefined;
}

export function pgbouncerSettings(ctx: Context): PgBouncerSettings {
  return settingsFromEnv(ctx.config.env);
}

/** [databases] lines: each database with the host, port and name of its own server. */
export function databaseLines(targets: Target[]): DatabaseLine[] {
  return targets.map((t) => {
    const c = parseConnectionString(t.url);
    return { name: t.dbName, host: c.host ?? 'localhost', port: Number(c.port ?? 5432), dbname: t.dbName };
  });
}

/** A server that did not answer, with the databases it holds and the reason. */
export interface UnreachableServer {
  server: string;
  databases: string[];
  error: string;
}

/** The connection failed (the server is down or unreachable), as opposed to a missing role or privilege. */
function isUnreachable(e: unknown): boolean {
  return e instanceof QuentyError && e.code === 'CONNECTION';
}

/** Runs `fn` once per server of the targets; a server that cannot be reached is returned with the reason instead. */
async function perServer<T>(targets: Target[], fn: (group: Target[]) => Promise<T>): Promise<{ values: T[]; unreachable: UnreachableServer[] }> {
  const groups = [...groupBy(targets, (t) => t.server).values()];
  const settled = await Promise.all(
    groups.map((g) =>
      fn(g).then(
        (value) => ({ value }),
        (e: unknown) => {
          if (!isUnreachable(e)) throw e;
          return { unreachable: { server: g[0].server, databases: g.map((t) => t.name), error: redact(errorMessage(e)) } };
        },
      ),
    ),
  );
  const values: T[] = [];
  const unreachable: UnreachableServer[] = [];
  for (const s of settled) {
    if ('value' in s) values.push(s.value as T);
    else unreachable.push(s.unreachable);
  }
  return { values, unreachable };
}

async function secretsOf(group: Target[]): Promise<Array<{ user: string; secret: string }>> {
  const roles = group.map((t) => t.role);
  const rows = await withClient(group[0].maintenanceUrl, group[0].name, async (c) => {
    try {
      return (await c.query('SELECT rolname, rolpassword FROM pg_authid WHERE rolname = ANY($1)', [roles])).rows as Array<{
        rolname: string;
        rolpassword: string | null;
      }>;
    } catch (e) {
      // The server answered: the admin URL lacks the privilege (a configuration problem).
      throw new QuentyError('CONFIG', `cannot read SCRAM secrets on ${group[0].server}: ${errorMessage(e)}`, {
        hint: 'pg_authid needs a superuser admin URL (QUENTY_DATABASE_URL)',
        cause: e,
      });
    }
  });
  const got = new Map(rows.map((r) => [r.rolname, r.rolpassword]));
  return group.map((t) => {
    const secret = got.get(t.role);
    if (!got.has(t.role))
      throw new QuentyError('USAGE', `role ${t.role} does not exist on ${t.server}`, { database: t.name, hint: 'run `quenty-db create` (or `up`) first' });
    if (!isScramSecret(secret)) {
      throw new QuentyError('USAGE', `role ${t.role} has no SCRAM-SHA-256 password on ${t.server}`, {
        database: t.name,
        hint: "set password_encryption = 'scram-sha-256' on the server and run `quenty-db create` again",
      });
    }
    return { user: t.role, secret };
  });
}

async function capacityOf(group: Target[]): Promise<ServerCapacity> {
  return withClient(group[0].maintenanceUrl, group[0].name, async (c) => {
    const r = await c.query("SELECT current_setting('max_connections')::int AS max, current_setting('superuser_reserved_connections')::int AS reserved");
    return { server: group[0].server, maxConnections: r.rows[0].max, superuserReserved: r.rows[0].reserved, databases: group.map((t) => t.name) };
  });
}

/** The SCRAM secrets of the service roles, from pg_authid (needs a superuser admin); a server that cannot be reached throws. */
export async function readServiceSecrets(targets: Target[]): Promise<Array<{ user: string; secret: string }>> {
  const out: Array<{ user: string; secret: string }> = [];
  for (const group of groupBy(targets, (t) => t.server).values()) out.push(...(await secretsOf(group)));
  return out;
}

/** max_connections and superuser_reserved_connections of each server of the targets. */
export async function readCapacity(targets: Target[]): Promise<ServerCapacity[]> {
  return Promise.all([...groupBy(targets, (t) => t.server).values()].map(capacityOf));
}

export function adminPassword(ctx: Context, settings = pgbouncerSettings(ctx)): string {
  return storedRolePassword(ctx, ctx.config.prefix + settings.admin_user, 'QUENTY_PGBOUNCER_ADMIN_PASSWORD').password;
}

export interface ConfigOptions {
  outDir: string;
  /** "X.Y" or "X.Y.Z": the PgBouncer version to target; default: the installed one. */
  version?: string;
  databases?: string | string[];
  /** Path of userlist.txt written into the ini (default: the absolute path in outDir). */
  authFile?: string;
  /** Write the files even when the lint finds errors. */
  force?: boolean;
  /** Extra setting overrides (on top of the configuration). */
  settings?: Partial<PgBouncerSettings>;
}

export interface ConfigResult {
  ok: boolean;
  written: boolean;
  version: string;
  versionSource: 'option' | 'installed' | 'assumed';
  iniFile: string;
  userlistFile: string;
  databases: DatabaseLine[];
  users: string[];
  settings: PgBouncerSettings;
  findings: LintFinding[];
}

/** The oldest version we support: its ini is valid for every later one. */
export const ASSUMED_VERSION: Version = [1, 14, 0];

export function resolveVersion(option?: string): { version: Version; source: ConfigResult['versionSource'] } {
  if (option) {
    const v = /^\d+\.\d+(\.\d+)?$/.test(option) ? parseVersion(option) : undefined;
    if (!v) throw new QuentyError('USAGE', `--pgbouncer-version must look like 1.21 or 1.18.0, got "${option}"`);
    return { version: v, source: 'option' };
  }
  const found = detectPgBouncer();
  if (found) return { version: found.version, source: 'installed' };
  return { version: ASSUMED_VERSION, source: 'assumed' };
}

/** pgbouncer config: renders, lints, writes pgbouncer.ini and userlist.txt (0600). */
export async function generateConfig(ctx: Context, opts: ConfigOptions): Promise<ConfigResult> {
  const { version, source } = resolveVersion(opts.version);
  const settings = { ...pgbouncerSettings(ctx), ...opts.settings };
  const targets = ctx.select(opts.databases);
  const outDir = path.resolve(opts.outDir);
  const iniFile = path.join(outDir, 'pgbouncer.ini');
  const userlistFile = path.join(outDir, 'userlist.txt');
  const databases = databaseLines(targets);
  // A server that is down fails only its own databases: an error finding for each (nothing is
  // written without --force: a pooler file missing their roles would lock those services out).
  const secrets = await perServer(targets, secretsOf);
  const capacity = await perServer(targets, capacityOf);
  const admin = ctx.config.prefix + settings.admin_user;
  const users = [...secrets.values.flat(), { user: admin, secret: scramSecret(adminPassword(ctx, settings)) }];
  const findings = lintSettings(version, settings, capacity.values);
  findings.unshift(
    ...secrets.unreachable.flatMap((u) =>
      u.databases.map((database): LintFinding => ({
        level: 'error',
        code: 'unreachable',
        message: `${database}: its server ${u.server} did not answer, so its role's secret is missing (start it and run again): ${u.error}`,
      })),
    ),
  );
  if (source === 'assumed') {
    findings.unshift({
      level: 'warn',
      code: 'version',
      message: `pgbouncer is not installed here: targeting PgBouncer ${formatVersion(version)} (pass --pgbouncer-version for the one you deploy)`,
    });
  }
  const ini = renderIni({
    version,
    settings: { ...settings, admin_user: admin },
    databases,
    authFile: opts.authFile ?? userlistFile,
    generatedFor: ctx.config.prefix ? `prefix ${ctx.config.prefix}` : undefined,
  });
  const userlist = renderUserlist(users);
  const ok = !findings.some((f) => f.level === 'error');
  const written = ok || !!opts.force;
  if (written) {
    fs.mkdirSync(outDir, { recursive: true });
    fs.writeFileSync(iniFile, ini, { mode: 0o644 });
    const tmp = `${userlistFile}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, userlist, { mode: 0o600 });
    fs.chmodSync(tmp, 0o600);
    fs.renameSync(tmp, userlistFile);
  }
  return {
    ok,
    written,
    version: formatVersion(version),
    versionSource: source,
    iniFile,
    userlistFile,
    databases,
    users: users.map((u) => u.user),
    settings: { ...settings, admin_user: admin },
    findings,
  };
}

export type CellState = 'ok' | 'refused' | 'LEAK' | 'FAIL' | 'error';

export interface CheckCell {
  service: string;
  role: string;
  database: string;
  expected: 'reach' | 'refuse';
  state: CellState;
  detail?: string;
}

export interface CheckResult {
  ok: boolean;
  via: string;
  services: string[];
  databases: string[];
  cells: CheckCell[];
}

export interface CheckOptions {
  /** PgBouncer host (default: QUENTY_PGBOUNCER_LISTEN_ADDR or 127.0.0.1). */
  host?: string;
  /** PgBouncer port (default: QUENTY_PGBOUNCER_LISTEN_PORT or 6432). */
  port?: number;
  /** Check the PostgreSQL servers directly instead of through PgBouncer. */
  direct?: boolean;
  databases?: string | string[];
  /** Override a service's password (tests: a wrong one). */
  password?: (t: Target) => string;
  concurrency?: number;
  /** Per login; above PgBouncer's server_login_retry (a refused pool answers again only after it). */
  timeoutMs?: number;
}

/**
 * PgBouncer (1.18) passes the server's refusal of a login on to the client with its own
 * SQLSTATE 08P01 and the server's message: these messages are the refusals among them.
 */
const FORWARDED_REFUSAL =
  /permission denied for database|password authentication failed|SASL authentication failed|no such user|database "[^"]*" does not exist|not permitted to log in|no pg_hba\.conf entry/i;

/**
 * Errors that mean "the server or pooler refused this login": authentication (28xxx),
 * insufficient privilege (42501: no CONNECT on the database) and no such database (3D000),
 * or one of those passed on by PgBouncer as 08P01. Anything else (a server that is down, full
 * (53xxx), starting, or a pooler whose server login "has been failing") is an error.
 */
export function isRefusal(e: unknown): boolean {
  const code = (e as { code?: string }).code ?? '';
  if (/^28/.test(code) || code === '42501' || code === '3D000') return true;
  return code === '08P01' && FORWARDED_REFUSAL.test(errorMessage(e));
}

/** PgBouncer's answer while a pool's last server login failed less than server_login_retry ago: it says nothing of why. */
export const isLoginRetryWait = (detail: string | undefined) => /server login has been failing/i.test(detail ?? '');

/** Tries one login and query; resolves to the cell state. */
export async function tryLogin(
  cfg: pg.ClientConfig,
  expectDb: string,
  expectUser: string,
  timeoutMs = 30_000,
): Promise<{ reached: boolean; refused: boolean; detail?: string }> {
  const client = new pg.Client({ ...cfg, connectionTimeoutMillis: timeoutMs });
  client.on('error', () => undefined);
  try {
    await client.connect();
    const r = await client.query('SELECT current_user AS u, current_database() AS d');
    const { u, d } = r.rows[0];
    if (u !== expectUser || d !== expectDb) return { reached: true, refused: false, detail: `connected as ${u} to ${d}` };
    return { reached: true, refused: false };
  } catch (e) {
    return { reached: false, refused: isRefusal(e), detail: redact(errorMessage(e)) };
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * pgbouncer check: every service logs in to every database, through PgBouncer (or directly):
 * its own must answer a query, every other must refuse.
 */
export async function checkAccess(ctx: Context, opts: CheckOptions = {}): Promise<CheckResult> {
  const settings = pgbouncerSettings(ctx);
  const targets = ctx.select(opts.databases);
  const host = opts.host ?? settings.listen_addr;
  const port = opts.port ?? settings.listen_port;
  const pairs = targets.flatMap((s) => targets.map((d) => ({ s, d })));
  const timeoutMs = opts.timeoutMs ?? Math.max(30_000, (settings.server_login_retry + 10) * 1000);
  const cells = await mapLimit(pairs, opts.concurrency ?? 16, async ({ s, d }): Promise<CheckCell> => {
    const password = opts.password ? opts.password(s) : servicePassword(ctx, s).password;
    const base = opts.direct ? clientConfig(d.url, 'quenty-db check') : { host, port, database: d.dbName, application_name: 'quenty-db check' };
    const cfg: pg.ClientConfig = { ...base, user: s.role, password, database: d.dbName };
    const own = s.name === d.name;
    let r = await tryLogin(cfg, d.dbName, s.role, timeoutMs);
    if (!opts.direct && !r.reached && isLoginRetryWait(r.detail)) {
      // An earlier login of this pool failed (a previous check, say): ask again once the pool may retry.
      await sleep((settings.server_login_retry + 1) * 1000);
      r = await tryLogin(cfg, d.dbName, s.role, timeoutMs);
    }
    let state: CellState;
    if (own) state = r.reached && !r.detail ? 'ok' : r.refused ? 'FAIL' : r.reached ? 'FAIL' : 'error';
    else state = r.reached ? 'LEAK' : r.refused ? 'refused' : 'error';
    return { service: s.entry.service, role: s.role, database: d.name, expected: own ? 'reach' : 'refuse', state, detail: r.detail };
  });
  return {
    ok: cells.every((c) => c.state === 'ok' || c.state === 'refused'),
    via: opts.direct ? 'direct' : `pgbouncer ${host}:${port}`,
    services: targets.map((t) => t.entry.service),
    databases: targets.map((t) => t.name),
    cells,
  };
}
