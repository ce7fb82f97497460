import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  auditSiteLinks,
  buildModel,
  compareDocFiles,
  fleetDot,
  indexColumns,
  lintDocs,
  parseForeignKey,
  readDocFiles,
  renderDatabaseMarkdown,
  renderDocs,
  renderFleetMarkdown,
  searchIndex,
  tablesInSql,
  writeDocFiles,
} from '../../src/docs';
import { failingFirst, renderHtml } from '../../src/audit/report';
import type { AuditReport, CheckResult } from '../../src/audit/types';
import { commentStatements } from '../../src/migrate/meaning';
import { fixtureRegistry, peopleSnapshot, shopSnapshot } from '../fixtures/docs/fixture';

/**
 * quenty-db docs, pure parts: the pages of a small fixture fleet (two databases, two logical
 * references, a partitioned table, a rule) asserted exactly against reviewed files; the same
 * input gives the same bytes (diagrams included); each docs-lint code on the fixture; the audit
 * report's link to the site.
 */
const expected = (f: string) => fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'docs', 'expected', f), 'utf8');
const model = () => buildModel(fixtureRegistry().databases, [peopleSnapshot, shopSnapshot]);

describe('pages of the fixture fleet', () => {
  test('README.md (the fleet), people_db.md and shop_db.md are exactly the reviewed pages', () => {
    const m = model();
    expect(renderFleetMarkdown(m)).toBe(expected('README.md'));
    expect(renderDatabaseMarkdown(m, m.databases[0])).toBe(expected('people_db.md'));
    expect(renderDatabaseMarkdown(m, m.databases[1])).toBe(expected('shop_db.md'));
  });

  test('the DEFAULT partition is listed under its parent, not as a table', () => {
    const shop = model().databases[1];
    expect(shop.tables.map((t) => t.name)).toEqual(['events', 'order_lines', 'orders']);
    expect(shop.tables[0].partitions).toEqual([{ name: 'events_default', bound: 'DEFAULT' }]);
    expect(shop.tables[0].partitionPolicy?.monthsAhead).toBe(2);
  });

  test('the same input gives byte-identical files, SVG diagrams included', async () => {
    const a = await renderDocs(model());
    const b = await renderDocs(model());
    expect([...a.keys()]).toEqual(['README.md', 'people_db.md', 'shop_db.md', 'site/index.html', 'site/people_db.html', 'site/shop_db.html', 'site/search.js']);
    for (const [k, v] of a) expect(b.get(k)).toBe(v);
    // One SVG per page with a diagram, one node per table of the database.
    const shop = a.get('site/shop_db.html')!;
    expect(shop.match(/<svg/g)).toHaveLength(1);
    expect(shop.match(/<g id="n-[^"]*" class="node"/g)).toHaveLength(3);
    expect(a.get('site/index.html')).toContain('<g id="n-shop_db.orders" class="node"');
  }, 60000);

  test('the search index has every database, table and column with a link to its anchor', () => {
    const idx = searchIndex(model());
    expect(idx).toHaveLength(2 + 4 + 3 + 2 + 2 + 4);
    expect(idx.find((e) => e.label === 'shop_db.orders.person_id')).toEqual({
      label: 'shop_db.orders.person_id',
      kind: 'column',
      detail: 'character varying(36) — logical reference to people_db.persons.person_id',
      href: 'shop_db.html#c-orders-person_id',
    });
  });
});

describe('reading the catalog text', () => {
  test('foreign keys, index columns and the tables a rule reads', () => {
    expect(parseForeignKey('fk', 'FOREIGN KEY (a, b) REFERENCES public.parent(x, y) ON DELETE CASCADE')).toEqual({
      name: 'fk',
      columns: ['a', 'b'],
      table: 'parent',
      refColumns: ['x', 'y'],
      definition: 'FOREIGN KEY (a, b) REFERENCES public.parent(x, y) ON DELETE CASCADE',
    });
    expect(indexColumns('CREATE INDEX i ON public.t USING btree (customer_id, status, created_at DESC) INCLUDE (x)')).toEqual([
      'customer_id',
      'status',
      'created_at',
    ]);
    expect(indexColumns("CREATE INDEX i ON public.t USING gin (to_tsvector('english'::regconfig, (name)::text))")).toEqual([
      "to_tsvector('english'::regconfig, (name)::text)",
    ]);
    expect(
      tablesInSql('SELECT a.id FROM loans a, payment_schedules AS s JOIN loan_payments p ON p.loan_id = a.id WHERE x IN (SELECT 1 FROM nothing)', [
        'loans',
        'loan_payments',
        'payment_schedules',
      ]),
    ).toEqual(['loans', 'payment_schedules', 'loan_payments']);
  });

  test('COMMENT statements quote names and text, and clear to NULL', () => {
    const set = { tables: { orders: "the customer's orders" }, columns: { orders: { status: 'pending → shipped' } } };
    expect(commentStatements(set)).toEqual([
      `COMMENT ON TABLE "orders" IS 'the customer''s orders'`,
      `COMMENT ON COLUMN "orders"."status" IS 'pending → shipped'`,
    ]);
    expect(commentStatements(set, true)).toEqual([`COMMENT ON TABLE "orders" IS NULL`, `COMMENT ON COLUMN "orders"."status" IS NULL`]);
  });
});

describe('docs lint', () => {
  test('each code on the fixture, with the comment coverage of each database', () => {
    const report = lintDocs(model());
    const codes = report.findings.map((f) => `${f.code} ${f.database} ${f.object}`);
    expect(codes).toEqual([
      'D005 people_db persons.name',
      'D001 shop_db order_lines',
      'D002 shop_db order_lines.order_id',
      'D004 shop_db order_lines',
      'D005 shop_db order_lines.qty',
      'D003 shop_db orders.buyer_ref',
      'D006 shop_db orders.buyer_ref',
    ]);
    expect(report.findings.find((f) => f.code === 'D006')!.message).toBe(
      'shop_db.orders.buyer_ref is character varying(20), its parent people_db.persons.id is integer',
    );
    // people_db: 1 of 1 table, 2 of 3 columns = 3/4; shop_db: 2 of 3 tables, 6 of 8 columns = 8/11
    expect(report.coverage).toEqual([
      { database: 'people_db', tables: 1, tablesCommented: 1, columns: 3, columnsCommented: 2, percent: 75 },
      { database: 'shop_db', tables: 3, tablesCommented: 2, columns: 8, columnsCommented: 6, percent: 72.7 },
    ]);
    expect(report.ok).toBe(false); // D001 and D003 are errors
  });

  test('warnings fail only with strict; a coverage floor fails a database below it', () => {
    const m = model();
    const clean = { ...m, databases: [m.databases[0]] };
    expect(lintDocs(clean).ok).toBe(true);
    expect(lintDocs(clean, { strict: true }).ok).toBe(false);
    expect(lintDocs(clean, { minCoverage: 75 }).ok).toBe(true);
    expect(lintDocs(clean, { minCoverage: 80 }).ok).toBe(false);
  });
});

describe('--check: committed files against generated ones', () => {
  test('missing, changed (with the first differing line) and no longer generated files', () => {
    const want = new Map([
      ['README.md', 'a\nb\n'],
      ['x.md', 'x\n'],
    ]);
    const have = new Map([
      ['README.md', 'a\nB\n'],
      ['gone.md', 'old\n'],
    ]);
    expect(compareDocFiles(want, have)).toEqual([
      { file: 'README.md', kind: 'changed', line: 2, committed: 'B', expected: 'b' },
      { file: 'x.md', kind: 'missing' },
      { file: 'gone.md', kind: 'extra' },
    ]);
    expect(compareDocFiles(want, new Map(want))).toEqual([]);
  });

  test('writing replaces only what changed and removes generated files that are no longer produced, never other files', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'quenty-docs-'));
    try {
      fs.writeFileSync(path.join(dir, 'old_db.md'), '<!-- Generated by `quenty-db docs` -->\n');
      fs.writeFileSync(path.join(dir, 'notes.md'), 'hand-written\n');
      const files = new Map([
        ['README.md', '# quenty-db docs\n'],
        ['site/index.html', '<meta name="generator" content="quenty-db docs">\n'],
      ]);
      expect(writeDocFiles(dir, files)).toEqual([
        { file: 'README.md', status: 'written' },
        { file: 'site/index.html', status: 'written' },
        { file: 'old_db.md', status: 'removed' },
      ]);
      expect(writeDocFiles(dir, files).map((f) => f.status)).toEqual(['unchanged', 'unchanged']);
      expect(fs.readFileSync(path.join(dir, 'notes.md'), 'utf8')).toBe('hand-written\n');
      expect(compareDocFiles(files, readDocFiles(dir, files.keys()))).toEqual([]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the audit report joins the site', () => {
  const check = (id: string, kind: 'reference' | 'rule', status: CheckResult['status'], database = 'shop_db'): CheckResult => ({
    kind,
    id,
    database,
    title: id,
    description: id,
    severity: 'error',
    status,
    rowsChecked: 1,
    nullRows: 0,
    orphanRows: status === 'pass' ? 0 : 1,
    orphanKeys: null,
    share: null,
    samples: [],
    strategy: null,
    compare: null,
    durationMs: 1,
  });
  const report = (checks: CheckResult[]): AuditReport => ({
    version: 1,
    tool: 'quenty-db audit',
    startedAt: '2026-01-01T00:00:00Z',
    durationMs: 1,
    ok: false,
    failOn: 'error',
    samplesLimit: 10,
    databases: [],
    summary: { checks: checks.length, pass: 0, warn: 0, error: 0, failedToRun: 0, orphanRows: 0 },
    checks,
  });

  test('failing checks first, each linked to its tables; failing references red in the fleet diagram', async () => {
    const checks = [
      check('shop_db.orders.person_id->people_db.persons.person_id', 'reference', 'pass'),
      check('shop_db:order_without_lines', 'rule', 'warn'),
      check('shop_db.orders.buyer_ref->people_db.persons.id', 'reference', 'error'),
    ];
    expect(failingFirst(checks).map((c) => c.status)).toEqual(['error', 'warn', 'pass']);
    const site = await auditSiteLinks(model(), report(checks), '../docs/schema/site');
    expect(site.tables).toEqual({
      'shop_db.orders.person_id->people_db.persons.person_id': [
        { label: 'shop_db.orders', href: '../docs/schema/site/shop_db.html#t-orders' },
        { label: 'people_db.persons', href: '../docs/schema/site/people_db.html#t-persons' },
      ],
      'shop_db:order_without_lines': [
        { label: 'shop_db.orders', href: '../docs/schema/site/shop_db.html#t-orders' },
        { label: 'shop_db.order_lines', href: '../docs/schema/site/shop_db.html#t-order_lines' },
      ],
      'shop_db.orders.buyer_ref->people_db.persons.id': [
        { label: 'shop_db.orders', href: '../docs/schema/site/shop_db.html#t-orders' },
        { label: 'people_db.persons', href: '../docs/schema/site/people_db.html#t-persons' },
      ],
    });
    expect(fleetDot(model(), { failing: new Set(['shop_db.orders.buyer_ref->people_db.persons.id']) })).toMatch(
      /id="ref-shop_db.orders.buyer_ref--people_db.persons.id", class="ref failing"[^\n]*color="#cf222e"/,
    );
    const svgEdge = /<g id="ref-shop_db.orders.buyer_ref--people_db.persons.id" class="edge ref failing">[\s\S]*?<\/g>/.exec(site.fleetSvg!)?.[0] ?? '';
    expect(svgEdge).toContain('stroke="#cf222e"');
    const okEdge = /<g id="ref-shop_db.orders.person_id--people_db.persons.person_id" class="edge ref">[\s\S]*?<\/g>/.exec(site.fleetSvg!)?.[0] ?? '';
    expect(okEdge).not.toContain('#cf222e');
    const html = renderHtml(report(checks), site);
    const order = ['buyer_ref', 'order_without_lines', 'orders.person_id'].map((s) =>
      html.indexOf(
        `id="check-${s === 'buyer_ref' ? 'shop_db.orders.buyer_ref' : s === 'orders.person_id' ? 'shop_db.orders.person_id' : 'shop_db:order_without_lines'}`,
      ),
    );
    expect(order.every((n) => n > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(html).toContain('<a href="../docs/schema/site/shop_db.html#t-order_lines">shop_db.order_lines</a>');
    expect(html).toContain('<div class="diagram" id="fleet-diagram">');
  }, 60000);
});
