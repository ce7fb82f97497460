import fs from 'node:fs';
import path from 'node:path';
import { buildRegistry, loadRegistry, registryPathFromEnv, selectDatabases } from '../../src/registry';
import { World, loadGenerators } from '../../src/seed/context';
import { defineTable } from '../../src/seed/kit';
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
    expect(() => buildRegistry([{ source: 'databases/a_db', entry: good({ name: 'A-DB' }) }])).toThrow(
      /databases\/a_db: name: must be a lower-case SQL identifier/,
    );
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
    expect(() =>
      buildRegistry([
        { source: '1', entry: good() },
        { source: '2', entry: good({ service: 'b' }) },
      ]),
    ).toThrow(/database name "a_db"/);
    expect(() =>
      buildRegistry([
        { source: '1', entry: good() },
        { source: '2', entry: good({ name: 'b_db' }) },
      ]),
    ).toThrow(/service role "a"/);
    const ref = { table: 't', column: 'c', nullable: false, parent: { database: 'zz_db', table: 'p', column: 'id' }, source: 's' };
    expect(() => buildRegistry([{ source: '1', entry: good({ references: [ref] }) }])).toThrow(/unknown database "zz_db"/);
    const ok = { ...ref, parent: { ...ref.parent, database: 'a_db' } };
    expect(() => buildRegistry([{ source: '1', entry: good({ references: [ok, ok] }) }])).toThrow(/declared twice/);
  });

  it('selects databases by --db and refuses unknown names', () => {
    const r = buildRegistry([
      { source: '1', entry: good() },
      { source: '2', entry: good({ name: 'b_db', service: 'b' }) },
    ]);
    expect(selectDatabases(r).map((d) => d.name)).toEqual(['a_db', 'b_db']);
    expect(selectDatabases(r, 'b_db, a_db').map((d) => d.name)).toEqual(['b_db', 'a_db']);
    expect(() => selectDatabases(r, 'nope')).toThrow(/unknown database "nope".*/);
  });
});

describe('the registry of the package', () => {
  const reg = loadRegistry({ extraRoots: [] });

  it('gives every database a folder of migrations and of seeds, a snapshot, and the version table of its service', () => {
    expect(reg.databases.length).toBeGreaterThan(0);
    const folders = fs.readdirSync(path.join(reg.root, 'databases')).filter((f) => fs.statSync(path.join(reg.root, 'databases', f)).isDirectory());
    expect(reg.databases.map((d) => d.name).sort()).toEqual(folders.sort());
    for (const d of reg.databases) {
      expect(d.versionTable).toBe(`knex_migrations_${d.service}`);
      expect(fs.existsSync(reg.migrationsDir(d.name))).toBe(true);
      expect(fs.existsSync(path.join(reg.schemaDir(d.name), `${d.name}.json`))).toBe(true);
      if (d.seed) expect(fs.existsSync(reg.seedsDir(d.name))).toBe(true);
    }
  });

  it('declares the three monthly partitioned tables', () => {
    const parts = reg.databases.flatMap((d) => d.partitioned.map((p) => `${d.name}.${p.table}(${p.column})`));
    expect(parts.sort()).toEqual(['analytics_db.metrics(created_at)', 'microcredit_db.loan_payments(payment_date)', 'order_db.stock_movements(created_at)']);
  });

  it('declares every cross-service reference both spec documents name', () => {
    const refs = new Set(
      reg.databases.flatMap((d) => d.references.map((r) => `${d.name}.${r.table}.${r.column} -> ${r.parent.database}.${r.parent.table}.${r.parent.column}`)),
    );
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

const FIXTURE = path.resolve(__dirname, '..', 'fixtures', 'extra-registry');

describe('more registry roots (QUENTY_REGISTRY_PATH, --registry, loadRegistry({ extraRoots }))', () => {
  it('reads the roots from the environment, in order', () => {
    expect(registryPathFromEnv({ QUENTY_REGISTRY_PATH: `/a${path.delimiter}${path.delimiter} /b ` })).toEqual(['/a', '/b']);
    expect(registryPathFromEnv({})).toEqual([]);
    const viaEnv = loadRegistry({ env: { QUENTY_REGISTRY_PATH: FIXTURE } });
    expect(viaEnv.databases.length).toBe(loadRegistry({ extraRoots: [] }).databases.length + 1);
  });

  it("adds the databases of another root after the package's, with their folders in that root", () => {
    const base = loadRegistry({ extraRoots: [] });
    const full = loadRegistry({ extraRoots: [FIXTURE] });
    expect(full.databases.slice(0, base.databases.length).map((d) => d.name)).toEqual(base.databases.map((d) => d.name));
    const [extra] = full.databases.slice(base.databases.length);
    expect(full.rootOf(extra.name)).toBe(FIXTURE);
    expect(full.roots).toEqual([full.root, FIXTURE]);
    for (const d of base.databases) expect(full.migrationsDir(d.name)).toBe(base.migrationsDir(d.name));
    // nothing in src/ names it either
    const walk = (dir: string): string[] =>
      fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]));
    expect(walk(path.join(full.root, 'src')).filter((f) => fs.readFileSync(f, 'utf8').includes(extra.name))).toEqual([]);
  });

  it('refuses a root without databases/ and a name both roots declare, naming both', () => {
    expect(() => loadRegistry({ extraRoots: [path.join(FIXTURE, 'schema')] })).toThrow(/has no databases\/ folder/);
    const one = { source: '/x/databases/a_db', entry: good() };
    expect(() => buildRegistry([one, { source: '/y/databases/a_db', entry: good({ service: 'b' }) }])).toThrow(
      /"a_db" is declared by more than one database \(\/x\/databases\/a_db and \/y\/databases\/a_db\)/,
    );
  });
});

describe("references declared on the parent's side (referencedBy)", () => {
  const incoming = { database: 'a_db', table: 'orders', column: 'currency', nullable: true, parent: { table: 'currencies', column: 'code' }, source: 's' };

  it('become references of the child database', () => {
    const r = buildRegistry([
      { source: '1', entry: good() },
      { source: '2', entry: good({ name: 'b_db', service: 'b', referencedBy: [incoming] }) },
    ]);
    expect(r.get('a_db').references).toEqual([
      {
        table: 'orders',
        column: 'currency',
        nullable: true,
        severity: 'error',
        source: 's',
        parent: { database: 'b_db', table: 'currencies', column: 'code' },
      },
    ]);
    expect(r.get('b_db').references).toEqual([]);
  });

  it('refuse an unknown child database, and one reference declared on both sides', () => {
    expect(() => buildRegistry([{ source: '2', entry: good({ name: 'b_db', service: 'b', referencedBy: [{ ...incoming, database: 'zz_db' }] }) }])).toThrow(
      /unknown database "zz_db"/,
    );
    const same = { table: 'orders', column: 'currency', nullable: true, parent: { database: 'b_db', table: 'currencies', column: 'code' }, source: 's' };
    expect(() =>
      buildRegistry([
        { source: '1', entry: good({ references: [same] }) },
        { source: '2', entry: good({ name: 'b_db', service: 'b', referencedBy: [incoming] }) },
      ]),
    ).toThrow(/declared twice/);
  });
});

describe('seed errors say which file to write and what to add', () => {
  const parentRef = { table: 'kids', column: 'parent_code', nullable: false, parent: { database: 'a_db', table: 'parents', column: 'code' }, source: 's' };
  const registry = buildRegistry(
    [
      { source: '1', entry: good({ seed: { tables: { parents: 1 } } }) },
      { source: '2', entry: good({ name: 'b_db', service: 'b', references: [parentRef], seed: { tables: { kids: 1 } } }) },
    ],
    '/pkg',
  );
  const parents = defineTable({ table: 'parents', columns: ['id'], row: (_g, i) => ({ id: i + 1 }) });
  const kids = defineTable({ table: 'kids', columns: ['id', 'parent_code'], row: (g, i) => ({ id: i + 1, parent_code: g.ref('parent_code', i) }) });
  const world = new World(
    registry,
    new Map([
      ['a_db', new Map([['parents', parents]])],
      ['b_db', new Map([['kids', kids]])],
    ]),
    1,
    new Date('2026-01-01'),
    { a_db: { parents: 3 }, b_db: { kids: 3 } },
  );

  it('a reference to a column with no key function names the generator file and the keys entry to add', () => {
    let err: QuentyError | undefined;
    try {
      kids.row(world.context('b_db', 'kids'), 0, world.context('b_db', 'kids').rng(0));
    } catch (e) {
      err = e as QuentyError;
    }
    expect(err?.message).toContain('/pkg/seeds/a_db/parents.ts has no key function for code');
    expect(err?.message).toContain('b_db.kids.parent_code');
    expect(err?.hint).toContain('add `keys: { code: (g, i) =>');
    expect(err?.hint).toContain('/pkg/seeds/a_db/parents.ts');
  });

  it('a table in the seed plan without a generator file names the file to write', () => {
    expect(() => loadGenerators(registry)).toThrow(/seed plan of a_db lists parents but \/pkg\/seeds\/a_db\/parents\.ts does not exist/);
  });
});
