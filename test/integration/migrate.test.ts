import fs from 'node:fs';
import path from 'node:path';
import { spawn, spawnSync } from 'node:child_process';
import pg from 'pg';
import { Context, openContext, withClient, withDatabase } from '../../src/db/targets';
import { parseConfig } from '../../src/config';
import { createDatabases } from '../../src/create';
import { migrate, migrationStatus, validateMigrations, listMigrationFiles } from '../../src/migrate';
import { LOCK_NAMESPACE, lockKey } from '../../src/db/lock';
import { readCredentials } from '../../src/embedded';
import { up } from '../../src/up';
import { dropTestDatabases, serverUrl, testContext, testEnv, CLI } from '../helpers/context';
import { fixtureRegistry, migrationSource } from '../helpers/fixture-registry';

const SPEC = path.resolve(__dirname, '..', '..', '..', 'shared', 'spec');
const ERD_ONLY_TABLES = [
  'role_permissions',
  'drivers',
  'pickup_capacity',
  'pickup_zones',
  'return_status_history',
  'disposal_records',
  'return_metrics',
  'franchise_contracts',
  'franchise_payments',
  'franchise_audits',
  'credit_checks',
  'payment_schedules',
  'collection_logs',
];

/** Every (index, table) and table the spec documents name, read from the documents themselves. */
function specCatalog() {
  const files = fs.existsSync(SPEC) ? fs.readdirSync(SPEC).map((f) => fs.readFileSync(path.join(SPEC, f), 'utf8')) : [];
  const text = files.join('\n');
  const tables = new Set<string>();
  for (const m of text.matchAll(/CREATE TABLE (\w+) \(/g)) tables.add(m[1]);
  const indexes = new Set<string>();
  for (const m of text.matchAll(/CREATE INDEX (?:CONCURRENTLY )?(\w+) ON (\w+)/g)) indexes.add(`${m[1]} ON ${m[2]}`);
  return { tables, indexes, found: files.length > 0 };
}

async function catalog(ctx: Context) {
  const tables = new Set<string>();
  const indexes = new Map<string, { def: string; valid: boolean }>();
  const kinds = new Map<string, string>();
  const comments = new Map<string, string>();
  for (const t of ctx.targets) {
    await withClient(t.url, t.name, async (c) => {
      const r = await c.query(
        `SELECT c.relname, c.relkind FROM pg_class c WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r','p') AND NOT c.relispartition`,
      );
      for (const row of r.rows) {
        tables.add(row.relname);
        kinds.set(`${t.name}.${row.relname}`, row.relkind);
      }
      const ix = await c.query(`SELECT ci.relname AS index, ct.relname AS table, pg_get_indexdef(i.indexrelid) AS def, i.indisvalid AS valid
                                  FROM pg_index i JOIN pg_class ci ON ci.oid = i.indexrelid JOIN pg_class ct ON ct.oid = i.indrelid
                                 WHERE ct.relnamespace = 'public'::regnamespace`);
      for (const row of ix.rows) indexes.set(`${row.index} ON ${row.table}`, { def: row.def, valid: row.valid });
      const cm =
        await c.query(`SELECT c.relname, a.attname, col_description(c.oid, a.attnum) AS comment FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid
                                 WHERE c.relnamespace = 'public'::regnamespace AND col_description(c.oid, a.attnum) IS NOT NULL AND NOT c.relispartition`);
      for (const row of cm.rows) comments.set(`${t.name}.${row.relname}.${row.attname}`, row.comment);
    });
  }
  return { tables, indexes, kinds, comments };
}

async function tableCount(url: string, name: string) {
  return withClient(url, name, async (c) => Number((await c.query(`SELECT count(*) FROM pg_tables WHERE schemaname = 'public'`)).rows[0].count));
}

describe('create + migrate every database of the registry', () => {
  let ctx: Context;
  beforeAll(async () => {
    ctx = await testContext('t_mig_');
    await dropTestDatabases(ctx);
  });
  afterAll(async () => {
    await dropTestDatabases(ctx);
  });

  it('creates and migrates all of them from nothing, idempotently', async () => {
    const report = await up(ctx, { seed: false });
    expect(report.create.databases.map((c) => [c.database, c.ok, c.createdDatabase, c.createdRole])).toEqual(
      ctx.targets.map((t) => [t.name, true, true, true]),
    );
    expect(report.migrate.databases.every((m) => m.ok)).toBe(true);
    for (const m of report.migrate.databases)
      expect(m.steps.map((s) => s.name)).toEqual(listMigrationFiles(ctx.registry.migrationsDir(m.database)).map((f) => f.name));
    const concurrent = report.migrate.databases.flatMap((m) => m.steps.filter((s) => !s.transaction).map((s) => `${m.database}:${s.name}`));
    // The migrations that say `transaction: false` (CREATE INDEX CONCURRENTLY) ran outside one.
    const outside = ctx.targets.flatMap((t) =>
      listMigrationFiles(ctx.registry.migrationsDir(t.name))
        .filter((f) => /transaction:\s*false/.test(fs.readFileSync(f.file, 'utf8')))
        .map((f) => `${t.name}:${f.name}`),
    );
    expect(outside.length).toBeGreaterThan(0);
    expect(concurrent.sort()).toEqual(outside.sort());
    const again = (await createDatabases(ctx)).databases;
    expect(again.every((c) => c.ok && !c.createdDatabase && !c.createdRole)).toBe(true);
    const latest = (await migrate(ctx, 'latest')).databases;
    expect(latest.every((m) => m.ok && m.steps.length === 0)).toBe(true);
    const st = (await migrationStatus(ctx)).databases;
    expect(st.every((s) => s.reachable && s.pending.length === 0 && s.problems.length === 0)).toBe(true);
  });

  it('has every table and index of both spec documents', async () => {
    const spec = specCatalog();
    const got = await catalog(ctx);
    if (spec.found) {
      for (const t of spec.tables) if (!/_\d{4}_\d{2}$/.test(t)) expect({ table: t, present: got.tables.has(t) }).toEqual({ table: t, present: true });
      for (const i of spec.indexes) expect({ index: i, present: got.indexes.has(i) }).toEqual({ index: i, present: true });
      expect(spec.indexes.size).toBeGreaterThanOrEqual(168);
    }
    for (const t of ERD_ONLY_TABLES) expect(got.tables).toContain(t);
    expect(got.indexes.get('idx_users_company_active_partial ON users')?.def).toMatch(/WHERE \(?active = true\)?/);
    expect(got.indexes.get('idx_user_roles_permissions ON user_roles')?.def).toMatch(/INCLUDE \(role_id\)/);
    expect(got.indexes.get('idx_products_name_gin ON products')?.def).toMatch(/USING gin \(to_tsvector/);
    expect(got.indexes.get('idx_metrics_tags_gin ON metrics')?.def).toMatch(/USING gin \(tags\)/);
    expect(got.indexes.get('idx_inventory_low_stock ON inventory_items')?.def).toMatch(/WHERE \(\(quantity - reserved_quantity\) <= min_stock_level\)/);
    for (const [name, ix] of got.indexes) expect({ name, valid: ix.valid }).toEqual({ name, valid: true });
    for (const d of ctx.registry.databases) {
      for (const p of d.partitioned) {
        expect(got.kinds.get(`${d.name}.${p.table}`)).toBe('p');
        expect(got.tables.has(`${p.table}_default`)).toBe(false); // a partition, not a table of its own
      }
      for (const r of d.references) {
        expect(got.comments.get(`${d.name}.${r.table}.${r.column}`)).toContain(`${r.parent.database}.${r.parent.table}.${r.parent.column}`);
      }
    }
  });

  it('keeps each service role inside its own database', async () => {
    const creds = readCredentials(ctx.config.home);
    const customer = ctx.target(ctx.registry.databases.find((d) => d.service === 'customer')!.name);
    const order = ctx.target(ctx.registry.databases.find((d) => d.service === 'order')!.name);
    const asRole = (t: typeof customer, db: string) => {
      const u = new URL(withDatabase(t.url, db));
      u.username = t.role;
      u.password = creds.services[t.role];
      return u.toString();
    };
    await withClient(asRole(customer, customer.dbName), 'own', async (c) => {
      expect((await c.query('SELECT count(*) FROM users')).rows[0].count).toBe('0');
      // It owns its database (and so, on PostgreSQL 15, its public schema); it reads and writes its tables.
      await c.query(`INSERT INTO document_types (name, code) VALUES ('RFC', 'RFC')`);
      await c.query(`DELETE FROM document_types`);
    });
    await expect(withClient(asRole(customer, order.dbName), 'other', async () => undefined)).rejects.toThrow(/permission denied for database/);
  });

  it('goes up, down and up again on every database', async () => {
    const back = (await migrate(ctx, 'rollback', { yes: true })).databases;
    expect(back.every((r) => r.ok && r.steps.every((s) => s.direction === 'down'))).toBe(true);
    for (const t of ctx.targets) expect(await tableCount(t.url, t.name)).toBe(1); // only the version table
    const again = (await migrate(ctx, 'latest')).databases;
    expect(again.every((r) => r.ok && r.steps.length === listMigrationFiles(ctx.registry.migrationsDir(r.database)).length)).toBe(true);
    const one = (await migrate(ctx, 'down', { yes: true })).databases;
    expect(one.every((r) => r.ok && r.steps.length === 1)).toBe(true);
    const upOne = (await migrate(ctx, 'up')).databases;
    expect(upOne.every((r) => r.ok && r.steps.length === 1 && r.steps[0].name === one.find((o) => o.database === r.database)!.steps[0].name)).toBe(true);
  });

  it('lets a second migrate wait for the lock, then fail naming the holder', async () => {
    const t = ctx.targets[0];
    const holder = new pg.Client({ connectionString: t.url, application_name: 'the-other-migrate' });
    await holder.connect();
    try {
      await holder.query('SELECT pg_advisory_lock($1, $2)', [LOCK_NAMESPACE, lockKey(t.entry.versionTable)]);
      const impatient = await openContext({ registry: ctx.registry, config: { ...ctx.config, lockTimeoutMs: 1000 } });
      const [r] = (await migrate(impatient, 'latest', { databases: t.name })).databases;
      expect(r.ok).toBe(false);
      expect(r.code).toBe('LOCK_TIMEOUT');
      expect(r.error).toMatch(/held by "the-other-migrate" \(backend pid \d+/);
    } finally {
      await holder.end();
    }
  });
});

describe('two migrate runs at once', () => {
  let ctx: Context;
  beforeAll(async () => {
    ctx = await testContext('t_mgc_');
    await dropTestDatabases(ctx);
    await createDatabases(ctx);
  });
  afterAll(async () => dropTestDatabases(ctx));

  it('apply each migration exactly once', async () => {
    const [a, b] = await Promise.all([migrate(ctx, 'latest'), migrate(ctx, 'latest')]);
    for (const t of ctx.targets) {
      const files = listMigrationFiles(ctx.registry.migrationsDir(t.name)).map((f) => f.name);
      const ra = a.databases.find((r) => r.database === t.name)!;
      const rb = b.databases.find((r) => r.database === t.name)!;
      expect(ra.ok && rb.ok).toBe(true);
      expect([...ra.steps, ...rb.steps].map((s) => s.name).sort()).toEqual(files);
      const rows = await withClient(t.url, t.name, async (c) =>
        (await c.query(`SELECT name FROM ${t.entry.versionTable} ORDER BY name`)).rows.map((r) => r.name),
      );
      expect(rows).toEqual(files);
    }
  });
});

describe('migrations of a fixture database', () => {
  const fx = fixtureRegistry();
  let ctx: Context;
  let env: Record<string, string>;
  beforeAll(async () => {
    env = testEnv('t_mfx_');
    ctx = await openContext({ registry: fx.registry, config: parseConfig(env, fx.registry) });
    await dropTestDatabases(ctx);
    await createDatabases(ctx);
  });
  afterAll(async () => dropTestDatabases(ctx));

  it('a migrate killed with SIGKILL in the middle leaves a database the next run completes', async () => {
    fx.write('0001_a', migrationSource('CREATE TABLE a (id int)', 'DROP TABLE a'));
    fx.write('0002_b', migrationSource("CREATE TABLE b (id int); COMMENT ON TABLE b IS 'slow'", 'DROP TABLE b'));
    const t = ctx.targets[0];
    const child = spawn(
      process.execPath,
      ['--require', require.resolve('tsx/cjs'), path.join(__dirname, '..', 'helpers', 'migrate-child.ts'), fx.root, JSON.stringify(env)],
      {
        env: { ...process.env, QUENTY_FX_SLEEP: '1' },
        stdio: 'ignore',
      },
    );
    // Wait until the child sits inside migration 0002 (its pg_sleep), then kill it.
    const deadline = Date.now() + 60_000;
    for (;;) {
      const sleeping = await withClient(
        t.maintenanceUrl,
        'probe',
        async (c) =>
          (await c.query(`SELECT 1 FROM pg_stat_activity WHERE datname = $1 AND query LIKE '%pg_sleep%' AND pid <> pg_backend_pid()`, [t.dbName])).rowCount,
      );
      if (sleeping) break;
      if (Date.now() > deadline) throw new Error('the child never reached migration 0002');
      await new Promise((r) => setTimeout(r, 100));
    }
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    const [r] = (await migrate(ctx, 'latest')).databases;
    expect(r.ok).toBe(true);
    expect(r.steps.map((s) => s.name)).toEqual(['0002_b']);
    await withClient(t.url, t.name, async (c) => {
      expect((await c.query(`SELECT name FROM ${t.entry.versionTable} ORDER BY name`)).rows.map((x) => x.name)).toEqual(['0001_a', '0002_b']);
      expect((await c.query(`SELECT to_regclass('b') IS NOT NULL AS ok`)).rows[0].ok).toBe(true);
      // Only this database's advisory locks: other test files hold theirs on the same server.
      expect(
        Number(
          (
            await c.query(
              `SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
            )
          ).rows[0].count,
        ),
      ).toBe(0);
    });
  });

  it('refuses an edited applied migration, naming it, and a deleted one', async () => {
    const file = fx.write('0001_a', migrationSource('CREATE TABLE a (id bigint)', 'DROP TABLE a'));
    const [r] = (await migrate(ctx, 'latest')).databases;
    expect(r.ok).toBe(false);
    expect(r.code).toBe('CHECKSUM');
    expect(r.error).toMatch(/applied migration 0001_a was edited after it ran/);
    const [v] = await validateMigrations(ctx);
    expect(v.ok).toBe(false);
    fs.unlinkSync(file);
    const [v2] = await validateMigrations(ctx);
    expect(v2.problems.join()).toMatch(/0001_a has no file any more/);
    fx.write('0001_a', migrationSource('CREATE TABLE a (id int)', 'DROP TABLE a'));
    expect((await validateMigrations(ctx))[0].ok).toBe(true);
  });

  it('--dry-run prints the SQL and runs nothing; a non-transactional migration runs alone outside a transaction', async () => {
    fx.write('0003_c', migrationSource('CREATE TABLE c (id int)', 'DROP TABLE c'));
    fx.write(
      '0004_ix',
      migrationSource('CREATE INDEX CONCURRENTLY ix_c ON c (id)', 'DROP INDEX CONCURRENTLY ix_c', 'export const config = { transaction: false };'),
    );
    const [dry] = (await migrate(ctx, 'latest', { dryRun: true })).databases;
    expect(dry.error).toBeUndefined();
    expect(dry.steps.map((s) => s.name)).toEqual(['0003_c', '0004_ix']);
    expect(dry.steps[0].sql!.join('\n')).toMatch(/CREATE TABLE c \(id int\)/);
    expect(dry.steps[0].sql!.join('\n')).toMatch(/insert into "knex_migrations_fx"/);
    const t = ctx.targets[0];
    expect(await withClient(t.url, t.name, async (c) => (await c.query(`SELECT to_regclass('c') AS r`)).rows[0].r)).toBeNull();
    const [real] = (await migrate(ctx, 'latest')).databases;
    expect(real.steps.map((s) => [s.name, s.transaction])).toEqual([
      ['0003_c', true],
      ['0004_ix', false],
    ]);
  });
});

describe('the CLI', () => {
  it('explains itself and exits 2 on bad configuration', () => {
    const help = spawnSync(CLI, ['migrate', '--help'], { encoding: 'utf8' });
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/latest/);
    const bad = spawnSync(CLI, ['migrate', 'status'], { encoding: 'utf8', env: { ...process.env, QUENTY_DATABASE_URL: 'mysql://root:pw123456@x/y' } });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/QUENTY_DATABASE_URL must be a postgres/);
    expect(bad.stderr).not.toContain('pw123456');
    const unknown = spawnSync(CLI, ['migrate', 'status', '--db', 'nope_db'], { encoding: 'utf8', env: { ...process.env, ...testEnv('t_cli_') } });
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toMatch(/unknown database "nope_db"/);
  });

  it('`migrate` alone is `migrate latest`; a misspelt command is refused, never run as latest', () => {
    const env = { ...process.env, ...testEnv('t_cli_'), QUENTY_DATABASE_URL: 'postgres://admin:topsecret99@127.0.0.1:1/postgres' };
    const alone = spawnSync(CLI, ['migrate', '--json', '--db', 'auth_db'], { encoding: 'utf8', env });
    const latest = spawnSync(CLI, ['migrate', 'latest', '--json', '--db', 'auth_db'], { encoding: 'utf8', env });
    expect(alone.status).toBe(1);
    expect(JSON.parse(alone.stdout)).toEqual(JSON.parse(latest.stdout));
    expect(JSON.parse(alone.stdout).databases[0]).toMatchObject({ database: 'auth_db', action: 'latest', ok: false, code: 'CONNECTION' });
    for (const args of [
      ['migrate', 'donw'],
      ['migrate', 'down', 'extra'],
    ]) {
      const r = spawnSync(CLI, [...args, '--db', 'auth_db'], { encoding: 'utf8', env });
      expect(r.status).toBe(2);
      expect(r.stderr).toContain(`"${args[args.length - 1]}" is not a migrate command`);
      expect(r.stderr).toMatch(/one of: latest, up, down, rollback, status/);
      expect(r.stdout).toBe('');
    }
  });

  it('reports an unreachable database per database, with exit code 1, and no password', () => {
    const env = { ...process.env, ...testEnv('t_cli_'), QUENTY_DATABASE_URL: 'postgres://admin:topsecret99@127.0.0.1:1/postgres' };
    const r = spawnSync(CLI, ['migrate', 'status', '--json', '--db', 'auth_db,order_db'], { encoding: 'utf8', env });
    expect(r.status).toBe(1);
    const out = JSON.parse(r.stdout);
    expect(out.ok).toBe(false);
    expect(out.databases.map((s: { database: string; reachable: boolean }) => [s.database, s.reachable])).toEqual([
      ['auth_db', false],
      ['order_db', false],
    ]);
    expect(r.stdout + r.stderr).not.toContain('topsecret99');
    void serverUrl;
  });
});
