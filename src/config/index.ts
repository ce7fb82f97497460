import path from 'node:path';
import fs from 'node:fs';
import dotenv from 'dotenv';
import { parse as parseConnectionString } from 'pg-connection-string';
import { z } from 'zod';
import { QuentyError } from '../util/errors';
import { registerSecret, redactUrl } from '../util/redact';
import type { Registry } from '../registry';

/**
 * Configuration comes from the environment (and `.env`, which never overrides a variable
 * already set). Everything is validated with zod; a bad value is an error naming the variable.
 *
 *   QUENTY_DATABASE_URL        server (admin) URL; the registry's databases live on it under their names
 *   QUENTY_<NAME>_URL          one database elsewhere, e.g. QUENTY_ORDER_DB_URL (admin credentials)
 *   QUENTY_HOME                embedded server data and credentials (default ./.quenty)
 *   QUENTY_<SERVICE>_PASSWORD  a service role's password (else generated once, kept in QUENTY_HOME)
 *   QUENTY_DB_PREFIX           prefix of database and role names (scratch copies, tests)
 *   QUENTY_CONCURRENCY         databases worked on at once (default 4)
 *   QUENTY_LOCK_TIMEOUT        seconds to wait for another migrate's lock (default 60)
 *   QUENTY_MIGRATION_LOCK_TIMEOUT    lock_timeout of every migration (default 5s; `500ms`, `5s`, `1min`, or ms)
 *   QUENTY_MIGRATION_LOCK_RETRIES    attempts of a migration that cannot get its lock (default 5)
 *   QUENTY_MIGRATION_STATEMENT_TIMEOUT  statement_timeout of every migration (default none)
 *   QUENTY_BACKUP_DIR          backups folder (default ./backups)
 */
export interface QuentyConfig {
  /** `embedded` when no server URL is configured. */
  mode: 'embedded' | 'url';
  home: string;
  serverUrl?: string;
  /** Per-database URL overrides, by registry name. */
  overrides: Record<string, string>;
  prefix: string;
  concurrency: number;
  lockTimeoutMs: number;
  /** lock_timeout of each migration's session (0: none), unless the migration says otherwise. */
  migrationLockTimeoutMs: number;
  /** Attempts of a migration whose statement hit lock_timeout, with backoff between them. */
  migrationLockRetries: number;
  /** statement_timeout of each migration (0: none), unless the migration says otherwise. */
  migrationStatementTimeoutMs: number;
  backupDir: string;
  /** Passwords of service roles given by environment, by service name. */
  servicePasswords: Record<string, string>;
  nodeEnv?: string;
  env: Record<string, string | undefined>;
}

const postgresUrl = (variable: string) =>
  z.string().superRefine((value, ctx) => {
    if (!/^postgres(ql)?:\/\//i.test(value)) {
      ctx.addIssue({ code: 'custom', message: `${variable} must be a postgres:// or postgresql:// URL, got "${redactUrl(value)}"` });
      return;
    }
    try {
      const parsed = parseConnectionString(value);
      if (!parsed.host) ctx.addIssue({ code: 'custom', message: `${variable} has no host: "${redactUrl(value)}"` });
      if (parsed.port && !/^\d+$/.test(String(parsed.port))) ctx.addIssue({ code: 'custom', message: `${variable} has a bad port: "${redactUrl(value)}"` });
    } catch (e) {
      ctx.addIssue({ code: 'custom', message: `${variable} is not a valid URL: ${(e as Error).message}` });
    }
  });

const positiveInt = (variable: string, min: number, max: number) =>
  z
    .string()
    .regex(/^\d+$/, `${variable} must be a whole number`)
    .transform(Number)
    .refine((n) => n >= min && n <= max, `${variable} must be between ${min} and ${max}`);

/** Pure: a duration as PostgreSQL's settings take it (`500ms`, `5s`, `2min`, `1h`, or milliseconds) → ms; undefined if it is not one. */
export function parseDuration(value: string | number): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) && value >= 0 ? Math.round(value) : undefined;
  const m = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|min|h)?\s*$/i.exec(value);
  if (!m) return undefined;
  const unit = { ms: 1, s: 1000, min: 60_000, h: 3_600_000 }[(m[2] ?? 'ms').toLowerCase() as 'ms'];
  return Math.round(Number(m[1]) * unit);
}

const duration = (variable: string, maxMs: number) =>
  z.string().transform((v, ctx) => {
    const ms = parseDuration(v);
    if (ms === undefined || ms > maxMs) {
      ctx.addIssue({ code: 'custom', message: `${variable} must be a duration such as 500ms, 5s or 2min (at most ${maxMs / 1000}s), got "${v}"` });
      return z.NEVER;
    }
    return ms;
  });

export function envVarForDatabase(name: string): string {
  return `QUENTY_${name.toUpperCase()}_URL`;
}

export function envVarForPassword(service: string): string {
  return `QUENTY_${service.toUpperCase()}_PASSWORD`;
}

export interface LoadConfigOptions {
  env?: Record<string, string | undefined>;
  cwd?: string;
  /** Read `<cwd>/.env` (default true when env is process.env). */
  dotenv?: boolean;
}

/** Pure: builds the config from an environment map (no file access). */
export function parseConfig(env: Record<string, string | undefined>, registry: Registry, cwd = process.cwd()): QuentyConfig {
  const issues: string[] = [];
  const check = <T>(variable: string, schema: z.ZodType<T, z.ZodTypeDef, string>, fallback: T): T => {
    const raw = env[variable];
    if (raw === undefined || raw === '') return fallback;
    const r = schema.safeParse(raw);
    if (!r.success) {
      issues.push(...r.error.issues.map((i) => (i.message.includes(variable) ? i.message : `${variable}: ${i.message}`)));
      return fallback;
    }
    return r.data;
  };
  const serverUrl = check('QUENTY_DATABASE_URL', postgresUrl('QUENTY_DATABASE_URL'), undefined as string | undefined);
  const overrides: Record<string, string> = {};
  for (const db of registry.databases) {
    const v = envVarForDatabase(db.name);
    const url = check(v, postgresUrl(v), undefined as string | undefined);
    if (url) overrides[db.name] = url;
  }
  const known = new Set(registry.databases.map((d) => envVarForDatabase(d.name)));
  for (const key of Object.keys(env)) {
    if (/^QUENTY_[A-Z0-9_]+_DB_URL$/.test(key) && !known.has(key)) {
      issues.push(`${key}: no database of that name in the registry (known: ${[...known].join(', ')})`);
    }
  }
  const prefix = check(
    'QUENTY_DB_PREFIX',
    z.string().regex(/^[a-z][a-z0-9_]{0,19}$/, 'QUENTY_DB_PREFIX must be lower-case letters, digits and _ (at most 20)'),
    '',
  );
  const concurrency = check('QUENTY_CONCURRENCY', positiveInt('QUENTY_CONCURRENCY', 1, 64), 4);
  const lockTimeout = check('QUENTY_LOCK_TIMEOUT', positiveInt('QUENTY_LOCK_TIMEOUT', 0, 86400), 60);
  const migrationLockTimeoutMs = check('QUENTY_MIGRATION_LOCK_TIMEOUT', duration('QUENTY_MIGRATION_LOCK_TIMEOUT', 3_600_000), 5000);
  const migrationLockRetries = check('QUENTY_MIGRATION_LOCK_RETRIES', positiveInt('QUENTY_MIGRATION_LOCK_RETRIES', 1, 100), 5);
  const migrationStatementTimeoutMs = check('QUENTY_MIGRATION_STATEMENT_TIMEOUT', duration('QUENTY_MIGRATION_STATEMENT_TIMEOUT', 86_400_000), 0);
  const servicePasswords: Record<string, string> = {};
  for (const db of registry.databases) {
    const v = envVarForPassword(db.service);
    const pw = env[v];
    if (pw !== undefined && pw !== '') {
      if (pw.length < 8) issues.push(`${v}: a service password must have at least 8 characters`);
      else {
        servicePasswords[db.service] = pw;
        registerSecret(pw);
      }
    }
  }
  if (issues.length) {
    throw new QuentyError('CONFIG', `invalid configuration:\n  - ${issues.join('\n  - ')}`, {
      hint: 'fix the variables above in the environment or in .env',
    });
  }
  for (const url of [serverUrl, ...Object.values(overrides)]) if (url) registerSecret(parseConnectionString(url).password);
  const mode = serverUrl || Object.keys(overrides).length === registry.databases.length ? 'url' : 'embedded';
  const home = path.resolve(cwd, env.QUENTY_HOME || '.quenty');
  return {
    mode,
    home,
    serverUrl,
    overrides,
    prefix,
    concurrency,
    lockTimeoutMs: lockTimeout * 1000,
    migrationLockTimeoutMs,
    migrationLockRetries,
    migrationStatementTimeoutMs,
    backupDir: path.resolve(cwd, env.QUENTY_BACKUP_DIR || 'backups'),
    servicePasswords,
    nodeEnv: env.NODE_ENV,
    env,
  };
}

/** Reads `.env` (without overriding) and parses `process.env`. */
export function loadConfig(registry: Registry, opts: LoadConfigOptions = {}): QuentyConfig {
  const cwd = opts.cwd ?? process.cwd();
  let env = opts.env ?? process.env;
  if (opts.dotenv ?? opts.env === undefined) {
    const file = path.join(cwd, '.env');
    if (fs.existsSync(file)) {
      const parsed = dotenv.parse(fs.readFileSync(file));
      env = { ...parsed, ...env };
    }
  }
  return parseConfig(env, registry, cwd);
}
