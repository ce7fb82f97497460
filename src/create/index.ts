import pg from 'pg';
import { Context, Target, connect, withClient, quoteIdent, quoteLiteral } from '../db/targets';
import { auditRole, servicePassword, storedRolePassword } from '../db/credentials';
import { errorMessage, QuentyError } from '../util/errors';
import { FleetReport, fleetReport } from '../result';
import { redact } from '../util/redact';
import { groupBy, limiter } from '../util/concurrency';
import { applicationName } from '../db/lock';
import { scramMatches, scramSecret } from '../util/scram';
import { LOCK_NAMESPACE } from '../db/lock';
import crypto from 'node:crypto';
import { sleep } from '../util/concurrency';
import { historyLockdownSql } from '../db/history';

export { historyLockdownSql };

/**
 * create: each database with a login role per service that owns it; CONNECT revoked from
 * PUBLIC so that a service role reaches only its own database. Idempotent.
 * Least privilege: service roles are NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION
 * NOBYPASSRLS and get DML (no DDL) on the tables the admin's migrations create; a read-only
 * `<prefix>audit` role can connect to every database and SELECT only the key columns the
 * cross-database audit needs (primary keys and the registry's reference columns).
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
  /** unchanged: the role's secret already was the password; repaired: it had drifted from the stored one and was set again. */
  password: 'env' | 'generated' | 'stored' | 'unchanged' | 'repaired';
  error?: string;
}

/** What a service (and the audit) role may never do. */
export const ROLE_LIMITS = 'NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS';

const DUPLICATE = new Set(['42710', '42P04', '23505']);

/**
 * Sets a role's password unless its current SCRAM secret already is that password's: ALTER
 * ROLE ... PASSWORD stores a new secret with a new salt, which breaks a PgBouncer userlist.txt
 * generated earlier. Reading pg_authid needs a superuser; when it cannot be read, the password
 * is set. Returns whether it was set.
 */
async function setPasswordIfChanged(c: pg.Client, role: string, password: string): Promise<boolean> {
  let current: { rolpassword: string | null; rolcanlogin: boolean } | undefined;
  try {
    current = (await c.query('SELECT rolpassword, rolcanlogin FROM pg_authid WHERE rolname = $1', [role])).rows[0];
  } catch {
    current = undefined;
  }
  if (current && scramMatches(current.rolpassword, password)) {
    if (!current.rolcanlogin) await c.query(`ALTER ROLE ${quoteIdent(role)} LOGIN`);
    return false;
  }
  await c.query(`ALTER ROLE ${quoteIdent(role)} LOGIN PASSWORD ${passwordSql(password)}`);
  return true;
}

/**
 * The PASSWORD clause's value: the SCRAM-SHA-256 verifier computed here (as psql's \password
 * does), never the password. PostgreSQL stores a verifier as given, so statement logs
 * (log_statement=ddl/all, a failed statement's log line) hold no secret.
 */
export function passwordSql(password: string): string {
  return quoteLiteral(scramSecret(password));
}

/** Advisory lock key of `create` for one prefix, on a server's maintenance database. */
export function createLockKey(prefix: string): number {
  return crypto.createHash('sha256').update(`quenty-db create:${prefix}`).digest().readUInt32BE(0) & 0x7fffffff;
}

/**
 * Serializes `create` (and `up`) runs of one prefix on a server: roles, passwords, grants and
 * credentials.json are changed by one run at a time (two at once failed with "tuple
 * concurrently updated" and left a role whose stored password did not log in). Waits up to the
 * lock timeout; released when the session ends.
 */
async function lockCreate(c: pg.Client, ctx: Context, label: string): Promise<void> {
  return lockPrefix(c, ctx, label, createLockKey(ctx.config.prefix), ctx.config.lockTimeoutMs);
}

/** Waits (polling, up to `waitMs`) for the session advisory lock `key` of this prefix; released when the session ends. */
async function lockPrefix(c: pg.Client, ctx: Context, label: string, key: number, waitMs: number): Promise<void> {
  const deadline = Date.now() + waitMs;
  let delay = 50;
  for (;;) {
    if ((await c.query('SELECT pg_try_advisory_lock($1, $2) AS ok', [LOCK_NAMESPACE, key])).rows[0].ok) return;
    if (Date.now() >= deadline) {
      throw new QuentyError(
        'LOCK_TIMEOUT',
        `${label}: another create/up of prefix "${ctx.config.prefix}" holds its lock; gave up after ${Math.round(waitMs / 1000)}s`,
        {
          hint: 'wait for it to finish, or raise QUENTY_LOCK_TIMEOUT',
        },
      );
    }
    await sleep(delay);
    delay = Math.min(delay * 2, 500);
  }
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

/** The role and the database, on the server's maintenance session (shared by the databases of a server). */
async function createRoleAndDatabase(c: pg.Client, ctx: Context, t: Target): Promise<CreateResult> {
  const { password, source } = servicePassword(ctx, t);
  let createdRole = false;
  let createdDatabase = false;
  let passwordState: CreateResult['password'] = source;
  const role = await c.query('SELECT rolsuper OR rolcreatedb OR rolcreaterole OR rolreplication OR rolbypassrls AS broad FROM pg_roles WHERE rolname = $1', [
    t.role,
  ]);
  if (role.rowCount === 0) {
    createdRole = await ignoreDuplicate(c.query(`CREATE ROLE ${quoteIdent(t.role)} LOGIN ${ROLE_LIMITS} PASSWORD ${passwordSql(password)}`));
  }
  if (!createdRole && role.rows[0]?.broad) await c.query(`ALTER ROLE ${quoteIdent(t.role)} ${ROLE_LIMITS}`);
  if (!createdRole) {
    // Every run checks the role's secret against the password (stored ones included) and
    // repairs a drift: "unchanged" is said only when the password logs in.
    const set = await setPasswordIfChanged(c, t.role, password);
    passwordState = !set ? 'unchanged' : source === 'stored' ? 'repaired' : source;
  }
  const db = await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [t.dbName]);
  if (db.rowCount === 0) {
    // A non-superuser admin must be a member of the role to give it a database.
    const su = await c.query('SELECT rolsuper FROM pg_roles WHERE rolname = current_user');
    if (!su.rows[0]?.rolsuper) await c.query(`GRANT ${quoteIdent(t.role)} TO current_user`).catch(() => undefined);
    createdDatabase = await ignoreDuplicate(c.query(`CREATE DATABASE ${quoteIdent(t.dbName)} OWNER ${quoteIdent(t.role)} ENCODING 'UTF8' TEMPLATE template0`));
  }
  const d = quoteIdent(t.dbName);
  await c.query(
    `REVOKE CONNECT, TEMPORARY ON DATABASE ${d} FROM PUBLIC;
     GRANT CONNECT, TEMPORARY ON DATABASE ${d} TO ${quoteIdent(t.role)};
     REVOKE CREATE ON DATABASE ${d} FROM ${quoteIdent(t.role)};
     GRANT CONNECT ON DATABASE ${d} TO ${quoteIdent(auditRole(ctx))};`,
  );
  return { database: t.name, dbName: t.dbName, role: t.role, ok: true, createdDatabase, createdRole, password: passwordState };
}

/** Inside the database: tables are created by the admin (migrations); the service gets DML on them, now and later. */
async function grantInDatabase(ctx: Context, t: Target): Promise<void> {
  await withClient(
    t.url,
    t.name,
    async (c) => {
      const r = quoteIdent(t.role);
      // One round trip. PostgreSQL 15 gives schema public to the database owner
      // (pg_database_owner): take it back, so that the service has no DDL (the admin's
      // migrations own the schema). The owner may not create schemas in its database either.
      await c.query(
        `REVOKE ALL ON SCHEMA public FROM PUBLIC;
       ALTER SCHEMA public OWNER TO CURRENT_USER;
       GRANT USAGE ON SCHEMA public TO ${r};
       ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO ${r};
       ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO ${r};
       GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${r};
       GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO ${r};
       GRANT USAGE ON SCHEMA public TO ${quoteIdent(auditRole(ctx))};`,
      );
      await c.query(historyLockdownSql(t.entry.versionTable, t.role));
      await grantAuditColumns(c, ctx, t);
    },
    applicationName('create'),
  );
}

/**
 * Per server, one maintenance session makes the roles and the databases one after the other
 * (concurrent CREATE DATABASE on one server contend and were slower here); each database's
 * grants run on its own connection as soon as it exists, bounded by QUENTY_CONCURRENCY.
 * A connection costs several milliseconds (a backend and a SCRAM exchange): this keeps them
 * to one per server plus one per database.
 */
export interface CreateOptions {
  databases?: string | string[];
  /** Called as soon as one database and its grants are in place (`up` starts migrating it then). */
  onReady?: (t: Target, result: CreateResult) => void;
}

/** One result per selected database; ok when every database and its role are in place. */
export async function createDatabases(ctx: Context, opts: CreateOptions = {}): Promise<FleetReport<CreateResult>> {
  const targets = ctx.select(opts.databases);
  const results = new Map<string, CreateResult>();
  const failed = (t: Target, e: unknown): CreateResult => ({
    database: t.name,
    dbName: t.dbName,
    role: t.role,
    ok: false,
    createdDatabase: false,
    createdRole: false,
    password: 'unchanged',
    error: redact(errorMessage(e)),
  });
  const servers = [...groupBy(targets, (t) => t.server).values()];
  const limit = limiter(ctx.config.concurrency);
  await Promise.all(
    servers.map(async (group) => {
      const grants: Promise<void>[] = [];
      try {
        await withClient(
          group[0].maintenanceUrl,
          group[0].name,
          async (c) => {
            await lockCreate(c, ctx, group[0].name);
            await ensureAuditRoleOn(c, ctx);
            for (const t of group) {
              try {
                const r = await createRoleAndDatabase(c, ctx, t);
                results.set(t.name, r);
                grants.push(
                  limit(() => grantInDatabase(ctx, t)).then(
                    () => opts.onReady?.(t, r),
                    (e) => void results.set(t.name, failed(t, e)),
                  ),
                );
              } catch (e) {
                results.set(t.name, failed(t, e));
              }
            }
            // The grants finish while the create lock is held.
            await Promise.all(grants);
          },
          applicationName('create'),
        );
      } catch (e) {
        for (const t of group) if (!results.has(t.name)) results.set(t.name, failed(t, e));
      }
      await Promise.all(grants);
    }),
  );
  return fleetReport(targets.map((t) => results.get(t.name)!));
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
  // The audit role spans every database: dropped with the last of them.
  if (opts.roles && targets.length === ctx.targets.length) {
    const servers = [...new Map(targets.map((t) => [t.server, t])).values()];
    for (const t of servers) {
      await withClient(t.maintenanceUrl, t.name, (c) => c.query(`DROP ROLE IF EXISTS ${quoteIdent(auditRole(ctx))}`)).catch((e) => {
        throw new QuentyError('INTERNAL', `cannot drop role ${auditRole(ctx)}: ${errorMessage(e)}`);
      });
    }
  }
}

/** The tables and columns the audit may read in one database (pure): the registry's reference columns. */
export function auditReferenceColumns(registry: Context['registry'], name: string): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  const add = (table: string, column: string) => {
    if (!out.has(table)) out.set(table, new Set());
    out.get(table)!.add(column);
  };
  for (const r of registry.get(name).references) add(r.table, r.column);
  for (const d of registry.databases) for (const r of d.references) if (r.parent.database === name) add(r.parent.table, r.parent.column);
  return out;
}

/** The audit role on one server, through an open maintenance session. */
async function ensureAuditRoleOn(c: pg.Client, ctx: Context): Promise<void> {
  const role = auditRole(ctx);
  if (ctx.registry.databases.some((d) => ctx.config.prefix + d.service === role)) {
    throw new QuentyError('REGISTRY', `a service is named "audit": the read-only audit role needs that name`);
  }
  const { password } = storedRolePassword(ctx, role, 'QUENTY_AUDIT_PASSWORD');
  const r = await c.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [role]);
  if (r.rowCount === 0) await ignoreDuplicate(c.query(`CREATE ROLE ${quoteIdent(role)} LOGIN ${ROLE_LIMITS} PASSWORD ${passwordSql(password)}`));
  else await setPasswordIfChanged(c, role, password);
  await c.query(`ALTER ROLE ${quoteIdent(role)} SET default_transaction_read_only = on`);
}

async function ensureAuditRole(ctx: Context, targets: Target[]): Promise<void> {
  for (const group of groupBy(targets, (t) => t.server).values()) {
    await withClient(group[0].maintenanceUrl, group[0].name, (c) => ensureAuditRoleOn(c, ctx), applicationName('create'));
  }
}

/**
 * Column-level SELECT for the audit role on the key columns that exist now: primary keys and
 * reference columns of the tables the registry's references name. Column privileges have no
 * default privileges: run again after migrations (`quenty-db create` or grantAuditAccess).
 */
async function grantAuditColumns(c: pg.Client, ctx: Context, t: Target): Promise<number> {
  const wanted = auditReferenceColumns(ctx.registry, t.name);
  if (wanted.size === 0) return 0;
  const r = await c.query(
    `SELECT c.relname AS table, a.attname AS column,
            EXISTS (SELECT 1 FROM pg_index i WHERE i.indrelid = c.oid AND i.indisprimary AND a.attnum = ANY(i.indkey)) AS pk
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
       JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
      WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND c.relname = ANY($1)`,
    [[...wanted.keys()]],
  );
  const grants = new Map<string, string[]>();
  for (const row of r.rows as Array<{ table: string; column: string; pk: boolean }>) {
    if (!row.pk && !wanted.get(row.table)?.has(row.column)) continue;
    if (!grants.has(row.table)) grants.set(row.table, []);
    grants.get(row.table)!.push(row.column);
  }
  for (const [table, cols] of grants) {
    await c.query(`GRANT SELECT (${cols.map(quoteIdent).join(', ')}) ON ${quoteIdent(table)} TO ${quoteIdent(auditRole(ctx))}`);
  }
  return [...grants.values()].reduce((n, cols) => n + cols.length, 0);
}

/** Grants the audit role its columns on the selected databases (after migrations); columns granted per database. */
export async function grantAuditAccess(ctx: Context, opts: { databases?: string | string[] } = {}): Promise<Array<{ database: string; columns: number }>> {
  const targets = ctx.select(opts.databases);
  // Under the create lock of each server: a concurrent create's GRANTs on the same tables would
  // fail with "tuple concurrently updated".
  const sessions: pg.Client[] = [];
  try {
    for (const group of groupBy(targets, (t) => t.server).values()) {
      const c = await connect(group[0].maintenanceUrl, group[0].name, applicationName('grant audit'));
      sessions.push(c);
      await lockCreate(c, ctx, group[0].name);
    }
    await ensureAuditRole(ctx, targets);
    return await grantAuditColumnsOf(ctx, targets);
  } finally {
    for (const c of sessions) await c.end().catch(() => undefined);
  }
}

async function grantAuditColumnsOf(ctx: Context, targets: Target[]): Promise<Array<{ database: string; columns: number }>> {
  return Promise.all(
    targets.map(async (t) => {
      await withClient(t.maintenanceUrl, t.name, (c) => c.query(`GRANT CONNECT ON DATABASE ${quoteIdent(t.dbName)} TO ${quoteIdent(auditRole(ctx))}`));
      const columns = await withClient(
        t.url,
        t.name,
        async (c) => {
          await c.query(`GRANT USAGE ON SCHEMA public TO ${quoteIdent(auditRole(ctx))}`);
          return grantAuditColumns(c, ctx, t);
        },
        applicationName('grant audit'),
      );
      return { database: t.name, columns };
    }),
  );
}

/**
 * Runs `fn` while holding the `up` lock of this prefix (on the first database's server): two
 * `up` at once run one after the other, so that one's audit never reads the other's seed half
 * loaded. Waits at least ten minutes (an `up` of the tiny scale takes seconds).
 */
export async function withUpLock<T>(ctx: Context, fn: () => Promise<T>): Promise<T> {
  const first = ctx.targets[0];
  if (!first) return fn();
  let c: pg.Client;
  try {
    c = await connect(first.maintenanceUrl, 'up', applicationName('up'));
  } catch {
    // That server is down: nothing can run there; the steps report it per database.
    return fn();
  }
  try {
    const key = crypto.createHash('sha256').update(`quenty-db up:${ctx.config.prefix}`).digest().readUInt32BE(0) & 0x7fffffff;
    await lockPrefix(c, ctx, 'up', key, Math.max(ctx.config.lockTimeoutMs, 600_000));
    return await fn();
  } finally {
    await c.end().catch(() => undefined);
  }
}
