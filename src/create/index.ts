import pg from 'pg';
import { Context, Target, withClient, quoteIdent, quoteLiteral } from '../db/targets';
import { generatePassword, readCredentials, writeCredentials } from '../embedded';
import { errorMessage, QuentyError } from '../util/errors';
import { redact, registerSecret } from '../util/redact';
import { settleLimit } from '../util/concurrency';
import { applicationName } from '../migrate/lock';

/**
 * create: each database with a login role per service that owns it; CONNECT revoked from
 * PUBLIC so that a service role reaches only its own database. Idempotent.
 * Role passwords come from QUENTY_<SERVICE>_PASSWORD, else are generated once and kept in
 * QUENTY_HOME/credentials.json (mode 0600).
 */
export interface CreateResult {
  database: string;
  dbName: string;
  role: string;
  ok: boolean;
  createdDatabase: boolean;
  createdRole: boolean;
  password: 'env' | 'generated' | 'stored' | 'unchanged';
  error?: string;
}

const DUPLICATE = new Set(['42710', '42P04', '23505']);

/** The service role's password, and where it came from; stores a generated one. */
export function servicePassword(ctx: Context, t: Target): { password: string; source: 'env' | 'generated' | 'stored' } {
  const fromEnv = ctx.config.servicePasswords[t.entry.service];
  if (fromEnv) return { password: fromEnv, source: 'env' };
  const creds = readCredentials(ctx.config.home);
  const stored = creds.services[t.role];
  if (stored) return { password: stored, source: 'stored' };
  const password = generatePassword();
  registerSecret(password);
  // Re-read under no lock: another create may have written meanwhile; keep theirs if so.
  const again = readCredentials(ctx.config.home);
  if (again.services[t.role]) return { password: again.services[t.role], source: 'stored' };
  writeCredentials(ctx.config.home, { ...again, services: { ...again.services, [t.role]: password } });
  return { password, source: 'generated' };
}

async function ignoreDuplicate(p: Promise<unknown>): Promise<boolean> {
  try {
    await p;
    return true;
  } catch (e) {
    if (DUPLICATE.has((e as { code?: string }).code ?? '')) return false;
    throw e;
  }
}

async function createOne(ctx: Context, t: Target): Promise<CreateResult> {
  const { password, source } = servicePassword(ctx, t);
  let createdRole = false;
  let createdDatabase = false;
  let passwordState: CreateResult['password'] = source;
  await withClient(t.maintenanceUrl, t.name, async (c: pg.Client) => {
    const role = await c.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [t.role]);
    if (role.rowCount === 0) {
      createdRole = await ignoreDuplicate(c.query(`CREATE ROLE ${quoteIdent(t.role)} LOGIN PASSWORD ${quoteLiteral(password)}`));
    }
    if (!createdRole) {
      if (source === 'env' || source === 'generated') await c.query(`ALTER ROLE ${quoteIdent(t.role)} LOGIN PASSWORD ${quoteLiteral(password)}`);
      else passwordState = 'unchanged';
    }
    const db = await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [t.dbName]);
    if (db.rowCount === 0) {
      // A non-superuser admin must be a member of the role to give it a database.
      const su = await c.query('SELECT rolsuper FROM pg_roles WHERE rolname = current_user');
      if (!su.rows[0]?.rolsuper) await c.query(`GRANT ${quoteIdent(t.role)} TO current_user`).catch(() => undefined);
      createdDatabase = await ignoreDuplicate(c.query(`CREATE DATABASE ${quoteIdent(t.dbName)} OWNER ${quoteIdent(t.role)} ENCODING 'UTF8' TEMPLATE template0`));
    }
    await c.query(`REVOKE CONNECT, TEMPORARY ON DATABASE ${quoteIdent(t.dbName)} FROM PUBLIC`);
    await c.query(`GRANT CONNECT, TEMPORARY ON DATABASE ${quoteIdent(t.dbName)} TO ${quoteIdent(t.role)}`);
  }, applicationName('create'));
  // Tables are created by the admin (migrations); the service gets DML on them, now and later.
  await withClient(t.url, t.name, async (c) => {
    const r = quoteIdent(t.role);
    await c.query(`REVOKE ALL ON SCHEMA public FROM PUBLIC`);
    await c.query(`GRANT USAGE ON SCHEMA public TO ${r}`);
    await c.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO ${r}`);
    await c.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO ${r}`);
    await c.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${r}`);
    await c.query(`GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO ${r}`);
  }, applicationName('create'));
  return { database: t.name, dbName: t.dbName, role: t.role, ok: true, createdDatabase, createdRole, password: passwordState };
}

export async function createDatabases(ctx: Context, opts: { databases?: string | string[] } = {}): Promise<CreateResult[]> {
  const targets = ctx.select(opts.databases);
  const results = await settleLimit(targets, ctx.config.concurrency, (t) => createOne(ctx, t));
  return results.map((r, i) =>
    r.ok
      ? r.value
      : {
          database: targets[i].name,
          dbName: targets[i].dbName,
          role: targets[i].role,
          ok: false,
          createdDatabase: false,
          createdRole: false,
          password: 'unchanged' as const,
          error: redact(errorMessage(r.error)),
        },
  );
}

/** Drops the selected databases and their roles (tests and scratch copies). */
export async function dropDatabases(ctx: Context, opts: { databases?: string | string[]; roles?: boolean } = {}): Promise<void> {
  const targets = ctx.select(opts.databases);
  for (const t of targets) {
    await withClient(t.maintenanceUrl, t.name, async (c) => {
      await c.query(`DROP DATABASE IF EXISTS ${quoteIdent(t.dbName)} WITH (FORCE)`);
      if (opts.roles) {
        await c.query(`DROP ROLE IF EXISTS ${quoteIdent(t.role)}`).catch((e) => {
          throw new QuentyError('INTERNAL', `cannot drop role ${t.role}: ${errorMessage(e)}`);
        });
      }
    });
  }
}
