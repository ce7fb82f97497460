import pg from 'pg';
import { relayCopy } from '../../src/audit/copy-relay';
import { serverUrl } from '../helpers/context';

/**
 * The COPY relay of the audit (a source server's CopyData messages written to a target server
 * as they are): what arrives equals what was sent, in text and binary, across many socket
 * chunks; and every fault leaves the connections in a known state (usable, or closed when the
 * target was left with half a message), never hanging.
 */
const SRC = 't_relay_src';
const DST = 't_relay_dst';
const urlOf = (db: string) => {
  const u = new URL(serverUrl());
  u.pathname = `/${db}`;
  return u.toString();
};
let source: pg.Client;
let target: pg.Client;

async function fresh(db: string): Promise<pg.Client> {
  const c = new pg.Client({ connectionString: urlOf(db) });
  c.on('error', () => undefined);
  await c.connect();
  return c;
}

beforeAll(async () => {
  const admin = new pg.Client({ connectionString: serverUrl() });
  await admin.connect();
  for (const db of [SRC, DST]) {
    await admin.query(`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${db}`);
  }
  await admin.end();
  const s = await fresh(SRC);
  // 200,000 rows (about 9 MB in text: many socket chunks, so messages and headers split
  // across them), with NULLs and values COPY must escape.
  await s.query(`CREATE TABLE src (id int, v text, n numeric, at timestamptz)`);
  await s.query(
    `INSERT INTO src SELECT i,
            CASE WHEN i % 11 = 0 THEN NULL WHEN i % 7 = 0 THEN E'tab\\there\\\\back\\nline ' || i WHEN i % 5 = 0 THEN 'añejo 😀 ' || i ELSE repeat('x', i % 37) END,
            CASE WHEN i % 13 = 0 THEN NULL ELSE i / 7.0 END,
            timestamptz '2026-01-01 00:00:00+00' + i * interval '1 minute'
       FROM generate_series(1, 200000) i`,
  );
  await s.end();
}, 120_000);

beforeEach(async () => {
  source = await fresh(SRC);
  target = await fresh(DST);
  await target.query(`DROP TABLE IF EXISTS dst; CREATE TABLE dst (id int, v text, n numeric, at timestamptz)`);
});

afterEach(async () => {
  await source.end().catch(() => undefined);
  await target.end().catch(() => undefined);
});

afterAll(async () => {
  const admin = new pg.Client({ connectionString: serverUrl() });
  await admin.connect();
  for (const db of [SRC, DST]) await admin.query(`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`);
  await admin.end();
});

/** md5 of every row, in id order, with NULLs told apart from empty strings. */
async function digest(c: pg.Client, table: string): Promise<{ n: number; md5: string }> {
  const r = await c.query(`SELECT count(*)::int AS n, md5(string_agg(format('%s|%L|%L|%L', id, v, n, at), ',' ORDER BY id)) AS md5 FROM ${table}`);
  return r.rows[0];
}

test.each(['', ' (FORMAT binary)'])('every row arrives as it was sent%s', async (format) => {
  const rows = await relayCopy(source, `COPY src TO STDOUT${format}`, target, `COPY dst FROM STDIN${format}`);
  expect(rows).toBe(200000);
  expect(await digest(target, 'dst')).toEqual(await digest(source, 'src'));
  // Both connections go on as usual.
  expect((await source.query('SELECT 1 AS one')).rows[0].one).toBe(1);
  expect((await target.query('SELECT 2 AS two')).rows[0].two).toBe(2);
});

test('an empty source copies nothing', async () => {
  expect(await relayCopy(source, `COPY (SELECT * FROM src WHERE false) TO STDOUT`, target, `COPY dst FROM STDIN`)).toBe(0);
  expect((await target.query('SELECT count(*)::int AS n FROM dst')).rows[0].n).toBe(0);
});

test('the source fails midway: its error is thrown, the target keeps nothing, both connections stay usable', async () => {
  await target.query('BEGIN');
  await expect(
    relayCopy(source, `COPY (SELECT id, CASE WHEN id = 150000 THEN (id / 0)::text ELSE v END, n, at FROM src) TO STDOUT`, target, `COPY dst FROM STDIN`),
  ).rejects.toThrow(/division by zero/);
  await target.query('ROLLBACK');
  expect((await target.query('SELECT count(*)::int AS n FROM dst')).rows[0].n).toBe(0);
  expect((await source.query('SELECT 1 AS one')).rows[0].one).toBe(1);
});

test('the source cannot start (no such table): the target COPY is failed and nothing hangs', async () => {
  await expect(relayCopy(source, `COPY no_such_table TO STDOUT`, target, `COPY dst FROM STDIN`)).rejects.toThrow(/no_such_table/);
  expect((await target.query('SELECT count(*)::int AS n FROM dst')).rows[0].n).toBe(0);
  expect((await source.query('SELECT 1 AS one')).rows[0].one).toBe(1);
});

test('the target rejects a row midway: its error is thrown, the rest of the source is drained, both connections stay usable', async () => {
  await target.query(`DROP TABLE dst; CREATE TABLE dst (id int, v text, n numeric CHECK (n < 20000), at timestamptz)`);
  await expect(relayCopy(source, `COPY src TO STDOUT`, target, `COPY dst FROM STDIN`)).rejects.toThrow(/check constraint/);
  expect((await target.query('SELECT count(*)::int AS n FROM dst')).rows[0].n).toBe(0);
  expect((await source.query('SELECT 1 AS one')).rows[0].one).toBe(1);
  expect((await target.query('SELECT 2 AS two')).rows[0].two).toBe(2);
});

test('the target cannot start (no such table): nothing is read from the source', async () => {
  await expect(relayCopy(source, `COPY src TO STDOUT`, target, `COPY no_such_table FROM STDIN`)).rejects.toThrow(/no_such_table/);
  expect((await source.query('SELECT 1 AS one')).rows[0].one).toBe(1);
  expect((await target.query('SELECT 2 AS two')).rows[0].two).toBe(2);
});

/**
 * Relays from a source slow enough to be caught midway (it pauses every `every` rows), kills the
 * backend of one side 300 ms in, and expects the relay to fail.
 */
async function killedMidway(side: 'source' | 'target', pause: number, every: number): Promise<void> {
  const victim = side === 'source' ? source : target;
  const pid = (victim as unknown as { processID: number }).processID;
  const killer = await fresh(side === 'source' ? SRC : DST);
  const relay = relayCopy(
    source,
    `COPY (SELECT id, v, n, at FROM src LEFT JOIN LATERAL (SELECT pg_sleep(${pause}) WHERE id % ${every} = 0) s ON true) TO STDOUT`,
    target,
    `COPY dst FROM STDIN`,
  );
  relay.catch(() => undefined);
  await new Promise((r) => setTimeout(r, 300));
  await killer.query('SELECT pg_terminate_backend($1)', [pid]);
  await killer.end();
  await expect(relay).rejects.toThrow();
}

test('the source connection is killed midway: the relay fails and the target keeps nothing', async () => {
  await target.query('BEGIN');
  await killedMidway('source', 0.5, 50000);
  // The target either failed its COPY (usable) or was closed (it held half a message).
  const after = await fresh(DST);
  expect((await after.query('SELECT count(*)::int AS n FROM dst')).rows[0].n).toBe(0);
  await after.end();
}, 30_000);

test('the target connection is killed midway: the relay fails without waiting forever, the source stays usable', async () => {
  // The source keeps sending for a while after the target is gone.
  await killedMidway('target', 0.2, 40000);
  expect((await source.query('SELECT 1 AS one')).rows[0].one).toBe(1);
}, 30_000);

test('a slow target killed while its socket buffer is full: the relay fails instead of waiting for a drain that never comes', async () => {
  // Each row costs the target a millisecond (a trigger): the source outruns it, the target's
  // socket buffer fills, and the relay waits for it to drain when the target's backend dies.
  await target.query(`CREATE OR REPLACE FUNCTION slow_row() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN PERFORM pg_sleep(0.001); RETURN NEW; END $$`);
  await target.query(`CREATE TRIGGER slow_row BEFORE INSERT ON dst FOR EACH ROW EXECUTE FUNCTION slow_row()`);
  const pid = (target as unknown as { processID: number }).processID;
  const socket = (target as unknown as { connection: { stream: { writableLength: number; writableHighWaterMark: number } } }).connection.stream;
  const relay = relayCopy(source, `COPY src TO STDOUT`, target, `COPY dst FROM STDIN`);
  relay.catch(() => undefined);
  const started = Date.now();
  while (socket.writableLength < socket.writableHighWaterMark && Date.now() - started < 15_000) await new Promise((r) => setTimeout(r, 20));
  expect(socket.writableLength).toBeGreaterThanOrEqual(socket.writableHighWaterMark);
  const killer = await fresh(DST);
  await killer.query('SELECT pg_terminate_backend($1)', [pid]);
  await killer.end();
  await expect(relay).rejects.toThrow(/terminat|Connection/i);
  expect((await source.query('SELECT 1 AS one')).rows[0].one).toBe(1);
}, 60_000);
