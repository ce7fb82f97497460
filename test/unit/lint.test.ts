import path from 'node:path';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { loadRegistry } from '../../src/registry';
import {
  fileSets,
  lintMigrations,
  lintSets,
  lintStatements,
  loadParser,
  parseAcknowledgements,
  referencedColumns,
  typeChangeKeepsData,
  LintInput,
} from '../../src/verify/lint';
import { splitStatements } from '../../src/verify/sql';
import { captureUp } from '../../src/verify/capture';

const FIXTURES = path.resolve(__dirname, '..', 'fixtures', 'lint', 'order_db');
const CLI = path.resolve(__dirname, '..', '..', 'bin', 'quenty-db');
const fixture = (name: string) =>
  fs
    .readdirSync(FIXTURES)
    .filter((f) => f.includes(name))
    .map((f) => path.join(FIXTURES, f));

const input = (statements: string[], over: Partial<LintInput> = {}): LintInput => ({
  migration: 'm',
  file: 'm.ts',
  statements,
  source: '',
  newTables: new Set(),
  referenced: new Set(['orders.customer_id']),
  ...over,
});
const codes = (i: LintInput) => lintStatements(i).map((f) => f.code);

beforeAll(loadParser);

describe('splitStatements', () => {
  test('splits on ; outside quotes, comments and dollar quotes', () => {
    expect(splitStatements(`-- a; comment\nSELECT 'a;b'; /* x; */ SELECT "q;" ;\nDO $$ BEGIN PERFORM 1; END $$;`)).toEqual([
      "SELECT 'a;b'",
      'SELECT "q;"',
      'DO $$ BEGIN PERFORM 1; END $$',
    ]);
  });
});

describe('lintStatements (pure)', () => {
  test('each rule on plain SQL', () => {
    expect(codes(input(['DROP TABLE IF EXISTS orders CASCADE']))).toEqual(['Q001']);
    expect(codes(input(['ALTER TABLE orders DROP COLUMN IF EXISTS notes']))).toEqual(['Q002']);
    expect(codes(input(['ALTER TABLE orders DROP CONSTRAINT c, ALTER COLUMN a DROP DEFAULT, ALTER COLUMN a DROP NOT NULL']))).toEqual([]);
    expect(codes(input(['ALTER TABLE public.orders ALTER COLUMN total SET DATA TYPE bigint USING total::bigint']))).toEqual(['Q003']);
    expect(codes(input(['ALTER TABLE orders ADD COLUMN c int NOT NULL']))).toEqual(['Q004']);
    expect(codes(input(['ALTER TABLE orders ADD COLUMN c int NOT NULL DEFAULT 0', 'ALTER TABLE orders ADD COLUMN d int']))).toEqual([]);
    expect(codes(input(['ALTER TABLE orders ADD CONSTRAINT c CHECK (a IS NOT NULL) NOT VALID']))).toEqual([]);
    expect(codes(input(['ALTER TABLE orders ALTER COLUMN c SET NOT NULL']))).toEqual(['Q004']);
    expect(codes(input(['CREATE UNIQUE INDEX idx ON orders (a)']))).toEqual(['Q005']);
    expect(codes(input(['CREATE INDEX CONCURRENTLY idx ON orders (a)', 'CREATE INDEX idx ON ONLY metrics (a)'], { transaction: false }))).toEqual([]);
    expect(codes(input(['ALTER TABLE "orders" RENAME "customer_id" TO "client_id"']))).toEqual(['Q006']);
    // Renames that no reference names are Q017 (column) and Q016 (table), not Q006.
    expect(codes(input(['ALTER TABLE orders RENAME COLUMN status TO state', 'ALTER TABLE orders RENAME TO purchases']))).toEqual(['Q017', 'Q016']);
  });

  test('a table created earlier in the set is new: nothing on it is risky', () => {
    const i = input(['CREATE TABLE notes (id int)', 'CREATE INDEX idx_n ON notes (id)', 'ALTER TABLE notes ADD COLUMN x int NOT NULL', 'DROP TABLE notes']);
    expect(codes(i)).toEqual([]);
    expect(i.newTables!.has('notes')).toBe(true);
  });

  test('foreign keys of new tables make their target referenced', () => {
    const i = input(['CREATE TABLE notes (id int, order_id int REFERENCES orders(id))', 'ALTER TABLE orders RENAME COLUMN id TO pk']);
    expect(codes(i)).toEqual(['Q006']);
  });

  test('acknowledgements: code and reason from the migration source', () => {
    expect(parseAcknowledgements('// quenty-lint-ignore Q002: unused since 41\n/* quenty-lint-ignore Q005: tiny table */\n// quenty-lint-ignore Q001')).toEqual(
      [
        { code: 'Q002', reason: 'unused since 41' },
        { code: 'Q005', reason: 'tiny table' },
      ],
    );
    const f = lintStatements(input(['ALTER TABLE orders DROP COLUMN a', 'DROP TABLE t'], { source: '// quenty-lint-ignore Q002: unused' }));
    expect(f.map((x) => [x.code, x.acknowledged])).toEqual([
      ['Q002', 'unused'],
      ['Q001', undefined],
    ]);
  });
});

describe('type changes that keep the data (no rewrite)', () => {
  test.each([
    ['character varying(50)', 'varchar(100)', true],
    ['character varying(50)', 'VARCHAR (50)', true],
    ['character varying(50)', 'text', true],
    ['character varying(50)', 'varchar(20)', false],
    ['text', 'varchar', true],
    ['numeric(10,2)', 'numeric(14,2)', true],
    ['numeric(10,2)', 'decimal', true],
    ['numeric(10,2)', 'numeric(14,4)', false],
    ['numeric(10,2)', 'numeric(8,2)', false],
    ['integer', 'bigint', false],
    ['character varying(50)', 'integer', false],
  ])('%s -> %s: %s', (from, to, keeps) => {
    expect(typeChangeKeepsData(from, to)).toBe(keeps);
  });

  test('with the current types known, only a rewriting change is flagged', () => {
    const columnTypes = new Map([
      ['orders.status', 'character varying(50)'],
      ['orders.total_amount', 'numeric(10,2)'],
    ]);
    const f = lintStatements(input(['ALTER TABLE orders ALTER COLUMN status TYPE varchar(100), ALTER COLUMN total_amount TYPE bigint'], { columnTypes }));
    expect(f.map((x) => x.message)).toEqual(['changes the type of orders.total_amount from numeric(10,2) to bigint']);
  });
});

describe('referencedColumns', () => {
  test('both sides of the registry references, and foreign keys', () => {
    const r = referencedColumns(loadRegistry(), 'order_db', ['FOREIGN KEY (order_id) REFERENCES orders(id) ON DELETE CASCADE']);
    expect(r.has('orders.customer_id')).toBe(true); // child side, to customer_db
    expect(r.has('orders.id')).toBe(true); // foreign key
    const c = referencedColumns(loadRegistry(), 'customer_db');
    expect(c.has('users.unique_id')).toBe(true); // parent side, named by order_db and others
  });
});

describe('captureUp', () => {
  test('reads builder calls and raw SQL without a server', async () => {
    const sql = await captureUp({
      up: async (k) => {
        await k.schema.alterTable('orders', (t) => t.dropColumn('x'));
        await k.raw('SELECT ?::int', [1]);
      },
    });
    // migrate's recording knex (the one of --dry-run): each statement as it would print it.
    expect(sql).toEqual(['alter table "orders" drop column "x";', 'SELECT 1::int;']);
  });
});

describe('lint of the fixture migrations', () => {
  test('finds each kind of risky change, exactly', async () => {
    const registry = loadRegistry();
    const files = fs.readdirSync(FIXTURES).map((f) => path.join(FIXTURES, f));
    const report = await lintSets(registry, fileSets(registry, files));
    expect(report.ok).toBe(false);
    expect(report.linted).toEqual([{ database: 'order_db', migrations: files.map((f) => path.basename(f, '.ts')).sort() }]);
    expect(report.findings.map((f) => `${f.code} ${f.migration.slice(15)}: ${f.message}${f.acknowledged ? ' [ack]' : ''}`)).toEqual([
      'Q001 drop_inventory: drops table inventory_items',
      'Q002 drop_column: drops column orders.currency',
      'Q003 type_change: changes the type of orders.total_amount to numeric(14,2) (the current type is unknown without a database)',
      'Q003 type_change: changes the type of products.name to character varying(100) (the current type is unknown without a database)',
      'Q004 not_null: adds orders.channel NOT NULL without a default',
      'Q004 not_null: sets orders.updated_at NOT NULL on existing rows',
      'Q003 alter_round_trip: changes the type of orders.status to character varying(100) (the current type is unknown without a database)',
      "Q004 alter_round_trip: drops and sets again NOT NULL on orders.status (Knex's .alter() round trip): nothing changes if it was NOT NULL, but SET NOT NULL rescans the whole table under an ACCESS EXCLUSIVE lock",
      'Q005 index: creates an index on the existing table orders without CONCURRENTLY',
      'Q009 index: CREATE INDEX CONCURRENTLY inside a transaction: PostgreSQL refuses it',
      'Q006 rename: renames orders.customer_id, which is referenced (foreign key or cross-database reference)',
      'Q017 rename: renames column orders.status to state',
      'Q006 rename: renames orders.id, which is referenced (foreign key or cross-database reference)',
      'Q002 acknowledged: drops column orders.updated_at [ack]',
    ]);
    expect(report.findings.find((f) => f.message.includes('round trip'))!.hint).toMatch(/\.alter\(\{ alterNullable: false \}\)/);
    expect(report.findings.find((f) => f.message.includes('updated_at NOT NULL'))!.hint).toBeUndefined();
  });

  test('acknowledged and safe migrations alone pass', async () => {
    const registry = loadRegistry();
    const report = await lintSets(registry, fileSets(registry, [...fixture('acknowledged'), ...fixture('safe')]));
    expect(report.ok).toBe(true);
    expect(report.findings.map((f) => f.acknowledged)).toEqual(['updated_at was never written by the order service (OPS-12)']);
  });

  test('lintMigrations chooses the migrations: the files given (at most one --db), or every file of the selected databases', async () => {
    const registry = loadRegistry();
    const files = [...fixture('acknowledged'), ...fixture('safe')];
    expect(await lintMigrations(registry, { mode: 'files', files })).toEqual(await lintSets(registry, fileSets(registry, files)));
    expect((await lintMigrations(registry, { mode: 'files', files, databases: 'analytics_db' })).linted.map((l) => l.database)).toEqual(['analytics_db']);
    await expect(lintMigrations(registry, { mode: 'files', files, databases: 'order_db,auth_db' })).rejects.toThrow(
      'with --files, --db names at most one database',
    );
    const all = await lintMigrations(registry, { mode: 'all', databases: 'auth_db' });
    expect(all.linted).toEqual([
      {
        database: 'auth_db',
        migrations: require('../../src/migrate/plan')
          .listMigrationFiles(registry.migrationsDir('auth_db'))
          .map((f: { name: string }) => f.name),
      },
    ]);
    expect(all.ok).toBe(true);
  });

  test('every migration of the repository lints clean', async () => {
    const registry = loadRegistry();
    const report = await lintSets(
      registry,
      registry.databases.map((d) => ({ database: d.name, files: require('../../src/migrate/plan').listMigrationFiles(registry.migrationsDir(d.name)) })),
    );
    expect(report.findings).toEqual([]);
  });

  test('CLI: --files, --format json and junit with --out, exit codes', () => {
    const run = (args: string[]) => {
      try {
        return { code: 0, out: execFileSync(CLI, args, { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } }) };
      } catch (e) {
        const err = e as { status: number; stdout: string };
        return { code: err.status, out: err.stdout };
      }
    };
    const bad = run(['migrate', 'lint', '--files', ...fixture('drop_column'), '--json']);
    expect(bad.code).toBe(1);
    expect(JSON.parse(bad.out).findings.map((f: { code: string }) => f.code)).toEqual(['Q002']);
    const out = path.join(fs.mkdtempSync('/tmp/quenty-lint-'), 'lint.xml');
    const ok = run(['migrate', 'lint', '--files', ...fixture('safe'), '--format', 'junit', '--out', out]);
    expect(ok.code).toBe(0);
    expect(fs.readFileSync(out, 'utf8')).toContain('<testcase classname="lint.order_db" name="20270101000800_safe"/>');
    expect(run(['migrate', 'lint', '--files', '/nonexistent.ts']).code).toBe(2);
    // --out without --format: the format from the extension; an extension that says none is a usage error.
    const json = path.join(path.dirname(out), 'lint.json');
    expect(run(['migrate', 'lint', '--files', ...fixture('drop_column'), '--out', json]).code).toBe(1);
    expect(JSON.parse(fs.readFileSync(json, 'utf8')).findings.map((f: { code: string }) => f.code)).toEqual(['Q002']);
    const xml = path.join(path.dirname(out), 'lint2.xml');
    expect(run(['migrate', 'lint', '--files', ...fixture('safe'), '--out', xml]).code).toBe(0);
    expect(fs.readFileSync(xml, 'utf8')).toContain('<testsuites name="quenty-db migrate lint"');
    expect(run(['migrate', 'lint', '--files', ...fixture('safe'), '--out', path.join(path.dirname(out), 'lint.txt')]).code).toBe(2);
  });
});
