import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { dropIndexesForLoad, restoreAfterLoad, truncateEmpty } from '../../src/seed';
import { serverUrl } from '../helpers/context';

/**
 * The seed's bulk path on a partitioned table (indexes, keys and constraints dropped, COPY, built
 * again): afterwards the catalogue says exactly what it said before, partitions' index names
 * included, even when the names PostgreSQL would choose again belong to other indexes.
 */
const DB = 't_bulk_load';
let client: pg.Client;

const catalogue = async (): Promise<string[]> =>
  (
    await client.query<{ d: string }>(
      `SELECT indexdef AS d FROM pg_indexes WHERE schemaname = 'public'
       UNION ALL
       SELECT conrelid::regclass || ' ' || conname || ' ' || pg_get_constraintdef(oid) || ' validated=' || convalidated || ' inherited=' || (conparentid <> 0)
         FROM pg_constraint WHERE connamespace = 'public'::regnamespace
       UNION ALL
       SELECT 'valid ' || indexrelid::regclass || ' ' || indisvalid FROM pg_index WHERE indrelid IN (SELECT oid FROM pg_class WHERE relnamespace = 'public'::regnamespace)
       ORDER BY 1`,
    )
  ).rows.map((r) => r.d);

beforeAll(async () => {
  const admin = new pg.Client({ connectionString: serverUrl() });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${DB} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${DB}`);
  await admin.end();
  const u = new URL(serverUrl());
  u.pathname = `/${DB}`;
  client = new pg.Client({ connectionString: u.toString() });
  await client.connect();
  await client.query(`
    CREATE TABLE accounts (id int PRIMARY KEY);
    INSERT INTO accounts SELECT g FROM generate_series(1, 50) g;
    CREATE TABLE events (id int, account_id int REFERENCES accounts(id), kind text, at date NOT NULL, PRIMARY KEY (id, at), UNIQUE (kind, id, at)) PARTITION BY RANGE (at);
    CREATE TABLE events_2026_01 PARTITION OF events FOR VALUES FROM ('2026-01-01') TO ('2026-02-01');
    CREATE TABLE events_2026_02 PARTITION OF events FOR VALUES FROM ('2026-02-01') TO ('2026-03-01');
    CREATE TABLE events_default PARTITION OF events DEFAULT;
    CREATE INDEX idx_events_kind ON events (kind);
    CREATE INDEX idx_events_account ON events (account_id);
    -- Names PostgreSQL would not choose: two partitions' index names swapped, one chosen by hand.
    ALTER INDEX events_2026_01_kind_idx RENAME TO swap_tmp;
    ALTER INDEX events_2026_01_account_id_idx RENAME TO events_2026_01_kind_idx;
    ALTER INDEX swap_tmp RENAME TO events_2026_01_account_id_idx;
    ALTER INDEX events_2026_02_pkey RENAME TO events_feb_by_hand_pkey;
  `);
});

afterAll(async () => {
  await client?.end();
  const admin = new pg.Client({ connectionString: serverUrl() });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${DB} WITH (FORCE)`);
  await admin.end();
});

test('a partitioned table loads bare and gets back its indexes, keys and every partition index name', async () => {
  const before = await catalogue();
  expect(before).toContain('CREATE INDEX events_2026_01_kind_idx ON public.events_2026_01 USING btree (account_id)');
  await client.query('BEGIN');
  const dropped = await dropIndexesForLoad(client, 'events');
  // Bare: no index on any partition, no foreign key.
  const bare = (await client.query(`SELECT count(*)::int AS n FROM pg_indexes WHERE tablename LIKE 'events%'`)).rows[0].n;
  const fks = (await client.query(`SELECT count(*)::int AS n FROM pg_constraint WHERE contype = 'f'`)).rows[0].n;
  expect([bare, fks]).toEqual([0, 0]);
  await new Promise<void>((resolve, reject) => {
    const s = client.query(copyFrom('COPY events (id, account_id, kind, at) FROM STDIN'));
    s.on('finish', resolve);
    s.on('error', reject);
    for (let i = 1; i <= 3000; i++) s.write(`${i}\t${(i % 50) + 1}\tk${i % 7}\t2026-0${(i % 3) + 1}-1${i % 9}\n`);
    s.end();
  });
  await restoreAfterLoad(client, dropped);
  await client.query('COMMIT');
  expect(await catalogue()).toEqual(before);
  expect((await client.query('SELECT count(*)::int AS n FROM events')).rows[0].n).toBe(3000);
  // The keys hold again: a duplicate and an orphan are refused.
  await expect(client.query(`INSERT INTO events VALUES (1, 1, 'x', '2026-02-11')`)).rejects.toThrow(/duplicate key/);
  await expect(client.query(`INSERT INTO events VALUES (9001, 999, 'x', '2026-01-05')`)).rejects.toThrow(/foreign key/);
});

test('a load without --reset truncates its tables only while they are empty and nothing outside refers to them', async () => {
  // The relation file of a table: a new one means it was truncated in the transaction.
  const file = async (t: string) => (await client.query(`SELECT pg_relation_filenode($1::regclass)::text AS f`, [t])).rows[0].f as string;
  await client.query(`
    CREATE TABLE te_parent (id int PRIMARY KEY);
    CREATE TABLE te_other (id int PRIMARY KEY);
    CREATE TABLE te_outside (id int PRIMARY KEY, parent_id int REFERENCES te_parent(id));
  `);
  try {
    // Empty, and referenced by no table outside the list: new files, inside the transaction only.
    const other = await file('te_other');
    await client.query('BEGIN');
    await truncateEmpty(client, ['te_other']);
    expect(await file('te_other')).not.toBe(other);
    await client.query('ROLLBACK');
    expect(await file('te_other')).toBe(other);
    // A table outside the list refers to te_parent: TRUNCATE is refused, the transaction goes on.
    const parent = await file('te_parent');
    await client.query('BEGIN');
    await truncateEmpty(client, ['te_parent', 'te_other']);
    expect([await file('te_parent'), await file('te_other')]).toEqual([parent, other]);
    await client.query('INSERT INTO te_parent VALUES (1)');
    await client.query('COMMIT');
    // Rows that arrived since the first check are kept: nothing is truncated.
    await client.query('INSERT INTO te_other VALUES (7)');
    await client.query('BEGIN');
    await truncateEmpty(client, ['te_other']);
    expect(await file('te_other')).toBe(other);
    await client.query('COMMIT');
    expect((await client.query('SELECT id FROM te_other')).rows).toEqual([{ id: 7 }]);
    expect((await client.query('SELECT id FROM te_parent')).rows).toEqual([{ id: 1 }]);
  } finally {
    await client.query('ROLLBACK').catch(() => undefined);
    await client.query('DROP TABLE te_outside, te_parent, te_other');
  }
});
