import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { Context, openContext, withClient } from '../../src/db/targets';
import { parseConfig } from '../../src/config';
import { loadRegistry, PACKAGE_ROOT } from '../../src/registry';
import { up } from '../../src/up';
import { checkSnapshots, verifyDatabases, VerifyReport } from '../../src/verify';
import { lintMigrations, lintSets, pendingSets } from '../../src/verify/lint';
import { testEnv, dropTestDatabases, serverUrl, CLI } from '../helpers/context';

/**
 * verify against real databases (prefix t_verify_): a clean up verifies clean; each drift made
 * by hand with SQL is reported exactly; the committed snapshots are what the migrations produce
 * (through the CLI, as CI runs it); a migration without its snapshot fails --check-snapshot.
 */
const PREFIX = 't_verify_';
const run = promisify(execFile);

async function cli(args: string[], env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const r = await run(CLI, args, { env: { ...process.env, ...env, NO_COLOR: '1' }, maxBuffer: 20 * 1024 * 1024 });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

const lines = (r: VerifyReport) => r.databases.flatMap((d) => d.findings.map((f) => `${d.database}: ${f.message}`));

let ctx: Context;
let env: Record<string, string>;

beforeAll(async () => {
  env = testEnv(PREFIX);
  const registry = loadRegistry();
  ctx = await openContext({ registry, config: parseConfig(env, registry) });
  await dropTestDatabases(ctx);
  const report = await up(ctx, { seed: false });
  if (!report.migrate.databases.every((m) => m.ok)) throw new Error(JSON.stringify(report.migrate.databases.filter((m) => !m.ok)));
});

afterAll(async () => {
  if (ctx) await dropTestDatabases(ctx);
});

test('a clean migrate verifies clean, through the library and the CLI (as CI runs it)', async () => {
  const report = await verifyDatabases(ctx);
  expect(lines(report)).toEqual([]);
  expect(report.databases).toHaveLength(ctx.registry.databases.length);
  const [check, verify] = await Promise.all([cli(['verify', '--check-snapshot'], env), cli(['verify', '--json'], env)]);
  expect(check.stdout).toContain(`no drift in ${ctx.registry.databases.length} database(s)`);
  expect(check.code).toBe(0);
  expect(verify.code).toBe(0);
  expect(JSON.parse(verify.stdout).ok).toBe(true);
});

test('a monthly partition detached by retention (kept as a plain table) is not drift: a note, exit 0', async () => {
  const analytics = ctx.target('analytics_db');
  await withClient(analytics.url, 'analytics_db', async (c) => {
    await c.query(`CREATE TABLE metrics_2001_01 PARTITION OF metrics FOR VALUES FROM ('2001-01-01 00:00:00+00') TO ('2001-02-01 00:00:00+00')`);
    await c.query('ALTER TABLE metrics DETACH PARTITION metrics_2001_01');
  });
  try {
    const report = await verifyDatabases(ctx, { databases: 'analytics_db' });
    expect(lines(report)).toEqual([]);
    expect(report.databases[0].notes).toEqual([expect.stringContaining('not compared: metrics_2001_01 (monthly partitions detached')]);
    const r = await cli(['verify', '--db', 'analytics_db'], env);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('not compared: metrics_2001_01');
  } finally {
    await withClient(analytics.url, 'analytics_db', (c) => c.query('DROP TABLE IF EXISTS metrics_2001_01'));
  }
});

test('each drift made by hand is reported exactly, and the CLI exits 1', async () => {
  const order = ctx.target('order_db');
  const analytics = ctx.target('analytics_db');
  const now = new Date();
  const next = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1));
  const label = `${next.getUTCFullYear()}-${String(next.getUTCMonth() + 1).padStart(2, '0')}`;
  await withClient(order.url, 'order_db', async (c) => {
    await c.query('DROP INDEX idx_orders_status');
    await c.query('ALTER TABLE orders ADD COLUMN note text');
    await c.query(`ALTER TABLE orders ALTER COLUMN currency SET DEFAULT 'MXN'`);
    await c.query('ALTER TABLE order_items DROP CONSTRAINT order_items_order_id_fkey');
    // a missing partition: the one of next month
    await c.query(`SET TimeZone = 'UTC'`);
    const p = await c.query(
      `SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
        WHERE i.inhparent = 'stock_movements'::regclass AND pg_get_expr(c.relpartbound, c.oid) LIKE $1`,
      [`FOR VALUES FROM ('${label}-01%`],
    );
    expect(p.rowCount).toBe(1);
    await c.query(`DROP TABLE ${p.rows[0].relname}`);
    // an applied migration edited afterwards: its recorded checksum no longer matches the file
    await c.query(`UPDATE knex_migrations_order SET checksum = repeat('0', 64) WHERE name = '20260101000300_composite_indexes'`);
  });
  await withClient(analytics.url, 'analytics_db', async (c) => {
    await c.query('ALTER TABLE metrics ALTER COLUMN value TYPE numeric(18,4)');
    await c.query('CREATE TABLE foo (id int)');
    await c.query(`DELETE FROM knex_migrations_analytics WHERE name = '20260101000300_composite_indexes'`);
  });

  const report = await verifyDatabases(ctx, { databases: ['order_db', 'analytics_db', 'auth_db'] });
  expect(lines(report)).toEqual([
    'order_db: constraint order_items_order_id_fkey on order_items missing (FOREIGN KEY (order_id) REFERENCES orders(id) ON DELETE CASCADE)',
    "order_db: orders.currency default is 'MXN'::character varying, expected 'USD'::character varying",
    'order_db: an extra column orders.note (text)',
    'order_db: index idx_orders_status missing (CREATE INDEX idx_orders_status ON public.orders USING btree (status))',
    expect.stringMatching(
      /^order_db: applied migration 20260101000300_composite_indexes was edited after it ran \(checksum 000000000000… is now [0-9a-f]{12}…\)$/,
    ),
    `order_db: stock_movements has no partition for ${label} (policy: 4 months ahead; \`quenty-db partitions ensure\`)`,
    'analytics_db: an extra table foo',
    'analytics_db: metrics.value is numeric(18,4), expected numeric(20,4)',
    'analytics_db: migration 20260101000300_composite_indexes is pending',
  ]);
  expect(report.databases.map((d) => d.ok)).toEqual([false, false, true]);

  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'quenty-verify-')), 'verify.xml');
  const r = await cli(['verify', '--db', 'order_db,analytics_db', '--format', 'junit', '--out', out], env);
  expect(r.code).toBe(1);
  expect(r.stdout).toContain('order_db: index idx_orders_status missing');
  const xml = fs.readFileSync(out, 'utf8');
  expect(xml).toContain('<testsuite name="order_db" tests="6" failures="3">');
  expect(xml).not.toContain(serverUrl().split('@')[0].split(':').pop() || '\u0000'); // no password in the report
});

/** A copy of the package root whose order_db has one more migration (everything else linked). */
function rootWithExtraMigration(name: string, upSql: string): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'quenty-verify-root-'));
  for (const f of ['src', 'databases', 'schema', 'node_modules', 'package.json']) fs.symlinkSync(path.join(PACKAGE_ROOT, f), path.join(root, f));
  fs.mkdirSync(path.join(root, 'migrations'));
  for (const db of fs.readdirSync(path.join(PACKAGE_ROOT, 'migrations'))) {
    if (db !== 'order_db') fs.symlinkSync(path.join(PACKAGE_ROOT, 'migrations', db), path.join(root, 'migrations', db));
  }
  fs.cpSync(path.join(PACKAGE_ROOT, 'migrations', 'order_db'), path.join(root, 'migrations', 'order_db'), { recursive: true });
  fs.writeFileSync(
    path.join(root, 'migrations', 'order_db', `${name}.ts`),
    `export async function up(knex: any) { await knex.raw(${JSON.stringify(upSql)}); }\nexport async function down() {}\n`,
  );
  return root;
}

test('a migration added without its snapshot fails --check-snapshot', async () => {
  const root = rootWithExtraMigration('20991231000000_add_orders_channel', 'ALTER TABLE orders ADD COLUMN channel varchar(20)');
  try {
    const registry = loadRegistry(root);
    const c2 = await openContext({ registry, config: parseConfig(testEnv(PREFIX), registry) });
    const report = await checkSnapshots(c2, { databases: 'order_db', scratchPrefix: 't_verify_snap_' });
    expect(lines(report)).toEqual([
      'order_db: migration 20991231000000_add_orders_channel has no snapshot: run `quenty-db verify snapshot` and commit schema/order_db.json',
      'order_db: the migrations produce a different schema than schema/order_db.json: an extra column orders.channel (character varying(20))',
    ]);
    // the scratch copies are gone
    const left = await withClient(serverUrl(), 'postgres', (c) => c.query(`SELECT datname FROM pg_database WHERE datname LIKE 't_verify_snap_%'`));
    expect(left.rows).toEqual([]);
  } finally {
    loadRegistry(); // the cache back on the package root
    fs.rmSync(root, { recursive: true, force: true });
  }
});

test('migrate lint reads the pending migrations and the current column types of the live databases', async () => {
  const root = rootWithExtraMigration(
    '20991231000000_widen_status',
    'ALTER TABLE orders ALTER COLUMN status TYPE varchar(100); ALTER TABLE orders ALTER COLUMN total_amount TYPE numeric(12,3); CREATE INDEX idx_orders_currency ON orders (currency)',
  );
  try {
    const registry = loadRegistry(root);
    const c2 = await openContext({ registry, config: parseConfig(testEnv(PREFIX), registry) });
    const sets = await pendingSets(c2, 'order_db,auth_db');
    expect(sets.map((s) => [s.database, s.files.map((f) => f.name)])).toEqual([
      ['order_db', ['20991231000000_widen_status']],
      ['auth_db', []],
    ]);
    const t = c2.target('order_db');
    const rows = await withClient(t.url, t.name, async (c) => Number((await c.query('SELECT count(*) FROM orders')).rows[0].count));
    if (rows === 0) {
      // An empty table: neither the rewrite nor the index build costs anything, so nothing is flagged.
      expect((await lintSets(registry, sets)).findings).toEqual([]);
    }
    await withClient(t.url, t.name, (c) =>
      c.query(`INSERT INTO orders (order_number, total_amount, customer_id, company_id) VALUES ('T-LINT-1', 1, 'c', 'co')`),
    );
    try {
      const withRows = await pendingSets(c2, 'order_db');
      const report = await lintSets(registry, withRows);
      // The engine's one call (what `migrate lint` runs) chooses the same pending migrations.
      expect(await lintMigrations(c2, { databases: 'order_db' })).toEqual(report);
      expect(report.findings.map((f) => `${f.code} ${f.message}`)).toEqual([
        'Q003 changes the type of orders.total_amount from numeric(10,2) to numeric(12,3)',
        'Q005 creates an index on the existing table orders without CONCURRENTLY',
      ]);
    } finally {
      await withClient(t.url, t.name, (c) => c.query(`DELETE FROM orders WHERE order_number = 'T-LINT-1'`));
    }
  } finally {
    loadRegistry();
    fs.rmSync(root, { recursive: true, force: true });
  }
});
