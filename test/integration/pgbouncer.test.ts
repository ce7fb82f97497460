import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import pg from 'pg';
import { Context, openContext } from '../../src/db/targets';
import { createDatabases, dropDatabases, grantAuditAccess } from '../../src/create';
import { servicePassword, auditRole, storedRolePassword } from '../../src/db/credentials';
import { migrate } from '../../src/migrate';
import { createBackup } from '../../src/backup';
import { parseConfig } from '../../src/config';
import { loadRegistry } from '../../src/registry';
import { adminPassword, checkAccess, generateConfig, tryLogin, ConfigResult } from '../../src/pgbouncer';
import { RunningPgBouncer, freePort, startPgBouncer } from '../../src/pgbouncer/process';
import { CLI, dropTestDatabases, testContext, serverUrl } from '../helpers/context';
import { describeWithTool } from '../helpers/prerequisites';

/**
 * Through a real PgBouncer (Debian's `pgbouncer`), started here on a free loopback port with
 * the generated files. Small pools (4 + 1 per database, at most 5 server connections each) so
 * that the shared test server keeps room for the other test files.
 */
const PREFIX = 't_pgb_';

// Without pgbouncer (and without root to install it) these tests are skipped with the reason;
// with CI=true they fail (test/helpers/prerequisites.ts).
describeWithTool('pgbouncer', 'through a real PgBouncer', () => {
  let ctx: Context;
  let port: number;
  let dir: string;
  let bouncer: RunningPgBouncer | undefined;
  let config: ConfigResult;

  const own = (name: string) => ctx.target(name);
  function viaBouncer(role: string, password: string, database: string): pg.ClientConfig {
    return { host: '127.0.0.1', port, user: role, password, database, application_name: 'pgbouncer test' };
  }

  beforeAll(async () => {
    port = await freePort();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'quenty-pgb-'));
    fs.chmodSync(dir, 0o755);
    ctx = await testContext(PREFIX, {
      QUENTY_PGBOUNCER_LISTEN_PORT: String(port),
      QUENTY_PGBOUNCER_UNIX_SOCKET_DIR: '',
      QUENTY_PGBOUNCER_MAX_CLIENT_CONN: '300',
      QUENTY_PGBOUNCER_DEFAULT_POOL_SIZE: '4',
      QUENTY_PGBOUNCER_MIN_POOL_SIZE: '0',
      QUENTY_PGBOUNCER_RESERVE_POOL_SIZE: '1',
      QUENTY_PGBOUNCER_MAX_DB_CONNECTIONS: '5',
      // a refused pool (the cross-service logins) answers again after 1 s instead of 15
      QUENTY_PGBOUNCER_SERVER_LOGIN_RETRY: '1',
    });
    await dropTestDatabases(ctx).catch(() => undefined);
    const created = (await createDatabases(ctx)).databases;
    expect(created.filter((c) => !c.ok)).toEqual([]);
    const migrated = (await migrate(ctx, 'latest')).databases;
    expect(migrated.filter((m) => !m.ok)).toEqual([]);
    await grantAuditAccess(ctx);
    config = await generateConfig(ctx, { outDir: dir });
    expect(config.findings.filter((f) => f.level === 'error')).toEqual([]);
    bouncer = await startPgBouncer(config.iniFile, port);
  });

  afterAll(async () => {
    await bouncer?.stop();
    if (ctx) await dropTestDatabases(ctx);
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  describe('generated files', () => {
    it('writes userlist.txt 0600 with SCRAM secrets only, no plain password', () => {
      const st = fs.statSync(config.userlistFile);
      expect(st.mode & 0o777).toBe(0o600);
      const text = fs.readFileSync(config.userlistFile, 'utf8');
      const lines = text.trim().split('\n');
      expect(lines).toHaveLength(ctx.targets.length + 1); // a role per service + the admin console user
      for (const l of lines) expect(l).toMatch(/^"[a-z_]+" "SCRAM-SHA-256\$4096:[^"]+"$/);
      for (const t of ctx.targets) expect(text).not.toContain(servicePassword(ctx, t).password);
      expect(text).not.toContain(adminPassword(ctx));
    });

    it('parses with PgBouncer itself: it runs and SHOW CONFIG shows our values', async () => {
      const admin = new pg.Client(viaBouncer(config.settings.admin_user, adminPassword(ctx), 'pgbouncer'));
      await admin.connect();
      try {
        const rows = (await admin.query('SHOW CONFIG')).rows as Array<{ key: string; value: string }>;
        const cfg = Object.fromEntries(rows.map((r) => [r.key, r.value]));
        expect(cfg).toMatchObject({
          pool_mode: 'transaction',
          max_client_conn: '300',
          default_pool_size: '4',
          min_pool_size: '0',
          reserve_pool_size: '1',
          reserve_pool_timeout: '5',
          max_db_connections: '5',
          server_login_retry: '1',
          auth_type: 'scram-sha-256',
          listen_port: String(port),
          admin_users: config.settings.admin_user,
        });
        const dbs = (await admin.query('SHOW DATABASES')).rows as Array<{ name: string; database: string; port: number }>;
        for (const t of ctx.targets) expect(dbs.find((d) => d.name === t.dbName)).toMatchObject({ database: t.dbName });
      } finally {
        await admin.end();
      }
    });
  });

  describe('least privilege', () => {
    it('through PgBouncer: every service reaches its own database and is refused by every other', async () => {
      const r = await checkAccess(ctx, { port });
      const bad = r.cells.filter((c) => c.state !== (c.expected === 'reach' ? 'ok' : 'refused'));
      expect(bad).toEqual([]);
      expect(r.cells).toHaveLength(ctx.targets.length * ctx.targets.length);
      expect(r.ok).toBe(true);
    });

    it('directly: every service reaches its own database and is refused by every other', async () => {
      const r = await checkAccess(ctx, { direct: true });
      expect(r.cells.filter((c) => c.state !== (c.expected === 'reach' ? 'ok' : 'refused'))).toEqual([]);
      expect(r.ok).toBe(true);
    });

    it('refuses a wrong password, directly and through PgBouncer', async () => {
      const t = own('order_db');
      const through = await tryLogin(viaBouncer(t.role, 'wrong-password-123', t.dbName), t.dbName, t.role);
      expect(through).toMatchObject({ reached: false, refused: true });
      const u = new URL(t.url);
      const direct = await tryLogin(
        { host: u.hostname, port: Number(u.port), user: t.role, password: 'wrong-password-123', database: t.dbName },
        t.dbName,
        t.role,
      );
      expect(direct).toMatchObject({ reached: false, refused: true });
      expect(direct.detail).toMatch(/password authentication failed/);
      // and the matrix marks the own database FAIL when the password is wrong
      const r = await checkAccess(ctx, { port, databases: 'order_db', password: () => 'wrong-password-123' });
      expect(r.cells[0].state).toBe('FAIL');
      expect(r.ok).toBe(false);
    });

    it('a service role has DML but no DDL in its own database', async () => {
      const t = own('order_db');
      const c = new pg.Client(viaBouncer(t.role, servicePassword(ctx, t).password, t.dbName));
      await c.connect();
      try {
        await c.query('SELECT count(*) FROM orders');
        await expect(c.query('CREATE TABLE sneaky (id int)')).rejects.toThrow(/permission denied/);
        await expect(c.query('DROP TABLE orders')).rejects.toThrow(/must be owner/);
        await expect(c.query('CREATE SCHEMA sneaky')).rejects.toThrow(/permission denied/);
        await c.query('BEGIN');
        const ins = await c.query("INSERT INTO orders (order_number, total_amount, customer_id, company_id) VALUES ('pgb-1', 1, 'c', 'co') RETURNING id");
        expect(ins.rowCount).toBe(1);
        await c.query('ROLLBACK');
      } finally {
        await c.end();
      }
    });

    it('the audit role reads only key columns, read-only, and is not in PgBouncer', async () => {
      const t = own('order_db');
      const role = auditRole(ctx);
      const pw = storedRolePassword(ctx, role, 'QUENTY_AUDIT_PASSWORD').password;
      const u = new URL(t.url);
      const c = new pg.Client({ host: u.hostname, port: Number(u.port), user: role, password: pw, database: t.dbName });
      await c.connect();
      try {
        await c.query('SELECT id, customer_id, company_id FROM orders LIMIT 1');
        await expect(c.query('SELECT * FROM orders LIMIT 1')).rejects.toThrow(/permission denied/);
        await expect(c.query('SELECT status FROM orders LIMIT 1')).rejects.toThrow(/permission denied/);
        await expect(c.query('UPDATE orders SET customer_id = customer_id')).rejects.toThrow(/permission denied|read-only/);
        expect((await c.query('SHOW default_transaction_read_only')).rows[0].default_transaction_read_only).toBe('on');
      } finally {
        await c.end();
      }
      const through = await tryLogin(viaBouncer(role, pw, t.dbName), t.dbName, role);
      expect(through.reached).toBe(false);
    });
  });

  describe('CLI', () => {
    it('pgbouncer config --json for PgBouncer 1.21 writes max_prepared_statements; check prints a clean matrix', () => {
      const out = fs.mkdtempSync(path.join(os.tmpdir(), 'quenty-pgb-cli-'));
      const env = { ...process.env, QUENTY_DATABASE_URL: serverUrl(), QUENTY_DB_PREFIX: PREFIX, QUENTY_HOME: ctx.config.home, NO_COLOR: '1' };
      try {
        const r = spawnSync(CLI, ['pgbouncer', 'config', '--out', out, '--pgbouncer-version', '1.21', '--json'], { env, encoding: 'utf8' });
        expect(r.status).toBe(0);
        const j = JSON.parse(r.stdout);
        expect(j).toMatchObject({ ok: true, written: true, version: '1.21.0', versionSource: 'option' });
        expect(fs.readFileSync(path.join(out, 'pgbouncer.ini'), 'utf8')).toMatch(/^max_prepared_statements = 100$/m);
        expect(r.stdout).not.toMatch(/SCRAM-SHA-256\$/);
        const chk = spawnSync(CLI, ['pgbouncer', 'check', '--port', String(port)], { env, encoding: 'utf8' });
        expect(chk.stdout).toMatch(/each service reaches its own database and nothing else/);
        expect(chk.status).toBe(0);
        const bad = spawnSync(CLI, ['pgbouncer', 'check', '--port', 'abc'], { env, encoding: 'utf8' });
        expect(bad.status).toBe(2);
      } finally {
        fs.rmSync(out, { recursive: true, force: true });
      }
    });
  });

  describe('transaction pooling', () => {
    it('200 concurrent clients complete their queries with no error on 5 server connections per database', async () => {
      const clients = Array.from({ length: 200 }, (_, i) => ctx.targets[i % ctx.targets.length]);
      const backends = new Map<string, Set<number>>();
      const errors: string[] = [];
      await Promise.all(
        clients.map(async (t, i) => {
          const c = new pg.Client(viaBouncer(t.role, servicePassword(ctx, t).password, t.dbName));
          c.on('error', () => undefined);
          try {
            await c.connect();
            for (let k = 0; k < 5; k++) {
              await c.query('BEGIN');
              const r = await c.query('SELECT pg_backend_pid() AS pid, current_database() AS db, $1::int AS n', [i * 10 + k]);
              if (r.rows[0].n !== i * 10 + k || r.rows[0].db !== t.dbName) errors.push(`client ${i}: wrong answer`);
              await c.query('SELECT pg_sleep(0.005)');
              await c.query('COMMIT');
              if (!backends.has(t.dbName)) backends.set(t.dbName, new Set());
              backends.get(t.dbName)!.add(r.rows[0].pid);
            }
          } catch (e) {
            errors.push(`client ${i}: ${(e as Error).message}`);
          } finally {
            await c.end().catch(() => undefined);
          }
        }),
      );
      expect(errors).toEqual([]);
      expect(backends.size).toBe(ctx.targets.length);
      // max_db_connections 5: 200 clients shared at most 5 server connections per database.
      for (const pids of backends.values()) expect(pids.size).toBeLessThanOrEqual(5);
    });
  });

  describe('migrations never go through PgBouncer', () => {
    function ctxThroughBouncer(extra: Record<string, string> = {}): Promise<Context> {
      const t = own('order_db');
      const pw = servicePassword(ctx, t).password;
      const registry = loadRegistry();
      const env = {
        QUENTY_DATABASE_URL: serverUrl(),
        QUENTY_DB_PREFIX: PREFIX,
        QUENTY_HOME: ctx.config.home,
        QUENTY_ORDER_DB_URL: `postgres://${t.role}:${encodeURIComponent(pw)}@127.0.0.1:${port}/${t.dbName}`,
        ...extra,
      };
      return openContext({ registry, config: parseConfig(env, registry) });
    }

    it('refuses a URL that the configuration names as the PgBouncer port', async () => {
      const c2 = await ctxThroughBouncer({ QUENTY_PGBOUNCER_LISTEN_PORT: String(port) });
      const [r] = (await migrate(c2, 'latest', { databases: 'order_db' })).databases;
      expect(r.ok).toBe(false);
      expect(r.code).toBe('CONFIG');
      expect(r.error).toMatch(/refusing to migrate through a connection pooler.*configured PgBouncer port/);
    });

    it('detects an unconfigured PgBouncer by probing, and says so clearly', async () => {
      const c2 = await ctxThroughBouncer();
      const [r] = (await migrate(c2, 'latest', { databases: 'order_db' })).databases;
      expect(r.ok).toBe(false);
      expect(r.code).toBe('CONFIG');
      expect(r.error).toMatch(/refusing to migrate through a connection pooler/);
      expect(r.hint).toMatch(/not PgBouncer's/);
      expect(r.error).not.toContain(servicePassword(ctx, own('order_db')).password);
    });

    it("backups are refused through PgBouncer too, with the guard's message", async () => {
      const out = fs.mkdtempSync(path.join(os.tmpdir(), 'quenty-pgb-bk-'));
      try {
        for (const extra of [{ QUENTY_PGBOUNCER_LISTEN_PORT: String(port) }, {}] as Array<Record<string, string>>) {
          const c2 = await ctxThroughBouncer(extra);
          const res = await createBackup(c2, { databases: 'order_db', dir: out, globals: false });
          expect(res.ok).toBe(false);
          expect(res.manifest.databases[0].error).toMatch(/refusing to back up through a connection pooler/);
          expect(res.manifest.databases[0].hint).toMatch(/not PgBouncer's/);
          expect(fs.readdirSync(out).filter((f) => f.endsWith('.backup') || f.endsWith('.partial'))).toEqual([]);
        }
      } finally {
        fs.rmSync(out, { recursive: true, force: true });
      }
    });

    it('still migrates directly (the probe passes the real server)', async () => {
      const [r] = (await migrate(ctx, 'latest', { databases: 'order_db' })).databases;
      expect(r).toMatchObject({ ok: true, steps: [] });
    });
  });

  describe("create keeps a role's SCRAM secret when its password did not change", () => {
    const PWD_PREFIX = 't_pwd_';
    async function pwdContext(home: string, order: string, audit: string): Promise<Context> {
      const registry = loadRegistry();
      const env = {
        QUENTY_DATABASE_URL: serverUrl(),
        QUENTY_DB_PREFIX: PWD_PREFIX,
        QUENTY_HOME: home,
        QUENTY_ORDER_PASSWORD: order,
        QUENTY_AUDIT_PASSWORD: audit,
      };
      return openContext({ registry, config: parseConfig(env, registry) });
    }
    async function secrets(c: Context): Promise<Record<string, string>> {
      const rows = (
        await withAdmin((a) => a.query('SELECT rolname, rolpassword FROM pg_authid WHERE rolname = ANY($1)', [[c.target('order_db').role, auditRole(c)]]))
      ).rows as Array<{ rolname: string; rolpassword: string }>;
      return Object.fromEntries(rows.map((r) => [r.rolname, r.rolpassword]));
    }
    async function withAdmin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
      const c = new pg.Client({ connectionString: serverUrl() });
      await c.connect();
      try {
        return await fn(c);
      } finally {
        await c.end();
      }
    }

    it('a second create with the same QUENTY_ORDER_PASSWORD / QUENTY_AUDIT_PASSWORD leaves rolpassword as it was; a new one changes it', async () => {
      const home = fs.mkdtempSync(path.join(os.tmpdir(), 'quenty-pwd-'));
      const c1 = await pwdContext(home, 'order-password-one', 'audit-password-one');
      try {
        const [first] = (await createDatabases(c1, { databases: 'order_db' })).databases;
        expect(first).toMatchObject({ ok: true, createdRole: true });
        const before = await secrets(c1);
        expect(Object.values(before)).toHaveLength(2);
        for (const s of Object.values(before)) expect(s).toMatch(/^SCRAM-SHA-256\$/);

        const [again] = (await createDatabases(await pwdContext(home, 'order-password-one', 'audit-password-one'), { databases: 'order_db' })).databases;
        expect(again).toMatchObject({ ok: true, createdRole: false, password: 'unchanged' });
        expect(await secrets(c1)).toEqual(before);

        const c2 = await pwdContext(home, 'order-password-two', 'audit-password-two');
        const [changed] = (await createDatabases(c2, { databases: 'order_db' })).databases;
        expect(changed).toMatchObject({ ok: true, createdRole: false, password: 'env' });
        const after = await secrets(c1);
        expect(after[c1.target('order_db').role]).not.toEqual(before[c1.target('order_db').role]);
        expect(after[auditRole(c1)]).not.toEqual(before[auditRole(c1)]);
        const t = c2.target('order_db');
        const u = new URL(t.url);
        const login = await tryLogin(
          { host: u.hostname, port: Number(u.port), user: t.role, password: 'order-password-two', database: t.dbName },
          t.dbName,
          t.role,
        );
        expect(login).toMatchObject({ reached: true });
      } finally {
        await dropDatabases(c1, { databases: 'order_db', roles: true }).catch(() => undefined);
        await withAdmin((a) => a.query(`DROP ROLE IF EXISTS ${auditRole(c1)}`)).catch(() => undefined);
        fs.rmSync(home, { recursive: true, force: true });
      }
    });
  });
});
