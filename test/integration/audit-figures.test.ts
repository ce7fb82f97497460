import { Context, openContext, withClient } from '../../src/db/targets';
import { parseConfig } from '../../src/config';
import { buildRegistry } from '../../src/registry';
import { dropDatabases } from '../../src/create';
import { runReferenceCheck, ReferenceCheckSpec, Strategy } from '../../src/audit';
import { testEnv } from '../helpers/context';

/**
 * The figures of a reference check (rows checked, NULL rows, orphan rows, distinct orphan keys,
 * samples) against what a straightforward SQL computes over the same planted data with both
 * tables in one database: a copy of the parent's keys is kept in the child's database for the
 * expected figures only. Planted: NULLs, orphan values with several rows, values COPY must
 * escape (tab, backslash, newline, non-ASCII, astral), and a parent row that appears after the
 * anti-join (the re-check must drop that value's rows from every figure).
 */
const PREFIX = 't_afig_';
let ctx: Context;

const registry = buildRegistry([
  { source: 'test', entry: { name: 'figparent_db', service: 'figparent', description: 'parent', references: [] } },
  {
    source: 'test',
    entry: {
      name: 'figchild_db',
      service: 'figchild',
      description: 'child',
      references: [
        {
          table: 'events',
          column: 'account_id',
          nullable: true,
          parent: { database: 'figparent_db', table: 'accounts', column: 'account_id' },
          source: 'test',
        },
      ],
    },
  },
]);
const check: ReferenceCheckSpec = {
  kind: 'reference',
  id: 'figchild_db.events.account_id->figparent_db.accounts.account_id',
  database: 'figchild_db',
  table: 'events',
  column: 'account_id',
  nullable: true,
  parent: { database: 'figparent_db', table: 'accounts', column: 'account_id' },
  severity: 'error',
  source: 'test',
};

async function sql<T = Record<string, unknown>>(db: string, text: string, params: unknown[] = []): Promise<T[]> {
  const t = ctx.target(db);
  return (await withClient(t.url, t.name, (c) => c.query(text, params))).rows as T[];
}

const odd = ['tab\there', 'back\\slash', 'new\nline', 'añejo', 'emoji😀', 'Zeta', 'alpha'];

/** The figures as plain SQL computes them in the child's database over `accounts_copy`. */
async function expected(samples: number, table = 'events') {
  const orphan = `e.account_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM accounts_copy a WHERE a.account_id = e.account_id)`;
  const [f] = await sql<{ total: number; checked: number; rows: number; keys: number }>(
    'figchild_db',
    `SELECT count(*)::int AS total, count(account_id)::int AS checked,
            count(*) FILTER (WHERE ${orphan})::int AS rows, count(DISTINCT account_id) FILTER (WHERE ${orphan})::int AS keys
       FROM ${table} e`,
  );
  const s = await sql<{ id: string; v: string }>(
    'figchild_db',
    `SELECT id::text, account_id AS v FROM ${table} e WHERE ${orphan} ORDER BY account_id COLLATE "C", id LIMIT ${samples}`,
  );
  return {
    rowsChecked: f.checked,
    nullRows: f.total - f.checked,
    orphanRows: f.rows,
    orphanKeys: f.keys,
    samples: s.map((r) => ({ key: { id: r.id }, value: r.v })),
  };
}

beforeAll(async () => {
  ctx = await openContext({ registry, config: parseConfig(testEnv(PREFIX), registry) });
  await dropDatabases(ctx).catch(() => undefined);
  await withClient(ctx.target('figparent_db').maintenanceUrl, 'postgres', async (c) => {
    for (const db of ['figparent_db', 'figchild_db']) await c.query(`CREATE DATABASE "${ctx.target(db).dbName}"`);
  });
  await sql('figparent_db', `CREATE TABLE accounts (id serial PRIMARY KEY, account_id varchar(100) NOT NULL UNIQUE)`);
  await sql('figparent_db', `INSERT INTO accounts (account_id) SELECT 'acct-' || i FROM generate_series(1, 2000) i`);
  await sql('figparent_db', `INSERT INTO accounts (account_id) SELECT unnest($1::text[])`, [odd.slice(0, 3)]);
  // The same keys in a generated column (COPY cannot name one: its keys travel through a query).
  await sql('figparent_db', `CREATE TABLE accounts_gen (src varchar(100) NOT NULL, account_id varchar(100) GENERATED ALWAYS AS (src) STORED UNIQUE)`);
  await sql('figparent_db', `INSERT INTO accounts_gen (src) SELECT account_id FROM accounts`);
  await sql('figchild_db', `CREATE TABLE events (id bigint PRIMARY KEY, account_id varchar(100))`);
  // 6,000 rows: every 13th NULL, every 97th an orphan value shared by about three rows, the rest valid.
  await sql(
    'figchild_db',
    `INSERT INTO events (id, account_id) SELECT i, CASE WHEN i % 13 = 0 THEN NULL WHEN i % 97 = 0 THEN 'ghost-' || (i % 20) ELSE 'acct-' || (1 + (i * 7) % 2000) END FROM generate_series(1, 6000) i`,
  );
  // The odd values: the first three exist in the parent, the others are orphans (two rows each).
  await sql(
    'figchild_db',
    `INSERT INTO events (id, account_id) SELECT 10000 + o.n * 10 + r, o.v FROM unnest($1::text[]) WITH ORDINALITY AS o(v, n), generate_series(1, 2) r`,
    [odd],
  );
  // The same rows in a partitioned table (three partitions by id).
  await sql(
    'figchild_db',
    `CREATE TABLE events_p (id bigint PRIMARY KEY, account_id varchar(100)) PARTITION BY RANGE (id);
     CREATE TABLE events_p1 PARTITION OF events_p FOR VALUES FROM (MINVALUE) TO (2000);
     CREATE TABLE events_p2 PARTITION OF events_p FOR VALUES FROM (2000) TO (5000);
     CREATE TABLE events_p3 PARTITION OF events_p FOR VALUES FROM (5000) TO (MAXVALUE);
     INSERT INTO events_p SELECT * FROM events; ANALYZE events, events_p`,
  );
  await sql('figchild_db', `CREATE TABLE accounts_copy (account_id varchar(100) PRIMARY KEY)`);
  await sql('figchild_db', `INSERT INTO accounts_copy SELECT 'acct-' || i FROM generate_series(1, 2000) i UNION ALL SELECT unnest($1::text[])`, [
    odd.slice(0, 3),
  ]);
}, 120_000);

afterAll(async () => {
  await dropDatabases(ctx, { roles: false });
});

describe.each<Strategy>(['copy', 'merge'])('strategy %s', (strategy) => {
  test('rows checked, NULL rows, orphan rows and keys, and samples equal plain SQL over the same data', async () => {
    const want = await expected(7);
    expect(want.orphanKeys).toBeGreaterThan(10);
    expect(want.orphanRows).toBeGreaterThan(want.orphanKeys);
    const r = await runReferenceCheck(ctx, check, { samples: 7, strategy });
    expect(r.strategy).toBe(strategy);
    expect({ rowsChecked: r.rowsChecked, nullRows: r.nullRows, orphanRows: r.orphanRows, orphanKeys: r.orphanKeys, samples: r.samples }).toEqual(want);
  });

  test('a parent row written after the anti-join: its value leaves every figure and the samples', async () => {
    // The smallest orphan value ("C" order), so that the samples must change too.
    const [first] = await sql<{ v: string }>(
      'figchild_db',
      `SELECT min(account_id COLLATE "C") AS v FROM events e WHERE NOT EXISTS (SELECT 1 FROM accounts_copy a WHERE a.account_id = e.account_id)`,
    );
    try {
      const phases: string[] = [];
      const r = await runReferenceCheck(ctx, check, {
        samples: 5,
        strategy,
        onPhase: (p) => phases.push(p),
        afterAntiJoin: async () => {
          await sql('figparent_db', `INSERT INTO accounts (account_id) VALUES ($1)`, [first.v]);
        },
      });
      await sql('figchild_db', `INSERT INTO accounts_copy VALUES ($1)`, [first.v]);
      const want = await expected(5);
      expect({ rowsChecked: r.rowsChecked, nullRows: r.nullRows, orphanRows: r.orphanRows, orphanKeys: r.orphanKeys, samples: r.samples }).toEqual(want);
      expect(r.samples.map((s) => s.value)).not.toContain(first.v);
      // A few values against a parent with an index on its key: looked up one by one.
      if (strategy === 'copy') expect(phases).toContain('re-check (index lookups)');
    } finally {
      await sql('figparent_db', `DELETE FROM accounts WHERE account_id = $1`, [first.v]);
      await sql('figchild_db', `DELETE FROM accounts_copy WHERE account_id = $1`, [first.v]);
    }
  });
});

describe('copy: the rows checked come from the anti-join’s own scan, exactly', () => {
  const planned = async (table: string) =>
    (
      await sql<{ p: unknown }>(
        'figchild_db',
        `EXPLAIN (FORMAT JSON) SELECT 1 FROM ${table} c WHERE c.account_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM accounts_copy s WHERE s.account_id = c.account_id)`,
      )
    )[0];
  const run = async (table: string) => {
    const phases: string[] = [];
    const r = await runReferenceCheck(ctx, { ...check, table }, { samples: 4, strategy: 'copy', onPhase: (p) => phases.push(p) });
    return { r, phases };
  };

  afterEach(async () => {
    await withClient(ctx.target('figchild_db').maintenanceUrl, 'postgres', (c) => c.query(`ALTER DATABASE "${ctx.target('figchild_db').dbName}" RESET ALL`));
  });

  test.each(['events', 'events_p'])('%s scanned by parallel workers: every figure equals plain SQL, and the rows were not counted again', async (table) => {
    // Costs that make even 6,000 rows worth parallel workers, for every new connection to the child.
    await withClient(ctx.target('figchild_db').maintenanceUrl, 'postgres', (c) =>
      c.query(
        `ALTER DATABASE "${ctx.target('figchild_db').dbName}" SET parallel_setup_cost = 0; ALTER DATABASE "${ctx.target('figchild_db').dbName}" SET parallel_tuple_cost = 0;
         ALTER DATABASE "${ctx.target('figchild_db').dbName}" SET min_parallel_table_scan_size = 0`,
      ),
    );
    expect(JSON.stringify(await planned(table))).toContain('"Workers Planned"');
    const { r, phases } = await run(table);
    const want = await expected(4, table);
    expect({ rowsChecked: r.rowsChecked, nullRows: r.nullRows, orphanRows: r.orphanRows, orphanKeys: r.orphanKeys, samples: r.samples }).toEqual(want);
    expect(phases).toContain('anti-join');
    expect(phases.filter((p) => p.startsWith('rows checked'))).toEqual([]);
  });

  test('a child whose plan is not read (a view): the rows are counted in the same snapshot instead, with the same figures', async () => {
    await sql('figchild_db', `CREATE OR REPLACE VIEW events_v AS SELECT * FROM events`);
    const { r, phases } = await run('events_v');
    const want = await expected(4, 'events_v');
    expect({ rowsChecked: r.rowsChecked, nullRows: r.nullRows, orphanRows: r.orphanRows, orphanKeys: r.orphanKeys }).toEqual({
      rowsChecked: want.rowsChecked,
      nullRows: want.nullRows,
      orphanRows: want.orphanRows,
      orphanKeys: want.orphanKeys,
    });
    expect(r.samples.map((x) => x.value)).toEqual(want.samples.map((x) => x.value));
    expect(phases.filter((p) => p.startsWith('rows checked'))).toHaveLength(1);
  });

  test('a parent key in a generated column: the same figures', async () => {
    const r = await runReferenceCheck(ctx, { ...check, parent: { ...check.parent, table: 'accounts_gen' } }, { samples: 4, strategy: 'copy' });
    const want = await expected(4);
    expect({ rowsChecked: r.rowsChecked, nullRows: r.nullRows, orphanRows: r.orphanRows, orphanKeys: r.orphanKeys, samples: r.samples }).toEqual(want);
  });

  test('45,000 distinct orphan values, and parent rows written after the anti-join for four of them', async () => {
    await sql('figchild_db', `CREATE TABLE IF NOT EXISTS events_many (id bigint PRIMARY KEY, account_id varchar(100))`);
    await sql('figchild_db', `TRUNCATE events_many`);
    await sql(
      'figchild_db',
      `INSERT INTO events_many SELECT i, CASE WHEN i % 3 = 0 THEN 'acct-' || (1 + i % 2000) ELSE 'many-' || i END FROM generate_series(1, 67500) i`,
    );
    const late = ['many-1', 'many-22501', 'many-44999', 'many-67499'];
    const [all] = await sql<{ rows: number; keys: number }>(
      'figchild_db',
      `SELECT count(*)::int AS rows, count(DISTINCT account_id)::int AS keys FROM events_many WHERE account_id LIKE 'many-%'`,
    );
    expect(all.keys).toBe(45_000);
    try {
      const phases: string[] = [];
      const r = await runReferenceCheck(
        ctx,
        { ...check, table: 'events_many' },
        {
          samples: 3,
          strategy: 'copy',
          onPhase: (p) => phases.push(p),
          afterAntiJoin: async () => {
            await sql('figparent_db', `INSERT INTO accounts (account_id) SELECT unnest($1::text[])`, [late]);
          },
        },
      );
      expect({ rowsChecked: r.rowsChecked, orphanRows: r.orphanRows, orphanKeys: r.orphanKeys }).toEqual({
        rowsChecked: 67_500,
        orphanRows: all.rows - late.length,
        orphanKeys: all.keys - late.length,
      });
      // "C" order: many-10, many-100, many-1000 (many-1 is in the parent now).
      expect(r.samples.map((x) => x.value)).toEqual(['many-10', 'many-100', 'many-1000']);
      // More values than the parent has rows: the parent is scanned once with the values hashed.
      expect(phases).toContain('re-check (scan)');
    } finally {
      await sql('figparent_db', `DELETE FROM accounts WHERE account_id = ANY($1::text[])`, [late]);
    }
  });

  test('a partitioned child scanned by one process: the same figures', async () => {
    expect(JSON.stringify(await planned('events_p'))).not.toContain('"Workers Planned"');
    const { r, phases } = await run('events_p');
    const want = await expected(4, 'events_p');
    expect({ rowsChecked: r.rowsChecked, nullRows: r.nullRows, orphanRows: r.orphanRows, orphanKeys: r.orphanKeys, samples: r.samples }).toEqual(want);
    expect(phases.filter((p) => p.startsWith('rows checked'))).toEqual([]);
  });
});

describe('the re-check matches the child’s own text of a value', () => {
  // numeric keys print differently on each side (5.00 in the child, 5 in the parent) but are equal.
  beforeAll(async () => {
    for (const t of ['codes_ix', 'codes_noix']) {
      await sql('figparent_db', `CREATE TABLE ${t} (code numeric ${t === 'codes_ix' ? 'PRIMARY KEY' : 'NOT NULL'})`);
      await sql('figparent_db', `INSERT INTO ${t} SELECT generate_series(1, 100)`);
    }
    await sql('figchild_db', `CREATE TABLE uses (id bigint PRIMARY KEY, code numeric(10, 2))`);
    await sql('figchild_db', `INSERT INTO uses VALUES (1, 1), (2, 2), (3, 500), (4, 500), (5, 750.5)`);
  });

  test.each([
    ['codes_ix', 're-check (index lookups)'],
    ['codes_noix', 're-check (scan)'],
  ])('a parent row written after the anti-join (%s): its value leaves every figure', async (table, path) => {
    const phases: string[] = [];
    try {
      const r = await runReferenceCheck(
        ctx,
        { ...check, id: `uses.code->${table}`, table: 'uses', column: 'code', parent: { ...check.parent, table, column: 'code' } },
        {
          samples: 5,
          strategy: 'copy',
          onPhase: (p) => phases.push(p),
          afterAntiJoin: async () => {
            await sql('figparent_db', `INSERT INTO ${table} VALUES (500)`);
          },
        },
      );
      expect(phases).toContain(path);
      expect({ rowsChecked: r.rowsChecked, orphanRows: r.orphanRows, orphanKeys: r.orphanKeys, samples: r.samples.map((x) => x.value) }).toEqual({
        rowsChecked: 5,
        orphanRows: 1,
        orphanKeys: 1,
        samples: ['750.50'],
      });
    } finally {
      await sql('figparent_db', `DELETE FROM ${table} WHERE code = 500`);
    }
  });
});
