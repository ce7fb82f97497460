import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import Ajv from 'ajv';
import { Context, openContext, withClient } from '../../src/db/targets';
import { parseConfig } from '../../src/config';
import { buildRegistry, loadRegistry } from '../../src/registry';
import { createDatabases } from '../../src/create';
import { migrate } from '../../src/migrate';
import { up } from '../../src/up';
import {
  audit,
  buildChecks,
  renderReport,
  runReferenceCheck,
  runRuleCheck,
  AuditReport,
  CheckResult,
  ReferenceCheckSpec,
  RuleCheckSpec,
} from '../../src/audit';
import { renderAuditTerminal } from '../../src/cli/render/audit-terminal';
import { CLI, dropTestDatabases, serverUrl, testContext, testEnv } from '../helpers/context';

const PREFIX = 't_audit_';
const run = promisify(execFile);
let ctx: Context;

async function sql(db: string, text: string): Promise<void> {
  const t = ctx.target(db);
  await withClient(t.url, t.name, (c) => c.query(text));
}

const byId = (r: AuditReport, part: string): CheckResult => {
  const found = r.checks.filter((c) => c.id.includes(part));
  if (found.length !== 1) throw new Error(`expected one check matching ${part}, got ${found.map((c) => c.id).join(', ')}`);
  return found[0];
};

/** A tiny XML well-formedness parser: returns the element tree (names, attributes, children). */
interface XmlNode {
  name: string;
  attrs: Record<string, string>;
  children: XmlNode[];
}
function parseXml(xml: string): XmlNode {
  const re = /<\?[^?]*\?>|<!--[\s\S]*?-->|<(\/?)([A-Za-z_][\w.-]*)((?:\s+[\w.-]+="[^"<]*")*)\s*(\/?)>|([^<]+)/gy;
  const root: XmlNode = { name: '#doc', attrs: {}, children: [] };
  const stack = [root];
  let m: RegExpExecArray | null;
  let pos = 0;
  while (pos < xml.length) {
    re.lastIndex = pos;
    m = re.exec(xml);
    if (!m) throw new Error(`XML syntax error at ${pos}: ${xml.slice(pos, pos + 40)}`);
    pos = re.lastIndex;
    if (m[5] !== undefined) {
      if (/&(?!(amp|lt|gt|quot|apos|#\d+);)/.test(m[5])) throw new Error(`bad entity in text: ${m[5].slice(0, 40)}`);
      continue;
    }
    if (!m[2]) continue;
    if (m[1]) {
      const open = stack.pop()!;
      if (open.name !== m[2]) throw new Error(`</${m[2]}> closes <${open.name}>`);
      continue;
    }
    const attrs: Record<string, string> = {};
    for (const a of m[3].matchAll(/([\w.-]+)="([^"]*)"/g)) attrs[a[1]] = a[2];
    const node: XmlNode = { name: m[2], attrs, children: [] };
    stack[stack.length - 1].children.push(node);
    if (!m[4]) stack.push(node);
  }
  if (stack.length !== 1) throw new Error(`unclosed <${stack[stack.length - 1].name}>`);
  if (root.children.length !== 1) throw new Error('an XML document has one root element');
  return root.children[0];
}
const all = (n: XmlNode, name: string): XmlNode[] => [...(n.name === name ? [n] : []), ...n.children.flatMap((c) => all(c, name))];

beforeAll(async () => {
  ctx = await testContext(PREFIX);
  await dropTestDatabases(ctx).catch(() => undefined);
  const created = (await createDatabases(ctx)).databases;
  expect(created.every((c) => c.ok)).toBe(true);
  const migrated = (await migrate(ctx, 'latest')).databases;
  expect(migrated.every((m) => m.ok)).toBe(true);
  // Consistent data: every reference names an existing parent.
  await sql(
    'auth_db',
    `INSERT INTO users (user_id, username, email, password_hash) SELECT 'u' || i, 'user' || i, 'u' || i || '@x.mx', 'h' FROM generate_series(1, 50) i`,
  );
  await sql('customer_db', `INSERT INTO companies (company_id, name) SELECT 'c' || i, 'Company ' || i FROM generate_series(1, 5) i`);
  await sql(
    'customer_db',
    `INSERT INTO users (unique_id, username, email, password_hash, company_id) SELECT 'u' || i, 'cust' || i, 'c' || i || '@x.mx', 'h', 'c' || (1 + i % 5) FROM generate_series(1, 40) i`,
  );
  await sql(
    'order_db',
    `INSERT INTO products (name, sku, category, price, company_id) SELECT 'P' || i, 'SKU' || i, 'cat', 10, 'c' || (1 + i % 5) FROM generate_series(1, 20) i`,
  );
  // Delivered orders (their returns come after the delivery: a cross-database rule).
  await sql(
    'order_db',
    `INSERT INTO orders (order_number, status, total_amount, customer_id, company_id) SELECT 'ORD-' || i, 'delivered', 20, 'u' || (1 + i % 40), 'c' || (1 + i % 5) FROM generate_series(1, 30) i`,
  );
  await sql('order_db', `INSERT INTO order_items (order_id, product_id, quantity, unit_price, total_price) SELECT id, 1 + id % 20, 2, 10, 20 FROM orders`);
  await sql(
    'reverse_logistics_db',
    `INSERT INTO returns (return_id, original_order_id, customer_id, return_reason, expires_at) SELECT 'R' || i, 'ORD-' || i, 'u' || i, 'damaged', now() + interval '30 days' FROM generate_series(1, 10) i`,
  );
  await sql(
    'reverse_logistics_db',
    `INSERT INTO return_items (return_id, return_item_id, item_id, quantity) SELECT id, 'RI' || id, (1 + id % 20)::text, 1 FROM returns`,
  );
  await sql('pickup_db', `INSERT INTO pickup_packages (order_id) VALUES ('ORD-1'), ('ORD-2'), (NULL), (NULL)`);
  await sql('pickup_db', `INSERT INTO drivers (driver_id, license_number, vehicle_type, user_id) VALUES ('D1', 'L1', 'van', 'u1'), ('D2', 'L2', 'van', NULL)`);
});

afterAll(async () => {
  await dropTestDatabases(ctx);
});

test('consistent data: every check passes; NULL in a nullable reference is not an orphan', async () => {
  const r = await audit(ctx);
  const failing = r.checks.filter((c) => c.status !== 'pass');
  expect(failing).toEqual([]);
  expect(r.ok).toBe(true);
  // Every reference the registry declares and every rule is a check.
  const declared = ctx.registry.databases.reduce((n, d) => n + d.references.length + d.rules.length + d.crossRules.length, 0);
  expect(r.summary.checks).toBe(declared);
  const pk = byId(r, 'pickup_db.pickup_packages.order_id');
  expect(pk).toMatchObject({ rowsChecked: 2, nullRows: 2, orphanRows: 0, status: 'pass' });
  const drivers = byId(r, 'pickup_db.drivers.user_id');
  expect(drivers).toMatchObject({ rowsChecked: 1, nullRows: 1, orphanRows: 0 });
  const items = byId(r, 'return_items.item_id');
  expect(items.compare).toBe('text');
  expect(items.compareNote).toMatch(/character varying vs integer/);
  expect(items.rowsChecked).toBe(10);
});

describe('with planted orphans', () => {
  beforeAll(async () => {
    // 3 orphan orders over 2 distinct unknown customers.
    await sql(
      'order_db',
      `INSERT INTO orders (order_number, total_amount, customer_id, company_id) VALUES ('ORD-X1', 1, 'ghost-1', 'c1'), ('ORD-X2', 1, 'ghost-1', 'c1'), ('ORD-X3', 1, 'ghost-2', 'c2')`,
    );
    await sql(
      'order_db',
      `INSERT INTO order_items (order_id, product_id, quantity, unit_price, total_price) SELECT id, 1, 1, 1, 1 FROM orders WHERE order_number LIKE 'ORD-X%'`,
    );
    // Text vs integer: '7' exists as products.id 7; '9999' and 'abc' do not; '007' is not '7' as text.
    await sql(
      'reverse_logistics_db',
      `INSERT INTO returns (id, return_id, original_order_id, customer_id, return_reason, expires_at) VALUES (1000, 'RX', 'ORD-3', 'u3', 'damaged', now())`,
    );
    await sql(
      'reverse_logistics_db',
      `INSERT INTO return_items (return_id, return_item_id, item_id, quantity) VALUES (1000, 'RX1', '7', 1), (1000, 'RX2', '9999', 1), (1000, 'RX3', 'abc', 1), (1000, 'RX4', '007', 1)`,
    );
    // NULLs stay clean; one nullable orphan.
    await sql('pickup_db', `INSERT INTO pickup_packages (order_id) VALUES (NULL), ('ORD-NOPE')`);
    // A business rule: an order with no items.
    await sql('order_db', `INSERT INTO orders (order_number, total_amount, customer_id, company_id) VALUES ('ORD-EMPTY', 0, 'u1', 'c1')`);
  });

  test('finds exactly the planted orphans (rows, distinct keys, samples with primary keys)', async () => {
    const r = await audit(ctx, { samples: 10 });
    const orders = byId(r, 'order_db.orders.customer_id');
    expect(orders).toMatchObject({ status: 'error', orphanRows: 3, orphanKeys: 2, rowsChecked: 34, nullRows: 0 });
    expect(orders.share).toBeCloseTo(3 / 34);
    expect(orders.samples.map((s) => s.value).sort()).toEqual(['ghost-1', 'ghost-1', 'ghost-2']);
    expect(Object.keys(orders.samples[0].key)).toEqual(['id']);
    const items = byId(r, 'return_items.item_id');
    expect(items).toMatchObject({ status: 'error', orphanRows: 3, orphanKeys: 3, compare: 'text' });
    expect(items.samples.map((s) => s.value).sort()).toEqual(['007', '9999', 'abc']);
    const pk = byId(r, 'pickup_db.pickup_packages.order_id');
    expect(pk).toMatchObject({ orphanRows: 1, nullRows: 3, rowsChecked: 3, status: 'error' });
    expect(pk.samples[0].value).toBe('ORD-NOPE');
    const rule = byId(r, 'order_db:order_without_items');
    expect(rule).toMatchObject({ kind: 'rule', status: 'error', orphanRows: 1 });
    expect(rule.samples[0].row).toMatchObject({ order_number: 'ORD-EMPTY' });
    expect(rule.samples[0].key).toHaveProperty('id');
    // Nothing else is flagged.
    const flagged = r.checks
      .filter((c) => c.status !== 'pass')
      .map((c) => c.id)
      .sort();
    expect(flagged).toEqual([orders.id, items.id, pk.id, rule.id].sort());
    expect(r.ok).toBe(false);
    expect(r.summary).toMatchObject({ error: 4, warn: 0, failedToRun: 0, orphanRows: 8 });
  });

  test('the merge strategy finds the same orphans as the copy strategy', async () => {
    const only = ['orders.customer_id', 'return_items.item_id', 'pickup_packages.order_id'];
    // Fewer samples than orphans: both pick the rows of the smallest orphan values, then by primary key.
    const copy = await audit(ctx, { only, strategy: 'copy', samples: 2 });
    const merge = await audit(ctx, { only, strategy: 'merge', samples: 2 });
    expect(byId(copy, 'orders.customer_id').samples.map((s) => s.value)).toEqual(['ghost-1', 'ghost-1']);
    expect(byId(copy, 'return_items.item_id').samples.map((s) => s.value)).toEqual(['007', '9999']);
    expect(copy.checks.every((c) => c.strategy === 'copy')).toBe(true);
    expect(merge.checks.every((c) => c.strategy === 'merge')).toBe(true);
    const strip = (r: AuditReport) => r.checks.map(({ durationMs, strategy, ...rest }) => rest);
    expect(strip(merge)).toEqual(strip(copy));
  });

  test('live data: a parent key added after the parent keys were read is not an orphan (both strategies)', async () => {
    const check = buildChecks(ctx.registry, 'order_db').find((c) => c.id === 'order_db.orders.customer_id->customer_db.users.unique_id') as ReferenceCheckSpec;
    for (const strategy of ['copy', 'merge'] as const) {
      const late = `late-${strategy}`;
      await sql('order_db', `INSERT INTO orders (order_number, total_amount, customer_id, company_id) VALUES ('ORD-${late}', 0, '${late}', 'c1')`);
      try {
        let added = false;
        const r = await runReferenceCheck(ctx, check, {
          samples: 10,
          strategy,
          // The child row's parent appears once the keys were read and the anti-join is done.
          afterAntiJoin: async () => {
            await sql(
              'customer_db',
              `INSERT INTO users (unique_id, username, email, password_hash, company_id) VALUES ('${late}', '${late}', '${late}@x.mx', 'h', 'c1')`,
            );
            added = true;
          },
        });
        expect(added).toBe(true);
        expect(r.samples.map((s) => s.value).sort()).toEqual(['ghost-1', 'ghost-1', 'ghost-2']);
        // Counts of one snapshot: the new child row is checked, and is no orphan.
        expect(r).toMatchObject({ strategy, orphanRows: 3, orphanKeys: 2, rowsChecked: 35, nullRows: 0 });
      } finally {
        await sql('order_db', `DELETE FROM orders WHERE order_number = 'ORD-${late}'`);
        await sql('customer_db', `DELETE FROM users WHERE unique_id = '${late}'`);
      }
    }
  });

  test('rule samples are stable: ordered by the first column, whatever the order rows lie in', async () => {
    const rule = buildChecks(ctx.registry, 'order_db').find((c) => c.id === 'order_db:order_without_items') as RuleCheckSpec;
    await sql('order_db', `INSERT INTO orders (order_number, total_amount, customer_id, company_id) VALUES ('ORD-EMPTY-2', 0, 'u1', 'c1')`);
    try {
      // The older row moves to the end of the table: a scan now meets ORD-EMPTY-2 first.
      await sql('order_db', `UPDATE orders SET total_amount = total_amount WHERE order_number = 'ORD-EMPTY'`);
      const r = await runRuleCheck(ctx, rule, { samples: 1 });
      expect(r.orphanRows).toBe(2);
      expect(r.samples.map((s) => s.row!.order_number)).toEqual(['ORD-EMPTY']);
    } finally {
      await sql('order_db', `DELETE FROM orders WHERE order_number = 'ORD-EMPTY-2'`);
    }
  });

  test('scratch tables are dropped after each check; leftovers of a dead session are cleaned up', async () => {
    await sql('order_db', `CREATE UNLOGGED TABLE quenty_audit_k_999999_deadbeef (k text)`);
    await audit(ctx, { only: ['order_db.orders.customer_id'], strategy: 'copy' });
    const t = ctx.target('order_db');
    const left = await withClient(t.url, t.name, (c) => c.query(`SELECT relname FROM pg_class WHERE relname LIKE 'quenty_audit_%'`));
    expect(left.rows).toEqual([]);
  });

  test('thresholds: warnIf and errorIf on count and share decide the status', async () => {
    const raw = loadRegistry().databases.map((d) => ({
      source: d.name,
      entry: {
        ...d,
        references: d.references.map((ref) =>
          ref.table === 'orders' && ref.column === 'customer_id'
            ? { ...ref, warnIf: { count: 1 }, errorIf: { count: 4 } }
            : ref.table === 'return_items'
              ? { ...ref, warnIf: { share: 0.5 } }
              : ref,
        ),
      },
    }));
    const registry = buildRegistry(raw);
    const tctx = await openContext({ registry, config: parseConfig(testEnv(PREFIX), registry) });
    const r = await audit(tctx, { only: ['orders.customer_id', 'return_items.item_id'] });
    expect(byId(r, 'orders.customer_id').status).toBe('warn'); // 3 >= 1, < 4
    expect(byId(r, 'orders.customer_id').thresholds).toEqual({ warnIf: { count: 1 }, errorIf: { count: 4 } });
    expect(byId(r, 'return_items.item_id').status).toBe('pass'); // 3 of 14 < 50%: tolerated
    expect(r.ok).toBe(true);
    const strict = await audit(tctx, { only: ['orders.customer_id'], failOn: 'warn' });
    expect(strict.ok).toBe(false);
  });

  test('an unreachable database fails its checks with the reason; the others still run', async () => {
    const uctx = await testContext(PREFIX, { QUENTY_AUTH_DB_URL: 'postgres://nobody:secretpw1@127.0.0.1:1/auth_db' });
    const r = await audit(uctx);
    const authDb = r.databases.find((d) => d.name === 'auth_db')!;
    expect(authDb.reachable).toBe(false);
    // References and cross-database rules whose parent is auth_db.
    const needsAuth = r.checks.filter((c) => c.kind !== 'rule' && c.title.includes('-> auth_db.'));
    expect(needsAuth.length).toBeGreaterThan(0);
    for (const c of needsAuth) {
      expect(c.status).toBe('error');
      expect(c.error).toMatch(/auth_db unreachable/);
      expect(c.error).not.toContain('secretpw1');
    }
    expect(byId(r, 'order_db.orders.customer_id')).toMatchObject({ orphanRows: 3, status: 'error' });
    expect(byId(r, 'customer_db.users.unique_id->').error).toMatch(/unreachable/);
    expect(r.summary.failedToRun).toBe(needsAuth.length + r.checks.filter((c) => c.database === 'auth_db').length);
  });

  test('reports: JSON matches its schema, JUnit XML parses with one testcase per check, Markdown and HTML name the failures', async () => {
    const r = await audit(ctx, { samples: 3 });
    const schema = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../docs/audit-report.schema.json'), 'utf8'));
    const validate = new Ajv({ allErrors: true }).compile(schema);
    const json = JSON.parse(renderReport(r, 'json'));
    expect(validate(json) ? [] : validate.errors).toEqual([]);
    expect(json.checks.length).toBe(r.summary.checks);

    const doc = parseXml(renderReport(r, 'junit'));
    expect(doc.name).toBe('testsuites');
    const cases = all(doc, 'testcase');
    expect(cases.length).toBe(r.checks.length);
    expect(all(doc, 'failure').length).toBe(4);
    expect(doc.attrs.tests).toBe(String(r.checks.length));

    const md = renderReport(r, 'markdown');
    expect(md).toMatch(/\| Status \| Database \| Check \|/);
    expect(md).toContain('### ERROR: order_db — orders.customer_id -> customer_db.users.unique_id');
    expect(md).toContain('ghost-2');
    expect(md).toMatch(/compared as text/);
    const html = renderReport(r, 'html');
    expect(html).toContain('<!DOCTYPE html>');
    expect(html).toContain('ORD-NOPE');
    const term = renderAuditTerminal(r, { color: false });
    expect(term).not.toMatch(/\x1b\[/);
    expect(term).toMatch(/audit failed: \d+ checks/);
  });

  test('up runs the audit last: its summary in the report, failing checks make up fail', async () => {
    const steps: string[] = [];
    const rep = await up(ctx, { seed: false, onStep: (s) => steps.push(s) });
    expect(steps.indexOf('audit')).toBe(steps.length - 2);
    expect(steps[steps.length - 1]).toMatch(/^audit failed: \d+ checks/);
    const a = rep.audit as { ok: boolean; summary: { error: number }; failing: Array<{ id: string }> };
    expect(a.ok).toBe(false);
    expect(a.summary.error).toBe(4);
    expect(a.failing.map((f) => f.id)).toContain('order_db.orders.customer_id->customer_db.users.unique_id');
    expect(rep.ok).toBe(false);
  });

  test('CLI: exit 1 on errors, 0 below, --fail-on warn, 2 on usage errors, several --out files', async () => {
    const env = { ...process.env, ...testEnv(PREFIX), NO_COLOR: '1' } as NodeJS.ProcessEnv;
    delete env.QUENTY_TEST_DATABASE_URL;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'audit-out-'));
    const cli = async (args: string[]) => {
      try {
        const o = await run(CLI, args, { env, cwd: dir });
        return { code: 0, stdout: o.stdout, stderr: o.stderr };
      } catch (e) {
        const err = e as { code: number; stdout: string; stderr: string };
        return { code: err.code, stdout: err.stdout, stderr: err.stderr };
      }
    };
    const failing = await cli(['audit', '--db', 'order_db', '--check', 'orders.customer_id', '--out', 'a.md', '--out', 'a.xml', '--out', 'a.json']);
    expect(failing.code).toBe(1);
    expect(failing.stdout).toMatch(/audit failed/);
    expect(fs.readFileSync(path.join(dir, 'a.md'), 'utf8')).toContain('ghost-1');
    expect(all(parseXml(fs.readFileSync(path.join(dir, 'a.xml'), 'utf8')), 'testcase').length).toBe(1);
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'a.json'), 'utf8')).summary.error).toBe(1);
    const passing = await cli(['audit', '--db', 'customer_db', '--json']);
    expect(passing.code).toBe(0);
    expect(JSON.parse(passing.stdout).ok).toBe(true);
    // A warning passes by default and fails with --fail-on warn.
    await sql(
      'auth_db',
      `INSERT INTO refresh_tokens (user_id, token_hash, expires_at, created_at) SELECT id, 'tok', now() - interval '1 day', now() FROM users WHERE user_id = 'u1'`,
    );
    try {
      const warnOnly = await cli(['audit', '--db', 'auth_db']);
      expect(warnOnly.code).toBe(0);
      expect(warnOnly.stdout).toMatch(/1 warn/);
      expect((await cli(['audit', '--db', 'auth_db', '--fail-on', 'warn'])).code).toBe(1);
      // The rule's sample row keeps its timestamps in the JSON report (ISO strings), which matches its schema.
      const asJson = await cli(['audit', '--db', 'auth_db', '--json']);
      const report = JSON.parse(asJson.stdout);
      const row = report.checks.find((c: { kind: string }) => c.kind === 'rule').samples[0].row;
      expect(row.created_at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
      expect(row.expires_at).toMatch(/^\d{4}-\d{2}-\d{2}T/);
      const schema = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../docs/audit-report.schema.json'), 'utf8'));
      const validate = new Ajv({ allErrors: true }).compile(schema);
      expect(validate(report) ? [] : validate.errors).toEqual([]);
    } finally {
      await sql('auth_db', 'DELETE FROM refresh_tokens');
    }
    const usage = await cli(['audit', '--samples', 'many']);
    expect(usage.code).toBe(2);
    const typo = await cli(['audit', '--check', 'orders.custmer_id']);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toMatch(/"orders\.custmer_id" matches no check/);
    expect(typo.stdout).not.toMatch(/audit passed/);
    const badFormat = await cli(['audit', '--format', 'pdf']);
    expect(badFormat.code).toBe(2);
    expect(badFormat.stderr).toMatch(/unknown --format/);
    void serverUrl;
  });
});
