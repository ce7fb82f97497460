import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildRegistry, loadRegistry, selectDatabases } from '../../src/registry';
import { guardDestructive, productionReasons } from '../../src/db/guard';
import { invalidDatabaseName } from '../../src/backup/restore';
import { makeDirSafe, writeFileChecked } from '../../src/util/fsx';
import { makeMigration } from '../../src/migrate';
import { repairCommand } from '../../src/seed/ledger';
import { failureMessage, isServerGone } from '../../src/util/pg-errors';
import { QuentyError } from '../../src/util/errors';

const entry = (name: string, service: string) => ({ name, service, description: name, references: [] });
const reg = buildRegistry([
  { source: '1', entry: entry('a_db', 'a') },
  { source: '2', entry: entry('b_db', 'b') },
]);
const names = (sel: Parameters<typeof selectDatabases>[1]) => selectDatabases(reg, sel).map((d) => d.name);

describe('--db selection (case 1)', () => {
  test('no selection means every database', () => {
    expect(names(undefined)).toEqual(['a_db', 'b_db']);
  });

  test.each(['', ' ', ',', ' , ', '\t'])('%j selects nothing: a USAGE error naming what was given and the valid names', (given) => {
    let err: unknown;
    try {
      selectDatabases(reg, given);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(QuentyError);
    expect((err as QuentyError).code).toBe('USAGE');
    expect((err as QuentyError).message).toContain(JSON.stringify(given));
    expect((err as QuentyError).hint).toContain('a_db');
    expect((err as QuentyError).hint).toContain('b_db');
  });

  test('an empty array is refused too', () => {
    expect(() => selectDatabases(reg, [])).toThrow(/selects no database/);
  });

  test('an empty item in a list is malformed', () => {
    expect(() => selectDatabases(reg, 'a_db,,b_db')).toThrow(/empty name/);
    expect(() => selectDatabases(reg, 'a_db,')).toThrow(/empty name/);
  });

  test('a name given twice is kept once, in first position', () => {
    expect(names('a_db,a_db')).toEqual(['a_db']);
    expect(names('b_db, a_db ,b_db')).toEqual(['b_db', 'a_db']);
    expect(names(['a_db', 'a_db'])).toEqual(['a_db']);
  });

  test('unknown names still name the known ones', () => {
    expect(() => selectDatabases(reg, 'zz_db')).toThrow(/unknown database "zz_db"/);
  });
});

describe('production guard', () => {
  const t = (url: string, dbName = 'x') => ({ name: 'x', dbName, url });
  test('NODE_ENV production, prod, prd (any case) count as production', () => {
    for (const env of ['production', 'prod', 'PRD', 'Production']) expect(productionReasons(env, [])).toEqual([`NODE_ENV=${env}`]);
    expect(productionReasons('development', [])).toEqual([]);
    expect(productionReasons('staging', [])).toEqual([]);
  });
  test('hosts and names with prod/prd/production as a word', () => {
    for (const host of ['prd-db', 'prod-db-1.internal', 'db.prd.example.com', 'production', 'pg-prod']) {
      expect(productionReasons(undefined, [t(`postgres://u:p@${host}:5432/x`)])).toHaveLength(1);
    }
    for (const host of ['products.local', 'localhost', 'prdx', 'reproduce-db']) {
      expect(productionReasons(undefined, [t(`postgres://u:p@${host}:5432/x`)])).toEqual([]);
    }
    expect(productionReasons(undefined, [t('postgres://u:p@localhost/prd_order_db', 'prd_order_db')])).toHaveLength(1);
  });
});

describe('destructive-command guard', () => {
  const ctx = (nodeEnv?: string) => ({ config: { nodeEnv } }) as never;
  const two = [
    { name: 'a_db', dbName: 'a_db', url: 'postgres://u@localhost/a_db' },
    { name: 'b_db', dbName: 'b_db', url: 'postgres://u@localhost/b_db' },
  ];
  test('more than one database without a terminal and without yes: refused, saying --yes', async () => {
    // jest's stdin is not a TTY: no default prompt.
    await expect(guardDestructive(ctx(), two, 'roll back', {})).rejects.toMatchObject({
      code: 'USAGE',
      message: expect.stringMatching(/without confirmation.*no terminal/),
      hint: expect.stringMatching(/--yes/),
    });
  });
  test('yes goes ahead; one database needs no confirmation', async () => {
    await expect(guardDestructive(ctx(), two, 'roll back', { yes: true })).resolves.toBeUndefined();
    await expect(guardDestructive(ctx(), two.slice(0, 1), 'roll back', {})).resolves.toBeUndefined();
  });
  test('the prompt names the action and the databases; only yes proceeds', async () => {
    const asked: string[] = [];
    const answer = (a: boolean) => async (q: string) => (asked.push(q), a);
    await expect(guardDestructive(ctx(), two, 'roll back', { confirm: answer(false) })).rejects.toThrow(/not confirmed/);
    await expect(guardDestructive(ctx(), two, 'roll back', { confirm: answer(true) })).resolves.toBeUndefined();
    expect(asked[0]).toMatch(/roll back on 2 databases \(a_db, b_db\)/);
  });
  test('production refuses even with yes, unless forced', async () => {
    await expect(guardDestructive(ctx('prod'), two, 'roll back', { yes: true })).rejects.toMatchObject({ code: 'PRODUCTION_GUARD' });
    await expect(guardDestructive(ctx('prod'), two, 'roll back', { yes: true, force: true })).resolves.toBeUndefined();
    const prdHost = [{ name: 'a_db', dbName: 'a_db', url: 'postgres://u@prd-db/a_db' }];
    await expect(guardDestructive(ctx(), prdHost, 'roll back', {})).rejects.toMatchObject({ code: 'PRODUCTION_GUARD' });
  });
});

describe('restore --into names (case 8)', () => {
  test('plain identifiers only', () => {
    expect(invalidDatabaseName('order_db_copy')).toBeUndefined();
    for (const bad of ['a#b', 'a?b', 'a;b', 'a b', 'a/b', '', '1abc', 'x'.repeat(64)]) expect(invalidDatabaseName(bad)).toBeDefined();
  });
});

describe('folders and files (cases 9, 10)', () => {
  test('a folder under /proc fails at once instead of spinning', () => {
    const t0 = Date.now();
    expect(() => makeDirSafe('/proc/nope/deeper', { code: 'BACKUP', what: 'backup folder' })).toThrow(/cannot create the backup folder \/proc\/nope\/deeper/);
    expect(Date.now() - t0).toBeLessThan(2000);
  });
  test('a file where a folder should be is named', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'h11-'));
    fs.writeFileSync(path.join(dir, 'f'), '');
    expect(() => makeDirSafe(path.join(dir, 'f', 'sub'))).toThrow(/is not a folder/);
    expect(() => writeFileChecked(path.join(dir, 'x'.repeat(300) + '.md'), 'hi', { what: 'report' })).toThrow(/cannot write the report .*name is too long/);
    const made = makeDirSafe(path.join(dir, 'a', 'b'), { mode: 0o700 });
    expect(fs.statSync(made).mode & 0o777).toBe(0o700);
    fs.rmSync(dir, { recursive: true, force: true });
  });
  test('migrate make refuses a name too long for a file, before writing anything', () => {
    const registry = loadRegistry();
    const db = registry.databases[0].name;
    const before = fs.readdirSync(registry.migrationsDir(db)).length;
    expect(() => makeMigration({ registry }, db, 'a'.repeat(300))).toThrow(/at most \d+/);
    expect(fs.readdirSync(registry.migrationsDir(db)).length).toBe(before);
  });
});

describe('seed ledger and server-gone errors', () => {
  test('the repair command repeats the run parameters', () => {
    expect(repairCommand('order_db', { seed: 7, anchor: '2026-01-01T00:00:00.000Z', totalRows: 400 })).toBe(
      'quenty-db seed --reset --db order_db --seed 7 --rows 400 --now 2026-01-01T00:00:00.000Z',
    );
  });
  test('connection losses are told apart from statement errors', () => {
    expect(isServerGone(Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' }))).toBe(true);
    expect(isServerGone(new Error('Connection terminated unexpectedly'))).toBe(true);
    expect(isServerGone(new TypeError("Cannot read properties of null (reading 'stream')"))).toBe(true);
    expect(isServerGone(Object.assign(new Error('relation "x" does not exist'), { code: '42P01' }))).toBe(false);
  });
  test("a connection loss's message says the server went away (pg's own words do not), once", () => {
    expect(failureMessage(new Error('Client has encountered a connection error and is not queryable'))).toBe(
      'the server went away: Client has encountered a connection error and is not queryable',
    );
    expect(failureMessage(new Error('order_db: the server went away during the seed'))).toBe('order_db: the server went away during the seed');
    expect(failureMessage(new Error('relation "x" does not exist'))).toBe('relation "x" does not exist');
  });
});
