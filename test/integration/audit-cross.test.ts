import { parse as parseConnectionString } from 'pg-connection-string';
import { Context, openContext, withClient } from '../../src/db/targets';
import { parseConfig } from '../../src/config';
import { buildRegistry, loadRegistry, Registry } from '../../src/registry';
import { createDatabases } from '../../src/create';
import { migrate } from '../../src/migrate';
import { createAndMigrate } from '../../src/up';
import { seed } from '../../src/seed';
import { audit, renderReport, AuditReport, CheckResult, Strategy } from '../../src/audit';
import { dropTestDatabases, serverUrl, testContext, testEnv } from '../helpers/context';
import { renderAuditTerminal } from '../../src/cli/render/audit-terminal';

/**
 * Cross-database rules (issue 19): a small hand-made world on a test prefix, with planted
 * violations of each rule; the audit must find exactly those rows, with both strategies. The
 * parent databases are reached under another server address than the children, so nothing
 * can lean on one connection seeing two databases.
 */
const PREFIX = 't_auditx_';
let ctx: Context;

/** The rule names and their databases come from the registry, not from this file. */
const registry = loadRegistry();
const crossDbs = [...new Set(registry.databases.flatMap((d) => (d.crossRules.length ? [d.name, ...d.crossRules.map((r) => r.parent.database)] : [])))];

/** The same server under a second address: a context whose parents live on "another server". */
function otherAddress(url: string): string {
  const host = parseConnectionString(url).host;
  const alt = host === 'localhost' ? '127.0.0.1' : 'localhost';
  return url.replace(`@${host}`, `@${alt}`);
}

async function contextFor(reg: Registry, prefix: string): Promise<Context> {
  const parents = new Set(reg.databases.flatMap((d) => d.crossRules.map((r) => r.parent.database)));
  const children = new Set(reg.databases.filter((d) => d.crossRules.length).map((d) => d.name));
  const extra: Record<string, string> = {};
  // Parents that are not also children get the other address (customer_db is both: it stays).
  for (const p of parents) if (!children.has(p)) extra[`QUENTY_${p.toUpperCase()}_URL`] = otherAddress(serverUrl()).replace(/\/[^/?]*(\?|$)/, `/${p}$1`);
  return openContext({ registry: reg, config: parseConfig(testEnv(prefix, extra), reg) });
}

async function sql(db: string, text: string): Promise<void> {
  const t = ctx.target(db);
  await withClient(t.url, t.name, (c) => c.query(text));
}

async function ids(db: string, table: string, where: string): Promise<string[]> {
  const t = ctx.target(db);
  const r = await withClient(t.url, t.name, (c) => c.query(`SELECT id::text FROM ${table} WHERE ${where} ORDER BY id`));
  return r.rows.map((x) => x.id as string);
}

const crossOf = (r: AuditReport, name: string): CheckResult => {
  const found = r.checks.filter((c) => c.kind === 'cross' && c.id.endsWith(`:${name}`));
  if (found.length !== 1) throw new Error(`expected one cross check ${name}, got ${found.map((c) => c.id).join(', ')}`);
  return found[0];
};
const sampleIds = (c: CheckResult) => c.samples.map((s) => s.key.id).sort();

// The planted rows carry a marker in a text column so the test finds their ids by SQL.
beforeAll(async () => {
  ctx = await contextFor(registry, PREFIX);
  expect(new Set(ctx.select(crossDbs).map((t) => t.server)).size).toBe(2);
  await dropTestDatabases(ctx).catch(() => undefined);
  expect((await createDatabases(ctx, { databases: crossDbs })).databases.every((c) => c.ok)).toBe(true);
  expect((await migrate(ctx, 'latest', { databases: crossDbs })).databases.every((m) => m.ok)).toBe(true);

  // Six people, signed up on consecutive days, the same in auth and customer; u6 inactive in both.
  await sql(
    'auth_db',
    `INSERT INTO users (user_id, username, email, password_hash, is_active, created_at)
    SELECT 'u' || i, 'user' || i, 'u' || i || '@x.mx', 'h', i <> 6, timestamptz '2025-03-01 12:00+00' + (i || ' days')::interval FROM generate_series(1, 6) i`,
  );
  await sql('customer_db', `INSERT INTO companies (company_id, name) VALUES ('c1', 'Uno')`);
  await sql(
    'customer_db',
    `INSERT INTO users (unique_id, username, email, password_hash, company_id, active, created_at, last_name)
    SELECT 'u' || i, 'cust' || i, 'c' || i || '@x.mx', 'h', 'c1', i <> 6, timestamptz '2025-03-01 12:00+00' + (i || ' days')::interval, 'ok' FROM generate_series(1, 6) i`,
  );
  // Planted: u3 inactive in customer but active in auth; u5 NULL in customer (differs from true).
  await sql('customer_db', `UPDATE users SET active = false, last_name = 'PLANT' WHERE unique_id = 'u3'`);
  await sql('customer_db', `UPDATE users SET active = NULL, last_name = 'PLANT' WHERE unique_id = 'u5'`);
  // A customer with no auth user: an orphan (the reference check's business), not a flag mismatch.
  await sql(
    'customer_db',
    `INSERT INTO users (unique_id, username, email, password_hash, active, last_name) VALUES ('ghost', 'ghost', 'g@x.mx', 'h', false, 'orphan')`,
  );

  // Orders, each 10 days after its customer's sign-up; delivered orders were delivered 3 days later.
  await sql(
    'order_db',
    `INSERT INTO orders (order_number, status, total_amount, customer_id, company_id, created_at, updated_at)
    SELECT 'ORD-' || i, CASE WHEN i <= 4 THEN 'delivered' WHEN i <= 6 THEN 'returned' ELSE 'shipped' END, 10, 'u' || (1 + i % 6), 'c1',
           timestamptz '2025-03-01 12:00+00' + ((1 + i % 6) + 10 || ' days')::interval,
           timestamptz '2025-03-01 12:00+00' + ((1 + i % 6) + 13 || ' days')::interval
      FROM generate_series(1, 8) i`,
  );
  // Planted: two orders of u2 before u2 signed up (one a second before, one a year before).
  await sql(
    'order_db',
    `INSERT INTO orders (order_number, status, total_amount, customer_id, company_id, created_at, updated_at, currency) VALUES
    ('ORD-EARLY1', 'delivered', 5, 'u2', 'c1', timestamptz '2025-03-03 11:59:59+00', timestamptz '2025-03-20 00:00+00', 'PLANT'),
    ('ORD-EARLY2', 'pending', 5, 'u2', 'c1', timestamptz '2024-03-03 12:00+00', timestamptz '2024-03-03 12:00+00', 'PLANT')`,
  );
  // Exactly at sign-up is not before it; an order of an unknown customer is an orphan, not early.
  await sql(
    'order_db',
    `INSERT INTO orders (order_number, status, total_amount, customer_id, company_id, created_at, updated_at) VALUES
    ('ORD-ONTIME', 'pending', 5, 'u2', 'c1', timestamptz '2025-03-03 12:00+00', timestamptz '2025-03-03 12:00+00'),
    ('ORD-GHOST', 'pending', 5, 'nobody', 'c1', timestamptz '2020-01-01 00:00+00', timestamptz '2020-01-01 00:00+00')`,
  );

  // Returns: ORD-1 (delivered 2025-03-16) returned after delivery; ORD-5 (returned) after creation.
  await sql(
    'reverse_logistics_db',
    `INSERT INTO returns (return_id, original_order_id, customer_id, return_reason, expires_at, created_at, description) VALUES
    ('R-OK1', 'ORD-1', 'u2', 'damaged', now(), timestamptz '2025-03-16 12:00+00', 'ok'),
    ('R-OK2', 'ORD-5', 'u6', 'damaged', now(), timestamptz '2025-03-18 12:00+00', 'ok'),
    ('R-P1', 'ORD-2', 'u3', 'damaged', now(), timestamptz '2025-03-16 12:00+00', 'PLANT'),
    ('R-P2', 'ORD-7', 'u2', 'damaged', now(), timestamptz '2025-06-01 12:00+00', 'PLANT'),
    ('R-P3', 'ORD-6', 'u1', 'damaged', now(), timestamptz '2025-03-10 12:00+00', 'PLANT'),
    ('R-P4', 'ORD-EARLY2', 'u2', 'damaged', now(), timestamptz '2025-06-01 12:00+00', 'PLANT'),
    ('R-ORPHAN', 'ORD-NOPE', 'u1', 'damaged', now(), timestamptz '2020-01-01 00:00+00', 'orphan')`,
  );
  // R-P1: ORD-2 delivered 2025-03-17 12:00, return a day earlier. R-P2: ORD-7 only shipped.
  // R-P3: ORD-6 (returned) created 2025-03-12, return two days earlier. R-P4: ORD-EARLY2 pending.

  // Pickups of u2 and u3; packages name orders: their own, another customer's, none, an unknown one.
  await sql(
    'pickup_db',
    `INSERT INTO pickups (pickup_id, customer_id, pickup_type, pickup_date, time_window_start, time_window_end, pickup_address, contact_name, contact_phone, package_count, estimated_weight_kg)
    VALUES ('P-1', 'u2', 'scheduled', '2025-04-01', '09:00', '11:00', 'Calle 1', 'Ana', '5555555555', 3, 2),
           ('P-2', 'u3', 'scheduled', '2025-04-01', '09:00', '11:00', 'Calle 2', 'Beto', '5555555556', 3, 2)`,
  );
  await sql(
    'pickup_db',
    `INSERT INTO pickup_packages (pickup_id, order_id, description)
    SELECT p.id, v.o, v.d FROM (VALUES ('P-1', 'ORD-1', 'ok'), ('P-1', 'ORD-7', 'ok'), ('P-1', NULL, 'ok'), ('P-2', 'ORD-2', 'ok'),
                                       ('P-2', 'ORD-1', 'PLANT'), ('P-1', 'ORD-2', 'PLANT'), ('P-1', 'ORD-NOPE', 'orphan')) v(p, o, d)
      JOIN pickups p ON p.pickup_id = v.p`,
  );
  // A package with no pickup does not belong to anyone: not a violation of this rule.
  await sql('pickup_db', `INSERT INTO pickup_packages (pickup_id, order_id, description) VALUES (NULL, 'ORD-1', 'loose')`);

  // Two products created 2025-03-01; manifest items written after them, two planted before, one of no product.
  await sql(
    'order_db',
    `INSERT INTO products (id, name, sku, category, price, company_id, created_at)
    VALUES (1, 'Café', 'SKU-1', 'Alimentos', 200, 'c1', timestamptz '2025-03-01 12:00+00'), (2, 'Rebozo', 'SKU-2', 'Artesanías', 900, 'c1', timestamptz '2025-03-01 12:00+00')`,
  );
  await sql(
    'intl_shipping_db',
    `INSERT INTO manifests (id, unique_id, origin_country, destination_country, company_id, created_by) VALUES (1, 'M-1', 'MX', 'US', 'c1', 'u2')`,
  );
  await sql(
    'intl_shipping_db',
    `INSERT INTO manifest_items (manifest_id, product_id, description, quantity, weight, value, created_at) VALUES
    (1, 1, 'ok', 1, 1, 10, timestamptz '2025-03-02 12:00+00'), (1, 2, 'ok', 1, 1, 10, timestamptz '2025-03-01 12:00+00'), (1, NULL, 'ok', 1, 1, 10, timestamptz '2020-01-01 12:00+00'),
    (1, 1, 'PLANT', 1, 1, 10, timestamptz '2025-03-01 11:59:59+00'), (1, 2, 'PLANT', 2, 1, 10, timestamptz '2024-12-01 12:00+00')`,
  );
});

afterAll(async () => {
  await dropTestDatabases(ctx);
});

describe.each<Strategy>(['copy', 'merge'])('strategy %s', (strategy) => {
  let report: AuditReport;
  beforeAll(async () => {
    report = await audit(ctx, { databases: crossDbs, strategy, samples: 10 });
  });

  test('an order before its customer signed up: exactly the two planted orders', async () => {
    const c = crossOf(report, 'order_before_customer_signup');
    const want = await ids('order_db', 'orders', `currency = 'PLANT'`);
    expect(want).toHaveLength(2);
    expect(sampleIds(c)).toEqual(want);
    expect(c).toMatchObject({ kind: 'cross', database: 'order_db', status: 'error', orphanRows: 2, orphanKeys: 1, strategy, nullRows: 0 });
    // Pairs: every order except the ghost's (8 + 2 early + on time).
    expect(c.rowsChecked).toBe(11);
    expect(c.share).toBeCloseTo(2 / 11);
    const early = c.samples.find((s) => s.key.id === want[0])!;
    expect(early.value).toBe('u2');
    expect(Object.keys(early.row!).sort()).toEqual(['c.created_at', 'p.created_at']);
    expect(new Date(String(early.row!['c.created_at'])).getTime()).toBeLessThan(new Date(String(early.row!['p.created_at'])).getTime());
  });

  test('a return before its order was delivered: exactly the four planted returns', async () => {
    const c = crossOf(report, 'return_before_order_delivery');
    const want = await ids('reverse_logistics_db', 'returns', `description = 'PLANT'`);
    expect(want).toHaveLength(4);
    expect(sampleIds(c)).toEqual(want);
    expect(c).toMatchObject({ status: 'error', orphanRows: 4, orphanKeys: 4, rowsChecked: 6 });
    expect(Object.keys(c.samples[0].row!).sort()).toEqual(['c.created_at', 'p.created_at', 'p.status', 'p.updated_at']);
  });

  test("a package naming another customer's order: exactly the two planted packages", async () => {
    const c = crossOf(report, 'package_order_of_another_customer');
    const want = await ids('pickup_db', 'pickup_packages', `description = 'PLANT'`);
    expect(want).toHaveLength(2);
    expect(sampleIds(c)).toEqual(want);
    // Compared: the packages of a pickup whose order exists (3 own + 2 planted); NULL order: 1.
    expect(c).toMatchObject({ status: 'error', orphanRows: 2, rowsChecked: 5, nullRows: 1 });
    for (const s of c.samples) expect(s.row!['c.customer_id']).not.toBe(s.row!['p.customer_id']);
  });

  test('a person whose active flag differs between auth and customer: exactly the two planted people', async () => {
    const c = crossOf(report, 'active_flag_differs_from_auth');
    const want = await ids('customer_db', 'users', `last_name = 'PLANT'`);
    expect(sampleIds(c)).toEqual(want);
    expect(c).toMatchObject({ status: 'error', orphanRows: 2, rowsChecked: 6 });
    const u5 = c.samples.find((s) => s.value === 'u5')!;
    expect(u5.row).toEqual({ 'c.active': null, 'p.is_active': 'true' });
  });

  test('a manifest item before its product existed: exactly the two planted items', async () => {
    const c = crossOf(report, 'manifest_item_before_product');
    const want = await ids('intl_shipping_db', 'manifest_items', `description = 'PLANT'`);
    expect(want).toHaveLength(2);
    expect(sampleIds(c)).toEqual(want);
    // Compared: the items naming a product (one after it, one at its very instant, 2 planted); no product: 1.
    expect(c).toMatchObject({ status: 'error', orphanRows: 2, rowsChecked: 4, nullRows: 1 });
  });

  test('the reports show the cross-database rules like the other checks', () => {
    const md = renderReport(report, 'markdown');
    expect(md).toContain('order_before_customer_signup: orders.customer_id -> customer_db.users.unique_id');
    expect(md).toMatch(/- offending rows: 2, distinct keys: 1/);
    expect(md).toContain('c.created_at < p.created_at');
    const term = renderAuditTerminal(report);
    expect(term).toMatch(
      /✗ error {2}return_before_order_delivery: returns\.original_order_id -> order_db\.orders\.order_number {2}6 pairs compared, 4 offending rows/,
    );
    const junit = renderReport(report, 'junit');
    expect(junit).toMatch(
      /<testcase classname="audit\.pickup_db\.cross" name="package_order_of_another_customer[^"]*"[^>]*>\s*<failure message="error: 2 offending rows"/,
    );
    const json = JSON.parse(renderReport(report, 'json')) as AuditReport;
    expect(
      json.checks
        .filter((c) => c.kind === 'cross')
        .map((c) => c.orphanRows)
        .sort(),
    ).toEqual([2, 2, 2, 2, 4]);
    const html = renderReport(report, 'html');
    expect(html).toContain('active_flag_differs_from_auth');
  });
});

test('copy and merge agree on every sample, in the same order', async () => {
  const copy = await audit(ctx, { databases: crossDbs, strategy: 'copy', samples: 3, only: [':'] });
  const merge = await audit(ctx, { databases: crossDbs, strategy: 'merge', samples: 3, only: [':'] });
  const pick = (r: AuditReport) =>
    r.checks.filter((c) => c.kind === 'cross').map((c) => [c.id, c.orphanRows, c.orphanKeys, c.rowsChecked, c.nullRows, c.samples]);
  expect(pick(merge)).toEqual(pick(copy));
});

test('thresholds work as for references: tolerated below warnIf, warn below errorIf', async () => {
  const raw = registry.databases.map((d) => ({
    source: d.name,
    entry: {
      ...d,
      crossRules: d.crossRules.map((r) =>
        r.name === 'order_before_customer_signup'
          ? { ...r, warnIf: { count: 3 } }
          : r.name === 'return_before_order_delivery'
            ? { ...r, errorIf: { count: 5 } }
            : r,
      ),
    },
  }));
  const reg = buildRegistry(raw);
  const tctx = await contextFor(reg, PREFIX);
  const r = await audit(tctx, { databases: crossDbs, only: ['order_before_customer_signup', 'return_before_order_delivery'] });
  expect(crossOf(r, 'order_before_customer_signup')).toMatchObject({ status: 'pass', orphanRows: 2, thresholds: { warnIf: { count: 3 } } });
  expect(crossOf(r, 'return_before_order_delivery')).toMatchObject({ status: 'warn', orphanRows: 4 });
  expect(r.ok).toBe(true);
  expect((await audit(tctx, { databases: crossDbs, only: ['return_before_order_delivery'], failOn: 'warn' })).ok).toBe(false);
});

test('seeded data passes the cross-database rules', async () => {
  const sctx = await testContext('t_auditxs_');
  try {
    await dropTestDatabases(sctx).catch(() => undefined);
    const { create, migrate: migrated } = await createAndMigrate(sctx);
    expect(create.databases.every((c) => c.ok) && migrated.databases.every((m) => m.ok)).toBe(true);
    expect((await seed(sctx, { scale: 'tiny' })).ok).toBe(true);
    const r = await audit(sctx, { only: [':'] });
    const cross = r.checks.filter((c) => c.kind === 'cross');
    expect(cross.length).toBe(registry.databases.reduce((n, d) => n + d.crossRules.length, 0));
    // Every rule compared some pairs, and found nothing.
    expect(cross.filter((c) => !c.rowsChecked).map((c) => c.id)).toEqual([]);
    expect(
      cross
        .filter((c) => c.status !== 'pass')
        .map((c) => ({ id: c.id, offending: c.orphanRows, of: c.rowsChecked, e: c.error, samples: c.samples.slice(0, 2) })),
    ).toEqual([]);
  } finally {
    await dropTestDatabases(sctx);
  }
});
