import fs from 'node:fs';
import path from 'node:path';
import { RULES, RULE_BY_CODE, lintStatements, loadParser, newSetState, LiveSchema, LintInput } from '../../src/lint';

/**
 * Every rule on its two fixtures (test/fixtures/lint/rules/<code>.fail.sql and .pass.sql): the
 * failing one is flagged with the code, the passing one (the rule's safe alternative) with
 * nothing at all. A fixture's leading comments set how it runs:
 *   -- notx                         a Knex migration with config = { transaction: false }
 *   -- sql                          a plain SQL file (psql), not run by quenty-db migrate
 *   -- live-types: t.c=type         live column types
 *   -- live-rows: t=n               live row counts
 *   -- live-partitions: p(default=d:rows)  live partitioned parents and their DEFAULT partition
 */
const DIR = path.resolve(__dirname, '..', 'fixtures', 'lint', 'rules');

function fixtureInput(file: string): LintInput {
  const sql = fs.readFileSync(path.join(DIR, file), 'utf8');
  const directive = (name: string) =>
    sql
      .split('\n')
      .filter((l) => l.startsWith(`-- ${name}`))
      .map((l) =>
        l
          .slice(name.length + 3)
          .replace(/^:\s*/, '')
          .trim(),
      );
  let live: LiveSchema | undefined;
  const liveOf = () => (live ??= { columnTypes: new Map(), rows: new Map(), partitioned: new Set(), defaultPartitions: new Map() });
  for (const d of directive('live-types')) for (const kv of d.split(',')) liveOf().columnTypes.set(kv.split('=')[0].trim(), kv.split('=')[1].trim());
  for (const d of directive('live-rows')) for (const kv of d.split(',')) liveOf().rows!.set(kv.split('=')[0].trim(), Number(kv.split('=')[1]));
  for (const d of directive('live-partitions')) {
    for (const p of d.split(/\s*;\s*/)) {
      const m = /^(\w+)(?:\(default=(\w+):(\d+)\))?$/.exec(p)!;
      liveOf().partitioned!.add(m[1]);
      if (m[2]) liveOf().defaultPartitions!.set(m[1], { table: m[2], rows: Number(m[3]) });
    }
  }
  const kind = directive('sql').length ? 'sql' : 'knex';
  return {
    migration: file,
    file,
    statements: [sql],
    source: sql,
    state: newSetState(new Set(['orders.customer_id', 'orders.id'])),
    live,
    kind,
    transaction: directive('notx').length === 0,
  };
}

beforeAll(loadParser);

describe('the rule table', () => {
  test('codes are stable and unique, Q001..Q027, each with a why and a safe alternative', () => {
    expect(RULES.map((r) => r.code)).toEqual(Array.from({ length: 27 }, (_, i) => `Q${String(i + 1).padStart(3, '0')}`));
    for (const r of RULES) {
      expect(r.why.length).toBeGreaterThan(40);
      expect(r.safe.length).toBeGreaterThan(20);
    }
  });
});

describe.each(RULES.map((r) => r.code))('%s', (code) => {
  test(`fails on ${code}.fail.sql`, () => {
    const codes = lintStatements(fixtureInput(`${code}.fail.sql`)).map((f) => f.code);
    expect(codes).toContain(code);
  });
  test(`passes ${code}.pass.sql (${RULE_BY_CODE[code].title}: the safe alternative)`, () => {
    expect(lintStatements(fixtureInput(`${code}.pass.sql`)).map((f) => `${f.code} ${f.message}`)).toEqual([]);
  });
});

describe('live sizes: a rewrite or a scan of an empty table is not a finding', () => {
  const withRows = (code: string, rows: number) => {
    const i = fixtureInput(`${code}.fail.sql`);
    i.live = {
      columnTypes: new Map(),
      rows: new Map([
        ['orders', rows],
        ['order_items', rows],
      ]),
    };
    return lintStatements(i).map((f) => f.code);
  };
  test.each(['Q003', 'Q005', 'Q010', 'Q011', 'Q012', 'Q013', 'Q015'])('%s on an empty table: nothing; on 10 rows: flagged', (code) => {
    expect(withRows(code, 0)).not.toContain(code);
    expect(withRows(code, 10)).toContain(code);
  });
  test('breaking changes do not depend on size', () => {
    expect(withRows('Q002', 0)).toEqual(['Q002']);
    expect(withRows('Q004', 0)).toEqual(['Q004']);
  });
  test('SET NOT NULL after a validated CHECK (col IS NOT NULL) does not scan', () => {
    const safe = [
      'ALTER TABLE orders ADD CONSTRAINT orders_channel_nn CHECK (channel IS NOT NULL) NOT VALID',
      'ALTER TABLE orders VALIDATE CONSTRAINT orders_channel_nn',
      'ALTER TABLE orders ALTER COLUMN channel SET NOT NULL',
    ];
    const base = { migration: 'm', file: 'm', source: '', state: newSetState() };
    expect(lintStatements({ ...base, statements: safe }).map((f) => f.code)).toEqual([]);
    expect(lintStatements({ ...base, state: newSetState(), statements: [safe[2]] }).map((f) => f.code)).toEqual(['Q004']);
    // A CHECK the live database already validated.
    expect(
      lintStatements({ ...base, state: newSetState(), statements: [safe[2]], live: { columnTypes: new Map(), notNullChecks: new Set(['orders.channel']) } }),
    ).toEqual([]);
  });
  test('a volatile function the live server knows (not in the built-in list) is a rewrite', () => {
    const base = { migration: 'm', file: 'm', source: '', state: newSetState(), statements: ['ALTER TABLE orders ADD COLUMN code text DEFAULT make_code()'] };
    expect(lintStatements(base).map((f) => f.code)).toEqual([]);
    expect(
      lintStatements({ ...base, state: newSetState(), live: { columnTypes: new Map(), volatileFunctions: new Set(['make_code']) } }).map((f) => f.code),
    ).toEqual(['Q013']);
  });
});

describe('lock_timeout (Q024)', () => {
  const base = { migration: 'm', file: 'm', source: '', statements: ['ALTER TABLE orders ADD COLUMN n int'] };
  test("a Knex migration gets the engine's lock_timeout; one that turns it off does not", () => {
    expect(lintStatements({ ...base, state: newSetState() })).toEqual([]);
    expect(lintStatements({ ...base, state: newSetState(), engineLockTimeout: false }).map((f) => f.code)).toEqual(['Q024']);
  });
  test('SET lock_timeout = 0 does not count; a SET after the lock is too late', () => {
    expect(
      lintStatements({ ...base, state: newSetState(), kind: 'sql', statements: ['SET lock_timeout = 0; ALTER TABLE orders ADD COLUMN n int'] }).map(
        (f) => f.code,
      ),
    ).toEqual(['Q024']);
    expect(
      lintStatements({ ...base, state: newSetState(), kind: 'sql', statements: ["ALTER TABLE orders ADD COLUMN n int; SET lock_timeout = '2s'"] }).map(
        (f) => f.code,
      ),
    ).toEqual(['Q024']);
    expect(
      lintStatements({ ...base, state: newSetState(), kind: 'sql', statements: ['SET lock_timeout TO 2000; ALTER TABLE orders ADD COLUMN n int'] }),
    ).toEqual([]);
  });
  test('a BEGIN in a plain SQL file opens a transaction: CONCURRENTLY inside it is Q009', () => {
    const f = lintStatements({
      ...base,
      state: newSetState(),
      kind: 'sql',
      statements: ["SET lock_timeout = '1s'; BEGIN; CREATE INDEX CONCURRENTLY i ON orders (a); COMMIT; CREATE INDEX CONCURRENTLY j ON orders (b);"],
    });
    expect(f.map((x) => x.code)).toEqual(['Q009']);
  });
});

describe('the squawk comparison corpus (test/fixtures/lint-corpus)', () => {
  const CORPUS = path.resolve(__dirname, '..', 'fixtures', 'lint-corpus');
  test('at least 40 migrations, Knex and SQL; every hazard is flagged, every safe or style-only one is not', async () => {
    const { lintSets, fileSets } = await import('../../src/lint');
    const { loadRegistry } = await import('../../src/registry');
    const registry = loadRegistry();
    const files = fs.readdirSync(CORPUS).flatMap((db) => fs.readdirSync(path.join(CORPUS, db)).map((f) => path.join(CORPUS, db, f)));
    expect(files.length).toBeGreaterThanOrEqual(40);
    expect(files.filter((f) => f.endsWith('.ts')).length).toBeGreaterThanOrEqual(10);
    const report = await lintSets(
      registry,
      fileSets(
        registry,
        files.filter((f) => f.includes('/order_db/')),
      ).concat(
        fileSets(
          registry,
          files.filter((f) => f.includes('/analytics_db/')),
        ),
      ),
    );
    for (const f of files) {
      const name = path.basename(f).replace(/\.(sql|ts)$/, '');
      const hazard = /hazard:\s*(.+)/.exec(fs.readFileSync(f, 'utf8'))![1];
      const codes = report.findings.filter((x) => x.migration === name).map((x) => x.code);
      if (/^(safe|style):/.test(hazard)) expect([name, codes]).toEqual([name, []]);
      else expect([name, codes.length > 0]).toEqual([name, true]);
    }
  });
});

test('docs/migration-safety.md gives every rule its code, why and safe alternative', () => {
  const doc = fs.readFileSync(path.resolve(__dirname, '..', '..', 'docs', 'migration-safety.md'), 'utf8');
  for (const r of RULES) {
    expect(doc).toContain(`**${r.code} — ${r.title}.**`);
    expect(doc).toContain(r.safe);
  }
});
