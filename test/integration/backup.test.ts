import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { Context, withClient, withDatabase, quoteIdent } from '../../src/db/targets';
import { createDatabases } from '../../src/create';
import { auditRole } from '../../src/db/credentials';
import { migrate } from '../../src/migrate';
import { seed } from '../../src/seed';
import {
  createBackup,
  verifyBackup,
  restoreDatabase,
  restoreGlobals,
  pruneBackups,
  listRuns,
  readManifest,
  manifestFileName,
  CONSISTENCY_NOTE,
} from '../../src/backup';
import { testContext, dropTestDatabases, CLI } from '../helpers/context';
import { tableChecksums } from '../helpers/checksums';
import { describeWithTool } from '../helpers/prerequisites';

const PREFIX = 't_bk_';
/** analytics_db and auth_db get rows by plain SQL below; order_db and microcredit_db from the seeder. */
const DBS = ['analytics_db', 'auth_db', 'order_db', 'microcredit_db'];
const SEEDED = ['order_db', 'microcredit_db'];
let ctx: Context;
let dir: string;
const extraDbs: string[] = [];

async function sql(db: string, text: string, params: unknown[] = []) {
  return withClient(ctx.target(db).url, db, (c) => c.query(text, params));
}

async function partitionsOf(url: string, parent: string): Promise<string[]> {
  return withClient(url, 'partitions', async (c) =>
    (await c.query(`SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = $1::regclass ORDER BY 1`, [parent])).rows.map(
      (r) => r.relname,
    ),
  );
}

// Without the PostgreSQL client tools (and without root to install them) skipped with the reason;
// with CI=true a failure (test/helpers/prerequisites.ts).
describeWithTool('pg_dump', 'backups with pg_dump and pg_restore', () => {
  beforeAll(async () => {
    ctx = await testContext(PREFIX);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'quenty-bk-'));
    await dropTestDatabases(ctx);
    const created = (await createDatabases(ctx, { databases: DBS })).databases;
    expect(created.every((c) => c.ok)).toBe(true);
    const migrated = (await migrate(ctx, 'latest', { databases: DBS })).databases;
    expect(migrated.every((m) => m.ok)).toBe(true);
    const seeded = await seed(ctx, { databases: SEEDED, scale: 'tiny', workers: 0 });
    expect(seeded.databases.filter((d) => !d.ok)).toEqual([]);
    // A monthly partition of our own beside DEFAULT; rows in both.
    await sql('analytics_db', `CREATE TABLE IF NOT EXISTS metrics_p2026_01 PARTITION OF metrics FOR VALUES FROM ('2026-01-01') TO ('2026-02-01')`);
    await sql(
      'analytics_db',
      `INSERT INTO metrics (metric_id, metric_type, name, value, tags, timestamp, created_at)
     SELECT 'm' || g, CASE WHEN g % 3 = 0 THEN 'gauge' ELSE 'counter' END, 'metric ' || g, g * 1.5,
            jsonb_build_object('k', g % 7, 'ñ', 'señal'), timestamptz '2026-01-01' + g * interval '7 minutes',
            timestamptz '2026-01-01' + g * interval '13 minutes'
       FROM generate_series(1, 3000) g`,
    );
    await sql(
      'analytics_db',
      `INSERT INTO dashboards (dashboard_id, name, widgets, owner_id) SELECT 'd' || g, 'Tablero ' || g, '[{"w":1}]', 'u' || g FROM generate_series(1, 50) g`,
    );
    await sql(
      'auth_db',
      `INSERT INTO users (user_id, username, email, password_hash, first_name, phone)
     SELECT 'u' || g, 'user' || g, 'user' || g || '@example.mx', md5(g::text), 'José ' || g, CASE WHEN g % 5 = 0 THEN NULL ELSE '+52 55 ' || g END
       FROM generate_series(1, 500) g`,
    );
  });

  afterAll(async () => {
    if (!ctx) return;
    for (const name of extraDbs) {
      await withClient(ctx.targets[0].maintenanceUrl, 'cleanup', (c) => c.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`)).catch(
        () => undefined,
      );
    }
    await dropTestDatabases(ctx);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  describe('backup create → verify → restore', () => {
    let runId: string;

    test('create writes one custom-format dump per database, the roles, and a manifest with exact counts', async () => {
      const res = await createBackup(ctx, { databases: DBS, dir, jobs: 2 });
      expect(res.ok).toBe(true);
      const m = res.manifest;
      runId = m.runId;
      expect(m.status).toBe('complete');
      expect(m.consistency).toBe(CONSISTENCY_NOTE);
      expect(m.consistency).toMatch(/NOT one consistent point in time/);
      for (const d of m.databases) {
        expect(d.ok).toBe(true);
        expect(d.file).toBe(`${d.database}_${m.runId}.backup`);
        expect(fs.statSync(path.join(dir, d.file!)).size).toBe(d.size);
        expect(d.sha256).toMatch(/^[0-9a-f]{64}$/);
        expect(d.serverVersion).toMatch(/^15\./);
        expect(d.toolVersion).toMatch(/^\d+\.\d+/);
        expect(d.rowCounts).toBe('exact');
        expect(d.snapshot).toBeTruthy();
      }
      const analytics = m.databases.find((d) => d.database === 'analytics_db')!;
      const metrics = analytics.tables!.find((t) => t.table === 'metrics')!;
      expect(metrics).toMatchObject({ kind: 'p', rows: 3000 });
      const parts = analytics.tables!.filter((t) => t.parent === 'metrics');
      expect(parts.map((p) => p.table)).toEqual(expect.arrayContaining(['metrics_default', 'metrics_p2026_01']));
      expect(parts.reduce((s, p) => s + p.rows, 0)).toBe(3000);
      expect(analytics.tables!.find((t) => t.table === 'dashboards')!.rows).toBe(50);
      expect(m.globals?.ok).toBe(true);
      const globals = fs.readFileSync(path.join(dir, m.globals!.file!), 'utf8');
      expect(globals).toContain(`CREATE ROLE ${PREFIX}analytics`);
      expect(fs.statSync(path.join(dir, m.globals!.file!)).mode & 0o077).toBe(0);
      expect(fs.readdirSync(dir).filter((f) => f.endsWith('.partial'))).toEqual([]);
      expect(listRuns(dir)[0]).toMatchObject({ runId, status: 'good' });
    });

    test('verify checks checksums, lists the archive, restores into scratch and compares counts', async () => {
      const report = await verifyBackup(ctx, { run: 'latest', dir });
      expect(report.ok).toBe(true);
      for (const d of report.databases) {
        expect(d).toMatchObject({ ok: true, checksum: 'ok', restored: true, mismatches: [] });
        expect(d.archiveEntries).toBeGreaterThan(10);
      }
      expect(report.globals).toEqual({ ok: true, checksum: 'ok' });
      expect(listRuns(dir)[0]).toMatchObject({ runId, status: 'verified' });
      // Scratch databases are gone.
      const left = await withClient(ctx.targets[0].maintenanceUrl, 'x', (c) =>
        c.query(`SELECT datname FROM pg_database WHERE datname LIKE $1`, [`${PREFIX}qv_%`]),
      );
      expect(left.rows).toEqual([]);
    });

    test('restore into a new database: every table equal to the original (content checksums), partitions included', async () => {
      const t = ctx.target('analytics_db');
      const into = `${PREFIX}analytics_restored`;
      extraDbs.push(into);
      const r = await restoreDatabase(ctx, 'analytics_db', { dir, into });
      expect(r).toMatchObject({ into, replaced: false, checksum: 'ok', runId });
      const original = await tableChecksums(t.url);
      const restored = await tableChecksums(withDatabase(t.url, into));
      expect(Object.keys(original).length).toBeGreaterThan(3);
      expect(restored).toEqual(original);
      expect(original.metrics.startsWith('3000:')).toBe(true);
      expect(await partitionsOf(withDatabase(t.url, into), 'metrics')).toEqual(await partitionsOf(t.url, 'metrics'));
      // The default name: <db>_restore_<time>.
      const r2 = await restoreDatabase(ctx, 'auth_db', { dir });
      extraDbs.push(r2.into);
      expect(r2.into).toMatch(new RegExp(`^${PREFIX}auth_db_restore_\\d{8}_\\d{6}$`));
      expect(await tableChecksums(withDatabase(t.url, r2.into))).toEqual(await tableChecksums(ctx.target('auth_db').url));
      // The seeded databases, partitioned tables included.
      for (const db of SEEDED) {
        const into2 = `${PREFIX}${db}_restored`;
        extraDbs.push(into2);
        await restoreDatabase(ctx, db, { dir, into: into2 });
        const orig = await tableChecksums(ctx.target(db).url);
        expect(Object.values(orig).filter((v) => !v.startsWith('0:')).length).toBeGreaterThan(2);
        expect(await tableChecksums(withDatabase(t.url, into2))).toEqual(orig);
        for (const p of ctx.registry.get(db).partitioned) {
          const parts = await partitionsOf(ctx.target(db).url, p.table);
          expect(parts.length).toBeGreaterThan(1);
          expect(await partitionsOf(withDatabase(t.url, into2), p.table)).toEqual(parts);
        }
      }
    });

    test('restore --replace needs confirmation, then swaps the backup in', async () => {
      await expect(restoreDatabase(ctx, 'auth_db', { dir, replace: true })).rejects.toMatchObject({ code: 'USAGE' });
      const before = await tableChecksums(ctx.target('auth_db').url);
      const t = ctx.target('auth_db');
      await withClient(ctx.targets[0].maintenanceUrl, 'x', async (c) => {
        await c.query(`ALTER DATABASE ${quoteIdent(t.dbName)} SET work_mem = '8MB'`);
        await c.query(`ALTER ROLE ${quoteIdent(t.role)} IN DATABASE ${quoteIdent(t.dbName)} SET statement_timeout = '5s'`);
      });
      const databaseState = () =>
        withClient(ctx.targets[0].maintenanceUrl, 'x', async (c) => ({
          datacl: (await c.query(`SELECT datacl::text[] AS acl FROM pg_database WHERE datname = $1`, [t.dbName])).rows[0].acl,
          settings: (
            await c.query(
              `SELECT coalesce(r.rolname, '') AS role, s.setconfig FROM pg_db_role_setting s JOIN pg_database d ON d.oid = s.setdatabase
               LEFT JOIN pg_roles r ON r.oid = s.setrole WHERE d.datname = $1 ORDER BY 1`,
              [t.dbName],
            )
          ).rows,
          privileges: (
            await c.query(
              `SELECT r.rolname, has_database_privilege(r.rolname, $1, 'CONNECT') AS connect, has_database_privilege(r.rolname, $1, 'CREATE') AS create,
                    has_database_privilege(r.rolname, $1, 'TEMPORARY') AS temp
               FROM pg_roles r WHERE r.rolname = ANY($2) ORDER BY 1`,
              [t.dbName, [t.role, `${PREFIX}audit`, `${PREFIX}order`]],
            )
          ).rows,
        }));
      const state = await databaseState();
      expect(state.datacl).toEqual([`${t.role}=Tc/${t.role}`, `${PREFIX}audit=c/${t.role}`]);
      expect(state.settings).toHaveLength(2);
      await sql('auth_db', `INSERT INTO users (user_id, username, email, password_hash) VALUES ('late', 'late', 'late@x.mx', 'x')`);
      const r = await restoreDatabase(ctx, 'auth_db', { dir, replace: true, confirmed: true });
      expect(r).toMatchObject({ replaced: true, into: ctx.target('auth_db').dbName });
      expect(await tableChecksums(ctx.target('auth_db').url)).toEqual(before);
      // Database-level grants and settings are not in a dump: the same as before the replace.
      expect(await databaseState()).toEqual(state);
      // The service role still owns the database and can connect.
      const owner = await withClient(ctx.targets[0].maintenanceUrl, 'x', (c) =>
        c.query(`SELECT pg_get_userbyid(datdba) AS o FROM pg_database WHERE datname = $1`, [ctx.target('auth_db').dbName]),
      );
      expect(owner.rows[0].o).toBe(`${PREFIX}auth`);
    });

    test('restore refuses a file of another database, naming both (exit 2)', async () => {
      const customerLike = path.join(dir, `analytics_db_${runId}.backup`);
      await expect(restoreDatabase(ctx, 'auth_db', { dir, from: customerLike, replace: true, confirmed: true })).rejects.toMatchObject({
        code: 'USAGE',
        message: expect.stringMatching(/analytics_db_\d{8}_\d{6}\.backup is a backup of analytics_db, not of auth_db/),
      });
      // A file of another name: the archive's own database name tells.
      const other = fs.mkdtempSync(path.join(os.tmpdir(), 'quenty-bk-other-'));
      const renamed = path.join(other, 'copy.backup');
      fs.copyFileSync(customerLike, renamed);
      extraDbs.push(`${PREFIX}never2`);
      await expect(restoreDatabase(ctx, 'auth_db', { from: renamed, into: `${PREFIX}never2` })).rejects.toMatchObject({
        code: 'USAGE',
        message: expect.stringMatching(/backup of analytics_db/),
      });
      let code = 0;
      let stderr = '';
      try {
        execFileSync(CLI, ['restore', 'auth_db', '--from', customerLike, '--replace', '--yes', '--dir', dir], {
          env: { ...process.env, ...cliEnv() },
          stdio: ['ignore', 'pipe', 'pipe'],
        });
      } catch (e) {
        code = (e as { status: number }).status;
        stderr = String((e as { stderr: Buffer }).stderr);
      }
      expect(code).toBe(2);
      expect(stderr).toMatch(/analytics_db.*auth_db/);
      fs.rmSync(other, { recursive: true, force: true });
    });

    test('the CLI refuses --replace without --yes when there is no terminal (exit 2)', () => {
      let code = 0;
      let stderr = '';
      try {
        execFileSync(CLI, ['restore', 'auth_db', '--replace', '--dir', dir], { env: { ...process.env, ...cliEnv() }, stdio: ['ignore', 'pipe', 'pipe'] });
      } catch (e) {
        code = (e as { status: number }).status;
        stderr = String((e as { stderr: Buffer }).stderr);
      }
      expect(code).toBe(2);
      expect(stderr).toMatch(/--yes/);
    });
  });

  function cliEnv(): Record<string, string> {
    return { QUENTY_DATABASE_URL: process.env.QUENTY_TEST_DATABASE_URL!, QUENTY_DB_PREFIX: PREFIX, QUENTY_HOME: ctx.config.home, NO_COLOR: '1' };
  }

  describe('failures', () => {
    test('a dump that fails midway leaves no file that list shows as good', async () => {
      const fake = path.join(dir, 'fake_pg_dump.sh');
      fs.writeFileSync(
        fake,
        `#!/bin/sh\nif [ "$1" = "--version" ]; then exec pg_dump --version; fi\n` +
          `for a in "$@"; do case "$a" in --file=*) f="\${a#--file=}";; esac; done\n` +
          `head -c 100000 /dev/urandom > "$f"\necho "pg_dump: error: could not write to output file: No space left on device" >&2\nexit 1\n`,
        { mode: 0o755 },
      );
      const res = await createBackup(ctx, { databases: ['auth_db'], dir, globals: false, tools: { pg_dump: fake } });
      expect(res.ok).toBe(false);
      expect(res.manifest.status).toBe('failed');
      expect(res.manifest.databases[0].error).toMatch(/disk full/);
      expect(fs.readdirSync(dir).filter((f) => f.includes(res.manifest.runId) && !f.startsWith('manifest_'))).toEqual([]);
      const run = listRuns(dir).find((r) => r.runId === res.manifest.runId)!;
      expect(run.status).toBe('failed');
      expect(res.manifest.databases[0].hint).toMatch(/partial file was removed/);
      // A restore of latest skips that run and finds the last good file.
      const found = await restoreDatabase(ctx, 'auth_db', { dir, into: `${PREFIX}auth_after_fail` });
      extraDbs.push(found.into);
      expect(found.runId).not.toBe(res.manifest.runId);
      fs.unlinkSync(fake);
    });

    test('an unreachable database fails alone; the others still back up', async () => {
      // customer_db was never created under this prefix.
      const res = await createBackup(ctx, { databases: ['customer_db', 'auth_db'], dir, globals: false });
      expect(res.manifest.status).toBe('partial');
      const [customer, auth] = res.manifest.databases;
      expect(customer.ok).toBe(false);
      expect(customer.error).toMatch(/customer_db/);
      expect(auth.ok).toBe(true);
      expect(fs.existsSync(path.join(dir, auth.file!))).toBe(true);
    });

    test('a corrupted file fails verify on its checksum', async () => {
      const res = await createBackup(ctx, { databases: ['auth_db'], dir, globals: false });
      const file = path.join(dir, res.manifest.databases[0].file!);
      const buf = fs.readFileSync(file);
      buf[Math.floor(buf.length / 2)] ^= 0xff;
      fs.writeFileSync(file, buf);
      const report = await verifyBackup(ctx, { run: res.manifest.runId, dir });
      expect(report.ok).toBe(false);
      expect(report.databases[0]).toMatchObject({ ok: false, checksum: 'mismatch' });
      expect(listRuns(dir).find((r) => r.runId === res.manifest.runId)!.status).toBe('verify-failed');
      await expect(restoreDatabase(ctx, 'auth_db', { dir, from: file, into: `${PREFIX}never` })).rejects.toMatchObject({ code: 'CHECKSUM' });
    });

    test('the globals file is 0600 from the moment pg_dumpall opens it, even with a permissive umask', async () => {
      const fake = path.join(dir, 'spy_pg_dumpall.sh');
      const seen = path.join(dir, 'spy_mode.txt');
      fs.writeFileSync(
        fake,
        `#!/bin/sh\nif [ "$1" = "--version" ]; then exec pg_dumpall --version; fi\n` +
          `for a in "$@"; do case "$a" in --file=*) f="\${a#--file=}";; esac; done\n` +
          `stat -c %a "$f" > "${seen}" 2>&1 || echo missing > "${seen}"\nexec pg_dumpall "$@"\n`,
        { mode: 0o755 },
      );
      const old = process.umask(0o000);
      try {
        const res = await createBackup(ctx, { databases: ['auth_db'], dir, tools: { pg_dumpall: fake } });
        expect(res.manifest.globals?.ok).toBe(true);
        expect(fs.readFileSync(seen, 'utf8').trim()).toBe('600');
        expect(fs.statSync(path.join(dir, res.manifest.globals!.file!)).mode & 0o777).toBe(0o600);
      } finally {
        process.umask(old);
        fs.rmSync(fake, { force: true });
        fs.rmSync(seen, { force: true });
      }
    });

    test('a pg_dump older than the server is refused for that database, naming the package', async () => {
      const fake = path.join(dir, 'old_pg_dump.sh');
      fs.writeFileSync(fake, '#!/bin/sh\necho "pg_dump (PostgreSQL) 14.11"\nexit 0\n', { mode: 0o755 });
      const res = await createBackup(ctx, { databases: ['auth_db'], dir, globals: false, tools: { pg_dump: fake } });
      expect(res.ok).toBe(false);
      expect(res.manifest.databases[0].error).toMatch(/pg_dump 14 is older than the server of auth_db \(PostgreSQL 15\)/);
      fs.unlinkSync(fake);
    });

    test('restore stops at the first error and leaves no half-restored database', async () => {
      const good = listRuns(dir).find((r) => r.status === 'verified' && r.manifest!.dumpFormat === 'custom')!;
      const src = path.join(dir, `analytics_db_${good.runId}.backup`);
      const other = fs.mkdtempSync(path.join(os.tmpdir(), 'quenty-bk-trunc-'));
      const truncated = path.join(other, 'cut.backup');
      const buf = fs.readFileSync(src);
      fs.writeFileSync(truncated, buf.subarray(0, Math.floor(buf.length * 0.6)));
      const into = `${PREFIX}analytics_cut`;
      await expect(restoreDatabase(ctx, 'analytics_db', { from: truncated, into })).rejects.toMatchObject({
        code: 'BACKUP',
        message: expect.stringMatching(/pg_restore stopped at the first error/),
      });
      const left = await withClient(ctx.targets[0].maintenanceUrl, 'x', (c) => c.query('SELECT 1 FROM pg_database WHERE datname = $1', [into]));
      expect(left.rowCount).toBe(0);
      fs.rmSync(other, { recursive: true, force: true });
    });

    test('backup list --json (CLI) shows runs with their status', () => {
      const out = execFileSync(CLI, ['backup', 'list', '--json', '--dir', dir], { env: { ...process.env, ...cliEnv() }, encoding: 'utf8' });
      const runs = JSON.parse(out) as Array<{ runId: string; status: string; databases: Array<{ verified: boolean | null }> }>;
      expect(runs.map((r) => r.status)).toEqual(expect.arrayContaining(['verified', 'verify-failed', 'failed', 'partial']));
      expect(runs.find((r) => r.status === 'verified')!.databases.every((d) => d.verified === true)).toBe(true);
    });

    test('a missing pg_dump names the Debian package', async () => {
      const badCtx = { ...ctx, config: { ...ctx.config, env: { QUENTY_PG_BIN: '/nonexistent' } } };
      await expect(createBackup(badCtx, { databases: ['auth_db'], dir })).rejects.toMatchObject({
        code: 'TOOL_MISSING',
        hint: expect.stringMatching(/postgresql-client/),
      });
    });
  });

  describe('directory format', () => {
    test('a directory dump is checksummed file by file, verifies and restores', async () => {
      const res = await createBackup(ctx, { databases: ['analytics_db'], dir, format: 'directory', globals: false });
      const d = res.manifest.databases[0];
      expect(d.file).toBe(`analytics_db_${res.manifest.runId}.dir`);
      expect(fs.statSync(path.join(dir, d.file!)).isDirectory()).toBe(true);
      expect(d.files!.map((f) => f.name)).toContain('toc.dat');
      const report = await verifyBackup(ctx, { run: res.manifest.runId, dir });
      expect(report.ok).toBe(true);
    });
  });

  describe('prune', () => {
    test('deletes only our files of old runs, never the newest verified run, keeps foreign files', async () => {
      // An old run made from the verified one's manifest, plus foreign files.
      const runs = listRuns(dir);
      const verified = runs.find((r) => r.status === 'verified')!;
      const source = runs.find((r) => r.status === 'verified' && r.manifest!.dumpFormat === 'custom')!;
      const m = readManifest(dir, source.runId);
      const oldId = '20200101_020000';
      const old = { ...m, runId: oldId, databases: m.databases.map((d) => ({ ...d, file: `${d.database}_${oldId}.backup` })), globals: undefined };
      for (const d of old.databases) fs.copyFileSync(path.join(dir, `${d.database}_${m.runId}.backup`), path.join(dir, d.file));
      fs.writeFileSync(path.join(dir, manifestFileName(oldId)), JSON.stringify(old));
      fs.writeFileSync(path.join(dir, 'notes.txt'), 'keep me');
      fs.writeFileSync(path.join(dir, 'other.backup'), 'not ours');

      const dry = pruneBackups(ctx, { dir, keepDays: 30, dryRun: true });
      expect(dry.runs.find((r) => r.runId === oldId)!.action).toBe('delete');
      expect(fs.existsSync(path.join(dir, manifestFileName(oldId)))).toBe(true);

      const res = pruneBackups(ctx, { dir, keepDays: 30 });
      expect(res.deletedFiles.sort()).toEqual([...old.databases.map((d) => d.file), manifestFileName(oldId)].sort());
      expect(fs.existsSync(path.join(dir, 'notes.txt'))).toBe(true);
      expect(fs.existsSync(path.join(dir, 'other.backup'))).toBe(true);

      // Far in the future everything is old: only the newest verified run survives (and keep-last).
      const future = new Date(Date.now() + 365 * 86_400_000);
      const plan = pruneBackups(ctx, { dir, keepDays: 30, now: future, dryRun: true });
      expect(plan.runs.filter((r) => r.action === 'keep')).toEqual([expect.objectContaining({ runId: verified.runId, reason: 'newest verified run' })]);
      const plan2 = pruneBackups(ctx, { dir, keepDays: 30, keepLast: 3, now: future, dryRun: true });
      expect(plan2.runs.filter((r) => r.action === 'keep').map((r) => r.runId)).toEqual(
        listRuns(dir)
          .slice(0, 3)
          .map((r) => r.runId),
      );
      expect(plan2.runs.filter((r) => r.action === 'keep').map((r) => r.runId)).toContain(verified.runId);
    });
  });

  describe('globals', () => {
    test('the globals dump restores the roles', async () => {
      const run = listRuns(dir).find((r) => r.manifest?.globals?.ok)!;
      const roles = ctx.targets.filter((t) => DBS.includes(t.name)).map((t) => t.role);
      const admin = ctx.targets[0].maintenanceUrl;
      const before = await withClient(admin, 'x', (c) =>
        c.query(`SELECT rolname, rolpassword, rolcanlogin FROM pg_authid WHERE rolname = ANY($1) ORDER BY 1`, [roles]),
      );
      expect(before.rows).toHaveLength(DBS.length);
      // Drop our databases and roles, then bring the roles back from the dump.
      for (const name of extraDbs.splice(0)) await withClient(admin, 'x', (c) => c.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`));
      await dropTestDatabases(ctx);
      const gone = await withClient(admin, 'x', (c) => c.query(`SELECT 1 FROM pg_roles WHERE rolname = ANY($1)`, [roles]));
      expect(gone.rowCount).toBe(0);
      const r = await restoreGlobals(ctx, { dir, from: run.runId });
      expect(r.ok).toBe(true);
      // The services' roles and the read-only audit role their databases grant to.
      expect(r.servers.flatMap((s) => s.created).sort()).toEqual([...roles, auditRole(ctx)].sort());
      const after = await withClient(admin, 'x', (c) =>
        c.query(`SELECT rolname, rolpassword, rolcanlogin FROM pg_authid WHERE rolname = ANY($1) ORDER BY 1`, [roles]),
      );
      expect(after.rows).toEqual(before.rows);
    });
  });
});
