import pg from 'pg';
import { Context, openContext, withDatabase } from '../../src/db/targets';
import { parseConfig } from '../../src/config';
import { createDatabases } from '../../src/create';
import { migrate } from '../../src/migrate';
import { LockTraceReport, traceLocks } from '../../src/migrate/trace';
import { traceJunit, traceLines } from '../../src/migrate/trace-report';
import { dropTestDatabases, testEnv } from '../helpers/context';
import { fixtureRegistry, migrationSource } from '../helpers/fixture-registry';

/**
 * migrate plan --locks on migrations whose locks PostgreSQL documents: ADD COLUMN with a
 * constant default takes ACCESS EXCLUSIVE and does not rewrite; a volatile default rewrites;
 * CREATE INDEX CONCURRENTLY (outside a transaction) takes SHARE UPDATE EXCLUSIVE; a plain
 * CREATE INDEX takes SHARE. The database itself is not changed and no scratch copy is left.
 */
describe('migrate plan --locks', () => {
  const fx = fixtureRegistry();
  let ctx: Context;
  let db: pg.Client;
  let report: LockTraceReport;
  beforeAll(async () => {
    const env = testEnv('t_mpl_');
    ctx = await openContext({ registry: fx.registry, config: parseConfig(env, fx.registry) });
    await dropTestDatabases(ctx);
    await createDatabases(ctx);
    fx.write('0001_t', migrationSource('CREATE TABLE t (id int PRIMARY KEY, v int)', 'DROP TABLE t'));
    expect((await migrate(ctx, 'latest')).databases[0].ok).toBe(true);
    db = new pg.Client({ connectionString: withDatabase(ctx.config.serverUrl!, ctx.targets[0].dbName) });
    await db.connect();
    await db.query('INSERT INTO t SELECT g, g % 7 FROM generate_series(1, 100) g');
    fx.write('0002_const_default', migrationSource('ALTER TABLE t ADD COLUMN c int NOT NULL DEFAULT 0', 'ALTER TABLE t DROP COLUMN c'));
    fx.write('0003_volatile_default', migrationSource('ALTER TABLE t ADD COLUMN u float8 DEFAULT random()', 'ALTER TABLE t DROP COLUMN u'));
    fx.write(
      '0004_cic',
      migrationSource('CREATE INDEX CONCURRENTLY ix_t_v ON t (v)', 'DROP INDEX CONCURRENTLY ix_t_v', 'export const config = { transaction: false };'),
    );
    fx.write('0005_plain_index', migrationSource('CREATE INDEX ix_t_c ON t (c)', 'DROP INDEX ix_t_c'));
    report = await traceLocks(ctx, { sample: 40, maxExclusiveMs: 60_000, minTableRows: 50 });
  }, 120_000);
  afterAll(async () => {
    await db?.end();
    await dropTestDatabases(ctx);
  });

  const migration = (name: string) => report.databases[0].migrations.find((m) => m.name === name)!;
  const locksOn = (name: string, table: string) =>
    migration(name)
      .statements.flatMap((s) => s.locks)
      .filter((l) => l.relation === table)
      .map((l) => l.mode);

  it('ADD COLUMN with a constant default: ACCESS EXCLUSIVE on the table, no rewrite', () => {
    expect(report.databases[0].error).toBeUndefined();
    expect(report.databases[0].sampledRows).toBe(40);
    expect(locksOn('0002_const_default', 't')).toContain('ACCESS EXCLUSIVE');
    expect(migration('0002_const_default').statements.flatMap((s) => s.rewritten)).toEqual([]);
    expect(migration('0002_const_default').statements.every((s) => s.observedBy === 'transaction')).toBe(true);
  });

  it('ADD COLUMN with a volatile default: the table is rewritten (its 40 sampled rows)', () => {
    expect(locksOn('0003_volatile_default', 't')).toContain('ACCESS EXCLUSIVE');
    expect(migration('0003_volatile_default').statements.flatMap((s) => s.rewritten)).toEqual([{ table: 't', rows: 40 }]);
    const held = migration('0003_volatile_default').held.find((h) => h.relation === 't')!;
    expect(held.mode).toBe('ACCESS EXCLUSIVE');
    expect(held.liveRows).toBe(100);
    expect(held.estimatedMs).toBe(Math.round((held.heldMs * 100) / 40));
  });

  it('CREATE INDEX CONCURRENTLY outside a transaction: SHARE UPDATE EXCLUSIVE, seen from a second session', () => {
    const m = migration('0004_cic');
    expect(m.transaction).toBe(false);
    const s = m.statements.find((x) => /CONCURRENTLY/i.test(x.sql))!;
    expect(s.observedBy).toBe('poll');
    expect(s.locks.filter((l) => l.relation === 't').map((l) => l.mode)).toEqual(['SHARE UPDATE EXCLUSIVE']);
  });

  it('a plain CREATE INDEX takes SHARE (writes wait): the lint finding Q005 is confirmed by the trace', () => {
    expect(locksOn('0005_plain_index', 't')).toContain('SHARE');
    const f = report.databases[0].findings.map((x) => [x.code, x.migration, x.confirmed]);
    expect(f).toEqual(
      expect.arrayContaining([
        ['Q013', '0003_volatile_default', true],
        ['Q005', '0005_plain_index', true],
      ]),
    );
    expect(f.filter(([code]) => code === 'Q009')).toEqual([]); // CONCURRENTLY runs outside a transaction
  });

  it('the database is untouched and no scratch copy is left', async () => {
    const cols = (
      await db.query(`SELECT attname FROM pg_attribute WHERE attrelid = 't'::regclass AND attnum > 0 AND NOT attisdropped ORDER BY attnum`)
    ).rows.map((r) => r.attname);
    expect(cols).toEqual(['id', 'v']);
    const scratch = report.databases[0].scratch!;
    expect(scratch).toMatch(new RegExp(`^zz_locks_.*_${ctx.targets[0].dbName}$`));
    const left = await db.query(`SELECT datname FROM pg_database WHERE datname LIKE 'zz\\_locks\\_%' AND datname LIKE $1`, [`%${ctx.targets[0].dbName}`]);
    expect(left.rows).toEqual([]);
  });

  it('CI: a rewrite under ACCESS EXCLUSIVE of a table above the size fails; the reports say so', async () => {
    expect(report.databases[0].violations).toEqual([]); // sampled: the hold scaled to 100 rows is far under 60 s
    const schemaOnly = await traceLocks(ctx, { sample: 0, maxExclusiveMs: 60_000, minTableRows: 50 });
    const d = schemaOnly.databases[0];
    expect(d.ok).toBe(false);
    expect(d.violations).toHaveLength(1);
    expect(d.violations[0]).toMatch(
      /0003_volatile_default holds ACCESS EXCLUSIVE on t \(100 rows\) for a rewrite of the whole table: its time at the real size is unknown/,
    );
    const xml = traceJunit(schemaOnly);
    expect(xml).toContain('<testcase classname="locks.fx_db" name="0002_const_default"/>');
    expect(xml).toMatch(/<testcase classname="locks.fx_db" name="0003_volatile_default">\s*<failure/);
    const text = traceLines(schemaOnly).join('\n');
    expect(text).toMatch(/lock SHARE UPDATE EXCLUSIVE on t/);
    expect(text).toMatch(/lint Q013 0003_volatile_default: .*\[confirmed: rewrote t\]/);
    // Bigger threshold on size: nothing counts as a big table.
    expect((await traceLocks(ctx, { sample: 0, minTableRows: 1000 })).databases[0].violations).toEqual([]);
  }, 120_000);
});
