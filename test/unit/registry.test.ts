import fs from 'node:fs';
import path from 'node:path';
import { buildRegistry, loadRegistry, selectDatabases } from '../../src/registry';
import { QuentyError } from '../../src/util/errors';

const good = (over: Record<string, unknown> = {}) => ({
  name: 'a_db',
  service: 'a',
  description: 'A',
  references: [],
  ...over,
});

describe('registry validation', () => {
  it('accepts a minimal entry and derives the version table', () => {
    const r = buildRegistry([{ source: 'x', entry: good() }]);
    expect(r.get('a_db').versionTable).toBe('knex_migrations_a');
    expect(r.get('a_db').partitioned).toEqual([]);
  });

  it('names the entry and the field of a bad entry', () => {
    expect(() => buildRegistry([{ source: 'databases/a_db', entry: good({ name: 'A-DB' }) }])).toThrow(/databases\/a_db: name: must be a lower-case SQL identifier/);
    expect(() => buildRegistry([{ source: 'databases/a_db', entry: good({ service: '' }) }])).toThrow(/service/);
    expect(() => buildRegistry([{ source: 'databases/a_db', entry: good({ extra: 1 }) }])).toThrow(/Unrecognized key/);
    try {
      buildRegistry([{ source: 'databases/a_db', entry: good({ partitioned: [{ table: 'm', column: 'c', columnType: 'int' }] }) }]);
      throw new Error('no error');
    } catch (e) {
      expect(e).toBeInstanceOf(QuentyError);
      expect((e as QuentyError).code).toBe('REGISTRY');
      expect((e as Error).message).toMatch(/partitioned\.0\.columnType/);
    }
  });

  it('rejects duplicate names, services and unknown parents', () => {
    expect(() => buildRegistry([{ source: '1', entry: good() }, { source: '2', entry: good({ service: 'b' }) }])).toThrow(/database name "a_db"/);
    expect(() => buildRegistry([{ source: '1', entry: good() }, { source: '2', entry: good({ name: 'b_db' }) }])).toThrow(/service role "a"/);
    const ref = { table: 't', column: 'c', nullable: false, parent: { database: 'zz_db', table: 'p', column: 'id' }, source: 's' };
    expect(() => buildRegistry([{ source: '1', entry: good({ references: [ref] }) }])).toThrow(/unknown database "zz_db"/);
    const ok = { ...ref, parent: { ...ref.parent, database: 'a_db' } };
    expect(() => buildRegistry([{ source: '1', entry: good({ references: [ok, ok] }) }])).toThrow(/declared twice/);
  });

  it('selects databases by --db and refuses unknown names', () => {
    const r = buildRegistry([{ source: '1', entry: good() }, { source: '2', entry: good({ name: 'b_db', service: 'b' }) }]);
    expect(selectDatabases(r).map((d) => d.name)).toEqual(['a_db', 'b_db']);
    expect(selectDatabases(r, 'b_db, a_db').map((d) => d.name)).toEqual(['b_db', 'a_db']);
    expect(() => selectDatabases(r, 'nope')).toThrow(/unknown database "nope".*/);
  });
});

describe('the registry of the nine databases', () => {
  const reg = loadRegistry();

  it('has the nine databases with their service roles and version tables', () => {
    expect(reg.databases.map((d) => [d.name, d.service, d.versionTable])).toEqual([
      ['analytics_db', 'analytics', 'knex_migrations_analytics'],
      ['auth_db', 'auth', 'knex_migrations_auth'],
      ['customer_db', 'customer', 'knex_migrations_customer'],
      ['franchise_db', 'franchise', 'knex_migrations_franchise'],
      ['intl_shipping_db', 'intlship', 'knex_migrations_intlship'],
      ['microcredit_db', 'microcredit', 'knex_migrations_microcredit'],
      ['order_db', 'order', 'knex_migrations_order'],
      ['pickup_db', 'pickup', 'knex_migrations_pickup'],
      ['reverse_logistics_db', 'revlog', 'knex_migrations_revlog'],
    ]);
  });

  it('declares the three monthly partitioned tables', () => {
    const parts = reg.databases.flatMap((d) => d.partitioned.map((p) => `${d.name}.${p.table}(${p.column})`));
    expect(parts.sort()).toEqual(['analytics_db.metrics(created_at)', 'microcredit_db.loan_payments(payment_date)', 'order_db.stock_movements(created_at)']);
  });

  it('declares every cross-service reference both spec documents name', () => {
    const refs = new Set(reg.databases.flatMap((d) => d.references.map((r) => `${d.name}.${r.table}.${r.column} -> ${r.parent.database}.${r.parent.table}.${r.parent.column}`)));
    const expected = [
      // 001 "Cross-Service Constraints"
      'order_db.orders.customer_id -> customer_db.users.unique_id',
      'intl_shipping_db.manifests.created_by -> customer_db.users.unique_id',
      'pickup_db.pickups.customer_id -> customer_db.users.unique_id',
      'reverse_logistics_db.returns.customer_id -> customer_db.users.unique_id',
      'microcredit_db.credit_applications.customer_id -> customer_db.users.unique_id',
      'order_db.products.company_id -> customer_db.companies.company_id',
      'intl_shipping_db.manifests.company_id -> customer_db.companies.company_id',
      'franchise_db.franchises.company_id -> customer_db.companies.company_id',
      'intl_shipping_db.manifest_items.product_id -> order_db.products.id',
      'reverse_logistics_db.return_items.item_id -> order_db.products.id',
      'reverse_logistics_db.returns.original_order_id -> order_db.orders.order_number',
      // 000 ERD "Cross-Service References" boxes and the complete ERD
      'customer_db.users.unique_id -> auth_db.users.user_id',
      'order_db.orders.company_id -> customer_db.companies.company_id',
      'pickup_db.pickup_packages.order_id -> order_db.orders.order_number',
      'pickup_db.drivers.user_id -> auth_db.users.user_id',
      'analytics_db.dashboards.owner_id -> auth_db.users.user_id',
      'analytics_db.reports.requested_by -> auth_db.users.user_id',
      'analytics_db.alerts.created_by -> auth_db.users.user_id',
      'reverse_logistics_db.inspection_reports.inspector_id -> auth_db.users.user_id',
      'franchise_db.franchise_audits.auditor_id -> auth_db.users.user_id',
      'microcredit_db.collection_logs.agent_id -> auth_db.users.user_id',
      'microcredit_db.credit_scores.customer_id -> customer_db.users.unique_id',
      'microcredit_db.loans.customer_id -> customer_db.users.unique_id',
    ];
    for (const e of expected) expect(refs).toContain(e);
    expect(refs.size).toBe(expected.length);
  });

  it('has a migrations folder per database and nothing in src/ names a database (help examples in src/cli aside)', () => {
    for (const d of reg.databases) expect(fs.existsSync(reg.migrationsDir(d.name))).toBe(true);
    const names = reg.databases.map((d) => d.name);
    const walk = (dir: string): string[] =>
      fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]));
    for (const file of walk(path.join(reg.root, 'src')).filter((f) => !f.includes(`${path.sep}cli${path.sep}`))) {
      const text = fs.readFileSync(file, 'utf8');
      for (const n of names) expect({ file, mentions: text.includes(n) ? n : null }).toEqual({ file, mentions: null });
    }
  });
});
