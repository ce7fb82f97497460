import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  runIdFor,
  runDate,
  dumpFileName,
  parseFileName,
  globalsFileName,
  fitIdentifier,
  restoreName,
  planPrune,
  planGlobals,
  statementRoles,
  parseToolVersion,
  checkToolVersion,
  toolCandidates,
  findTool,
  pgEnv,
  runStatus,
  compareCounts,
  parseArchiveList,
  combineChecksums,
  listRuns,
  checksumPath,
  CONSISTENCY_NOTE,
  MANIFEST_FORMAT,
  orderBySize,
  Manifest,
} from '../../src/backup';

describe('naming', () => {
  test('run ids are UTC YYYYmmdd_HHMMSS and round-trip', () => {
    const d = new Date(Date.UTC(2026, 0, 2, 3, 4, 5));
    expect(runIdFor(d)).toBe('20260102_030405');
    expect(runDate('20260102_030405')!.getTime()).toBe(d.getTime());
    expect(runDate('20261332_000000')).toBeUndefined();
    expect(runDate('nope')).toBeUndefined();
  });
  test('file names follow the spec and parse back', () => {
    expect(dumpFileName('order_db', '20260102_030405', 'custom')).toBe('order_db_20260102_030405.backup');
    expect(dumpFileName('order_db', '20260102_030405', 'directory')).toBe('order_db_20260102_030405.dir');
    expect(parseFileName('intl_shipping_db_20260102_030405.backup')).toEqual({
      kind: 'dump',
      database: 'intl_shipping_db',
      runId: '20260102_030405',
      format: 'custom',
      partial: false,
    });
    expect(parseFileName('order_db_20260102_030405.backup.partial')).toMatchObject({ kind: 'dump', partial: true });
    expect(parseFileName('manifest_20260102_030405.json')).toEqual({ kind: 'manifest', runId: '20260102_030405', partial: false });
    expect(parseFileName('globals_20260102_030405.sql')).toMatchObject({ kind: 'globals' });
    expect(parseFileName('globals_20260102_030405.json')).toBeUndefined();
    // One roles file per server when a run covers several servers.
    expect(globalsFileName('20260102_030405')).toBe('globals_20260102_030405.sql');
    expect(globalsFileName('20260102_030405', 2)).toBe('globals_20260102_030405_s2.sql');
    expect(parseFileName('globals_20260102_030405_s2.sql')).toEqual({ kind: 'globals', runId: '20260102_030405', partial: false });
    expect(parseFileName('globals_20260102_030405_s2.sql.partial')).toMatchObject({ kind: 'globals', partial: true });
    expect(parseFileName('manifest_20260102_030405_s2.json')).toBeUndefined();
    expect(parseFileName('globals_20260102_030405_s0.sql')).toBeUndefined();
    expect(parseFileName('notes.txt')).toBeUndefined();
    expect(parseFileName('other.backup')).toBeUndefined();
    expect(parseFileName('Order_db_20260102_030405.backup')).toBeUndefined();
  });
  test('restore names fit in 63 bytes', () => {
    expect(restoreName('order_db', new Date(Date.UTC(2026, 0, 2, 3, 4, 5)))).toBe('order_db_restore_20260102_030405');
    const long = fitIdentifier('p'.repeat(20) + 'reverse_logistics_db_with_a_long_name', '_restore_20260102_030405');
    expect(Buffer.byteLength(long)).toBeLessThanOrEqual(63);
    expect(long.endsWith('_restore_20260102_030405')).toBe(true);
  });
});

describe('dump order', () => {
  test('largest databases first; unknown sizes last; ties keep registry order', () => {
    const t = (dbName: string) => ({ dbName, server: 'h:1' });
    const list = [t('a'), t('b'), t('c'), t('d')];
    const sizes = new Map([
      ['h:1/a', 10],
      ['h:1/b', 30],
      ['h:1/d', 10],
    ]);
    expect(orderBySize(list, sizes).map((x) => x.dbName)).toEqual(['b', 'a', 'd', 'c']);
  });
});

describe('prune planning', () => {
  const now = new Date(Date.UTC(2026, 5, 30));
  const run = (runId: string, status: 'verified' | 'good' | 'partial' | 'incomplete' = 'good') => ({
    runId,
    startedAt: runDate(runId)!,
    status,
    files: [`manifest_${runId}.json`],
  });
  test('deletes runs older than keep-days only', () => {
    const plan = planPrune([run('20260601_000000'), run('20260501_000000'), run('20260401_000000')], { keepDays: 30, keepLast: 0, now });
    expect(plan.map((p) => [p.runId, p.action])).toEqual([
      ['20260601_000000', 'keep'],
      ['20260501_000000', 'delete'],
      ['20260401_000000', 'delete'],
    ]);
  });
  test('never deletes the newest verified run, however old', () => {
    const plan = planPrune([run('20260101_000000', 'verified'), run('20250101_000000', 'verified'), run('20260301_000000', 'good')], {
      keepDays: 30,
      keepLast: 0,
      now,
    });
    expect(plan.find((p) => p.runId === '20260101_000000')).toMatchObject({ action: 'keep', reason: 'newest verified run' });
    expect(plan.find((p) => p.runId === '20250101_000000')!.action).toBe('delete');
    expect(plan.find((p) => p.runId === '20260301_000000')!.action).toBe('delete');
  });
  test('keep-last keeps the N newest whatever their age', () => {
    const plan = planPrune([run('20200101_000000'), run('20200201_000000'), run('20200301_000000')], { keepDays: 30, keepLast: 2, now });
    expect(plan.filter((p) => p.action === 'keep').map((p) => p.runId)).toEqual(['20200301_000000', '20200201_000000']);
  });
  test('--keep-days 0 never deletes an incomplete run (a backup in progress) younger than 24 hours', () => {
    // now = 2026-06-30T00:00Z: one started 10 minutes ago (running), one 23 h ago, one 25 h ago (interrupted long since)
    const plan = planPrune(
      [run('20260629_235000', 'incomplete'), run('20260629_010000', 'incomplete'), run('20260628_230000', 'incomplete'), run('20260629_235500', 'good')],
      { keepDays: 0, keepLast: 0, now },
    );
    const action = (id: string) => plan.find((p) => p.runId === id)!;
    expect(action('20260629_235000')).toMatchObject({ action: 'keep', reason: expect.stringMatching(/incomplete and younger than 24 hours/) });
    expect(action('20260629_010000').action).toBe('keep');
    expect(action('20260628_230000').action).toBe('delete');
    expect(action('20260629_235500').action).toBe('delete');
  });
  test('rejects nonsense', () => {
    expect(() => planPrune([], { keepDays: -1, keepLast: 0, now })).toThrow(/keep-days/);
    expect(() => planPrune([], { keepDays: 1, keepLast: 1.5, now })).toThrow(/keep-last/);
  });
});

describe('globals', () => {
  const dump = [
    '--',
    '-- PostgreSQL database cluster dump',
    'SET default_transaction_read_only = off;',
    'CREATE ROLE postgres;',
    "ALTER ROLE postgres WITH SUPERUSER INHERIT CREATEROLE CREATEDB LOGIN REPLICATION BYPASSRLS PASSWORD 'SCRAM-SHA-256$4096:x';",
    'CREATE ROLE t_auth;',
    "ALTER ROLE t_auth WITH NOSUPERUSER INHERIT NOCREATEROLE NOCREATEDB LOGIN NOREPLICATION NOBYPASSRLS PASSWORD 'SCRAM-SHA-256$4096:y';",
    'CREATE ROLE "Odd ""Name""";',
    'GRANT t_auth TO postgres GRANTED BY postgres;',
    "CREATE TABLESPACE x OWNER postgres LOCATION '/tmp';",
  ].join('\n');
  test('statementRoles reads plain and quoted names', () => {
    expect(statementRoles('CREATE ROLE "Odd ""Name""";')).toEqual(['Odd "Name"']);
    expect(statementRoles('ALTER ROLE t_auth WITH LOGIN;')).toEqual(['t_auth']);
    expect(statementRoles('GRANT a TO b GRANTED BY c;')).toEqual(['a', 'b']);
    expect(statementRoles('CREATE TABLESPACE x;')).toEqual([]);
  });
  test('planGlobals keeps only the chosen roles', () => {
    const p = planGlobals(dump, new Set(['t_auth']));
    expect(p.roles).toEqual(['t_auth']);
    expect(p.statements.map((s) => s.sql.slice(0, 20))).toEqual(['CREATE ROLE t_auth;', 'ALTER ROLE t_auth WI']);
    const all = planGlobals(dump);
    expect(all.roles).toEqual(['postgres', 't_auth', 'Odd "Name"']);
    expect(all.statements.some((s) => /TABLESPACE|^SET/.test(s.sql))).toBe(false);
  });
});

describe('tools', () => {
  test('parses tool versions', () => {
    expect(parseToolVersion('pg_dump (PostgreSQL) 15.18 (Debian 15.18-0+deb12u1)')).toEqual({ major: 15, version: '15.18' });
    expect(parseToolVersion('pg_dump (PostgreSQL) 17beta1')).toEqual({ major: 17, version: '17' });
    expect(parseToolVersion('garbage')).toBeUndefined();
  });
  test('a pg_dump older than the server is refused, naming the package', () => {
    expect(() => checkToolVersion('pg_dump', 14, 150018, 'order_db')).toThrow(/pg_dump 14 is older than the server of order_db \(PostgreSQL 15\)/);
    try {
      checkToolVersion('pg_dump', 14, 160002, 'order_db');
    } catch (e) {
      expect((e as { hint: string }).hint).toMatch(/postgresql-client-16/);
    }
    expect(() => checkToolVersion('pg_dump', 15, 150018, 'order_db')).not.toThrow();
    expect(() => checkToolVersion('pg_dump', 16, 150018, 'order_db')).not.toThrow();
  });
  test('candidates: QUENTY_PG_BIN alone, else PATH then Debian folders newest first', () => {
    expect(toolCandidates('pg_dump', { QUENTY_PG_BIN: '/opt/pg/bin', PATH: '/usr/bin' })).toEqual(['/opt/pg/bin/pg_dump']);
    expect(toolCandidates('pg_dump', { PATH: '/a:/b' }, ['13', '16', '15'])).toEqual([
      '/a/pg_dump',
      '/b/pg_dump',
      '/usr/lib/postgresql/16/bin/pg_dump',
      '/usr/lib/postgresql/15/bin/pg_dump',
      '/usr/lib/postgresql/13/bin/pg_dump',
    ]);
  });
  test('a missing tool names the Debian package', () => {
    expect(() => findTool('pg_dump', { QUENTY_PG_BIN: '/nonexistent' })).toThrow(/pg_dump not found/);
    try {
      findTool('pg_dump', { QUENTY_PG_BIN: '/nonexistent' });
    } catch (e) {
      expect((e as { code: string; hint: string }).code).toBe('TOOL_MISSING');
      expect((e as { hint: string }).hint).toMatch(/apt-get install postgresql-client/);
    }
  });
  test('the password goes to PGPASSWORD only', () => {
    const env = pgEnv('postgres://admin:s3cr3t@db.example:6543/postgres?sslmode=require', 'order_db');
    expect(env).toMatchObject({ PGHOST: 'db.example', PGPORT: '6543', PGUSER: 'admin', PGPASSWORD: 's3cr3t', PGDATABASE: 'order_db', PGSSLMODE: 'require' });
  });
});

describe('manifest and verification helpers', () => {
  const manifest = (over: Partial<Manifest> = {}): Manifest => ({
    format: MANIFEST_FORMAT,
    runId: '20260102_030405',
    status: 'complete',
    startedAt: '',
    consistency: CONSISTENCY_NOTE,
    dumpFormat: 'custom',
    prefix: '',
    tool: {},
    databases: [{ database: 'a_db', dbName: 'a_db', server: 'h:1', ok: true, file: 'a_db_20260102_030405.backup', format: 'custom', startedAt: '' }],
    ...over,
  });
  test('run status', () => {
    const files = new Set(['a_db_20260102_030405.backup']);
    expect(runStatus(undefined, undefined, files)).toBe('orphan');
    expect(runStatus(manifest({ status: 'running' }), undefined, files)).toBe('incomplete');
    expect(runStatus(manifest(), undefined, files)).toBe('good');
    expect(runStatus(manifest(), undefined, new Set())).toBe('partial');
    expect(runStatus(manifest({ status: 'partial' }), undefined, files)).toBe('partial');
    expect(runStatus(manifest({ status: 'failed' }), undefined, files)).toBe('failed');
    expect(runStatus(manifest(), { runId: '', ok: true, verifiedAt: '', databases: [] }, files)).toBe('verified');
    expect(runStatus(manifest(), { runId: '', ok: false, verifiedAt: '', databases: [] }, files)).toBe('verify-failed');
  });
  test('the consistency note says the run is not one point in time', () => {
    expect(CONSISTENCY_NOTE).toMatch(/NOT one\s+consistent point in time/);
  });
  test('compareCounts reports differing and missing tables', () => {
    const t = (table: string, rows: number) => ({ schema: 'public', table, kind: 'r' as const, rows });
    expect(compareCounts([t('a', 1), t('b', 2), t('c', 3)], [t('a', 1), t('b', 5)])).toEqual([
      { table: 'public.b', expected: 2, actual: 5 },
      { table: 'public.c', expected: 3, actual: null },
    ]);
  });
  test('parseArchiveList counts entries and table data', () => {
    const out = ';\n; Archive created at\n;\n215; 1259 16386 TABLE public users admin\n3390; 0 16386 TABLE DATA public users admin\n';
    expect(parseArchiveList(out)).toEqual({ entries: 2, tableData: 1 });
  });
  test('checksums of files and directories; listRuns groups our files only', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qb-unit-'));
    const d = path.join(dir, 'a_db_20260102_030405.dir');
    fs.mkdirSync(d);
    fs.writeFileSync(path.join(d, 'toc.dat'), 'abc');
    fs.writeFileSync(path.join(d, '1.dat.gz'), 'xyz');
    const sum = await checksumPath(d);
    expect(sum.size).toBe(6);
    expect(sum.sha256).toBe(combineChecksums(sum.files!));
    expect(sum.files!.map((f) => f.name)).toEqual(['1.dat.gz', 'toc.dat']);
    const single = await checksumPath(path.join(d, 'toc.dat'));
    expect(single.sha256).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    fs.writeFileSync(
      path.join(dir, 'manifest_20260102_030405.json'),
      JSON.stringify(manifest({ dumpFormat: 'directory', databases: [{ ...manifest().databases[0], file: 'a_db_20260102_030405.dir', format: 'directory' }] })),
    );
    fs.writeFileSync(path.join(dir, 'b_db_20260101_000000.backup.partial'), 'x');
    fs.writeFileSync(path.join(dir, 'notes.txt'), 'x');
    const runs = listRuns(dir);
    expect(runs.map((r) => [r.runId, r.status])).toEqual([
      ['20260102_030405', 'good'],
      ['20260101_000000', 'orphan'],
    ]);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
