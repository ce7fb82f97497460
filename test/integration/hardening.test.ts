import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn, spawnSync, SpawnSyncReturns } from 'node:child_process';
import pg from 'pg';
import { Context, openContext, withClient, withDatabase, quoteIdent } from '../../src/db/targets';
import { parseConfig } from '../../src/config';
import { createDatabases, dropDatabases } from '../../src/create';
import { migrate, migrationStatus } from '../../src/migrate';
import { seed } from '../../src/seed';
import { createBackup, verifyBackup, restoreDatabase, listRuns } from '../../src/backup';
import { readCredentials, embeddedStatus, ensureEmbedded } from '../../src/embedded';
import { loadRegistry } from '../../src/registry';
import { scramSecret } from '../../src/util/scram';
import { serverUrl, testEnv, CLI } from '../helpers/context';

/**
 * Issue 11, cases 1-10 (the fault-injection suite is test/integration/faults.test.ts). Every
 * database name comes from the registry: two plain seeded databases and one partitioned one.
 */
const PREFIX = 't_h11_';
const registry = loadRegistry();
const plain = registry.databases.filter((d) => d.seed && d.partitioned.length === 0).map((d) => d.name);
const [A, B] = plain;
const P = registry.databases.find((d) => d.seed && d.partitioned.length > 0)!.name;
const DBS = [A, B, P];
let env: Record<string, string>;
let ctx: Context;

function cli(args: string[], extra: Record<string, string> = {}, input?: string): SpawnSyncReturns<string> {
  return spawnSync(CLI, args, { env: { ...process.env, ...env, ...extra }, encoding: 'utf8', input, timeout: 180_000 });
}

/** Runs the CLI on a pseudo-terminal (util-linux `script`), typing `answer`. */
function cliOnTty(args: string[], answer: string): SpawnSyncReturns<string> {
  const cmd = [CLI, ...args].map((a) => `'${a.replace(/'/g, "'\\''")}'`).join(' ');
  return spawnSync('script', ['-qec', cmd, '/dev/null'], { env: { ...process.env, ...env }, encoding: 'utf8', input: answer, timeout: 180_000 });
}

async function applied(db: string): Promise<number> {
  const [s] = (await migrationStatus(ctx, { databases: db })).databases;
  return s.applied;
}

beforeAll(async () => {
  env = testEnv(PREFIX);
  ctx = await openContext({ registry, config: parseConfig(env, registry) });
  await dropDatabases(ctx, { databases: DBS, roles: true });
  const created = (await createDatabases(ctx, { databases: DBS })).databases;
  expect(created.every((c) => c.ok)).toBe(true);
  const m = (await migrate(ctx, 'latest', { databases: DBS })).databases;
  expect(m.every((r) => r.ok)).toBe(true);
}, 300_000);

afterAll(async () => {
  await dropDatabases(ctx, { databases: DBS, roles: true }).catch(() => undefined);
});

describe('case 1: --db selection and the destructive-command guard', () => {
  test.each(['', ' ', ','])('migrate rollback --db %j is a usage error naming the valid names; nothing is undone', async (given) => {
    const before = await applied(A);
    const r = cli(['migrate', 'rollback', '--db', given, '--yes']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`--db ${JSON.stringify(given)}`);
    for (const d of registry.databases) expect(r.stderr).toContain(d.name);
    expect(await applied(A)).toBe(before);
  });

  test('two databases without a terminal and without --yes: refused, nothing undone', async () => {
    const before = [await applied(A), await applied(B)];
    const r = cli(['migrate', 'rollback', '--db', `${A},${B}`]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/without confirmation.*no terminal/);
    expect(r.stderr).toMatch(/--yes/);
    expect([await applied(A), await applied(B)]).toEqual(before);
  });

  test('production (NODE_ENV=prod) refuses even with --yes', async () => {
    const before = await applied(A);
    const r = cli(['migrate', 'rollback', '--db', A, '--yes'], { NODE_ENV: 'prod' });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/refusing.*NODE_ENV=prod/);
    expect(await applied(A)).toBe(before);
  });

  test('on a terminal it asks: "n" refuses, "y" rolls back both', async () => {
    const before = [await applied(A), await applied(B)];
    const no = cliOnTty(['migrate', 'rollback', '--db', `${A},${B}`], 'n\n');
    expect(no.stdout).toMatch(new RegExp(`About to undo the last batch of migrations.*on 2 databases \\(${A}, ${B}\\)`));
    expect(no.stdout).toMatch(/not confirmed/);
    expect([await applied(A), await applied(B)]).toEqual(before);
    const yes = cliOnTty(['migrate', 'rollback', '--db', `${A},${B}`], 'y\n');
    expect(yes.status).toBe(0);
    expect(await applied(A)).toBeLessThan(before[0]);
    expect(await applied(B)).toBeLessThan(before[1]);
    const again = (await migrate(ctx, 'latest', { databases: [A, B] })).databases;
    expect(again.every((x) => x.ok)).toBe(true);
  }, 240_000);

  test('a database named twice is seeded once', async () => {
    const r = cli(['seed', '--db', `${A},${A}`, '--rows', '300', '--json']);
    expect(r.status).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(json.databases.map((d: { database: string }) => d.database)).toEqual([A]);
  }, 120_000);
});

describe('cases 2-4: passwords, drift, concurrency, migration history', () => {
  test('no password reaches the server log (log_statement=all): verifiers only', async () => {
    // The test's own superuser, whose every statement is logged; passwords set through create.
    let home = process.env.QUENTY_TEST_EMBEDDED_HOME;
    let base = serverUrl();
    if (!home) {
      home = fs.mkdtempSync(path.join(os.tmpdir(), 'h11-pg-'));
      base = await ensureEmbedded(home);
    }
    const log = embeddedStatus(home).logFile!;
    const adminPw = crypto.randomBytes(12).toString('hex');
    const admin = `${PREFIX}pwadmin`;
    await withClient(withDatabase(base, 'postgres'), 'admin', async (c) => {
      await c.query(`DROP ROLE IF EXISTS ${quoteIdent(admin)}`);
      await c.query(`CREATE ROLE ${quoteIdent(admin)} SUPERUSER LOGIN PASSWORD '${scramSecret(adminPw)}'`);
      await c.query(`ALTER ROLE ${quoteIdent(admin)} SET log_statement = 'all'`);
    });
    const u = new URL(base);
    u.username = admin;
    u.password = adminPw;
    const pwPrefix = 't_h11pw_';
    const svc = registry.get(A).service.toUpperCase();
    const envPw = 'Env-' + crypto.randomBytes(9).toString('hex');
    const penv = { ...testEnv(pwPrefix), QUENTY_DATABASE_URL: u.toString(), [`QUENTY_${svc}_PASSWORD`]: envPw };
    const pctx = await openContext({ registry, config: parseConfig(penv, registry) });
    const start = fs.statSync(log).size;
    try {
      expect((await createDatabases(pctx, { databases: [A, B] })).databases.every((r) => r.ok)).toBe(true);
      // A changed password is set again (ALTER ROLE ... PASSWORD).
      const envPw2 = 'Env2-' + crypto.randomBytes(9).toString('hex');
      const pctx2 = await openContext({ registry, config: parseConfig({ ...penv, [`QUENTY_${svc}_PASSWORD`]: envPw2 }, registry) });
      const again = (await createDatabases(pctx2, { databases: [A] })).databases;
      expect(again[0]).toMatchObject({ ok: true, password: 'env' });
      await new Promise((r) => setTimeout(r, 1500)); // the log is written asynchronously
      const text = fs.readFileSync(log, 'utf8').slice(start);
      expect(text).toMatch(new RegExp(`CREATE ROLE "${pwPrefix}\\w+" LOGIN .* PASSWORD 'SCRAM-SHA-256\\$4096:`));
      expect(text).toMatch(new RegExp(`ALTER ROLE "${pwPrefix}\\w+" LOGIN PASSWORD 'SCRAM-SHA-256\\$4096:`));
      const secrets = [envPw, envPw2, adminPw, ...Object.values(readCredentials(pctx.config.home).services)];
      expect(secrets.length).toBeGreaterThanOrEqual(4);
      for (const s of secrets) expect(text).not.toContain(s);
      // The new password logs in.
      const t = pctx.target(A);
      const login = new URL(t.url);
      login.username = t.role;
      login.password = envPw2;
      await withClient(login.toString(), A, (c) => c.query('SELECT 1'));
    } finally {
      await dropDatabases(pctx, { databases: [A, B], roles: true }).catch(() => undefined);
      await dropDatabases(pctx, { roles: true }).catch(() => undefined);
      await withClient(withDatabase(base, 'postgres'), 'admin', (c) => c.query(`DROP ROLE IF EXISTS ${quoteIdent(admin)}`));
    }
  }, 240_000);

  test('two concurrent `up` on a fresh prefix both succeed; create repairs a drifted password; the service cannot write its history', async () => {
    const fresh = 't_h11up_';
    const fenv = testEnv(fresh);
    const fctx = await openContext({ registry, config: parseConfig(fenv, registry) });
    await dropDatabases(fctx, { databases: [A], roles: true });
    try {
      const runUp = () =>
        new Promise<{ code: number | null; out: string; err: string }>((resolve) => {
          const p = spawn(CLI, ['up', '--db', A, '--no-seed', '--json'], { env: { ...process.env, ...fenv } });
          let out = '';
          let err = '';
          p.stdout.on('data', (d) => (out += d));
          p.stderr.on('data', (d) => (err += d));
          p.on('close', (code) => resolve({ code, out, err }));
        });
      const [one, two] = await Promise.all([runUp(), runUp()]);
      expect([one.code, two.code, one.err + two.err]).toEqual([0, 0, '']);
      const t = fctx.target(A);
      const stored = readCredentials(fctx.config.home).services[t.role];
      const asService = (password: string) => {
        const u = new URL(t.url);
        u.username = t.role;
        u.password = password;
        return u.toString();
      };
      await withClient(asService(stored), A, (c) => c.query('SELECT 1'));
      // Drift: the role's password is changed behind create's back.
      await withClient(t.maintenanceUrl, A, (c) => c.query(`ALTER ROLE ${quoteIdent(t.role)} PASSWORD '${scramSecret('somethingelse')}'`));
      await expect(withClient(asService(stored), A, (c) => c.query('SELECT 1'))).rejects.toThrow(/password authentication failed/);
      const [repaired] = (await createDatabases(fctx, { databases: A })).databases;
      expect(repaired).toMatchObject({ ok: true, password: 'repaired' });
      await withClient(asService(stored), A, (c) => c.query('SELECT 1'));
      const [unchanged] = (await createDatabases(fctx, { databases: A })).databases;
      expect(unchanged.password).toBe('unchanged');
      // Case 4: the migration history is read-only for the service.
      const table = quoteIdent(registry.get(A).versionTable);
      await withClient(asService(stored), A, async (c) => {
        expect((await c.query(`SELECT count(*)::int AS n FROM ${table}`)).rows[0].n).toBeGreaterThan(0);
        for (const sql of [
          `INSERT INTO ${table} (name, batch) VALUES ('forged.ts', 99)`,
          `UPDATE ${table} SET checksum = repeat('0', 64)`,
          `DELETE FROM ${table}`,
          `TRUNCATE ${table}`,
        ]) {
          await expect(c.query(sql)).rejects.toMatchObject({ code: '42501' });
        }
      });
    } finally {
      await dropDatabases(fctx, { databases: [A], roles: true }).catch(() => undefined);
      await dropDatabases(fctx, { roles: true }).catch(() => undefined);
    }
  }, 300_000);
});

describe('cases 5 and 10: seed refusals', () => {
  test('a refused seed (tables hold rows) does not run partitions ensure first', async () => {
    const first = await seed(ctx, { databases: P, rows: 300, seed: 3 });
    expect(first.ok).toBe(true);
    const policy = registry.get(P).partitioned[0];
    const t = ctx.target(P);
    // The newest partition holds no rows: drop it, then a refused seed must not bring it back.
    const newest = await withClient(t.url, P, async (c) => {
      const r = await c.query(
        `SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
          WHERE i.inhparent = $1::regclass AND pg_get_expr(c.relpartbound, c.oid) <> 'DEFAULT' ORDER BY c.relname DESC LIMIT 1`,
        [policy.table],
      );
      const name = r.rows[0].relname as string;
      expect((await c.query(`SELECT count(*)::int AS n FROM ${quoteIdent(name)}`)).rows[0].n).toBe(0);
      await c.query(`DROP TABLE ${quoteIdent(name)}`);
      return name;
    });
    const r = cli(['seed', '--db', P, '--rows', '300', '--json']);
    expect(r.status).toBe(1);
    expect(JSON.parse(r.stdout).databases[0].error).toMatch(/already holds rows/);
    const exists = await withClient(t.url, P, async (c) => (await c.query('SELECT to_regclass($1) AS x', [newest])).rows[0].x);
    expect(exists).toBeNull();
    // Put the month back for the other tests.
    const fixed = cli(['partitions', 'ensure', '--db', P]);
    expect(fixed.status).toBe(0);
  }, 180_000);
});

describe('cases 6-9 and 10: backups and restores', () => {
  let dir: string;
  beforeAll(async () => {
    dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'h11-bk-')), 'runs');
    const s = await seed(ctx, { databases: B, rows: 300, seed: 5 });
    expect(s.databases[0].ok || /already holds rows/.test(s.databases[0].error ?? '')).toBe(true);
  }, 180_000);

  test('dumps, manifests and the folder are owner-only whatever the umask', async () => {
    const old = process.umask(0o022);
    try {
      const r = await createBackup(ctx, { databases: B, dir });
      expect(r.ok).toBe(true);
      expect(fs.statSync(dir).mode & 0o777).toBe(0o700);
      for (const f of fs.readdirSync(dir)) expect([f, fs.statSync(path.join(dir, f)).mode & 0o777]).toEqual([f, 0o600]);
      expect(fs.readdirSync(dir)).toContain(r.manifest.databases[0].file);
    } finally {
      process.umask(old);
    }
  }, 120_000);

  test('a full disk: a true manifest status, a clear error, no .partial left (real tmpfs)', async () => {
    const mnt = fs.mkdtempSync(path.join(os.tmpdir(), 'h11-full-'));
    const mount = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=2m', 'tmpfs', mnt], { encoding: 'utf8' });
    expect(mount.stderr).toBe('');
    try {
      // Leave ~24 KiB: enough for a manifest, not for the dumps.
      const free = () => fs.statfsSync(mnt).bavail * fs.statfsSync(mnt).bsize;
      fs.writeFileSync(path.join(mnt, 'filler'), Buffer.alloc(free() - 24 * 1024));
      const r = cli(['backup', 'create', '--db', `${B},${A}`, '--dir', mnt, '--json']);
      expect(r.status).toBe(1);
      const manifests = fs.readdirSync(mnt).filter((f) => /^manifest_.*\.json$/.test(f));
      expect(manifests).toHaveLength(1);
      const m = JSON.parse(fs.readFileSync(path.join(mnt, manifests[0]), 'utf8'));
      expect(['failed', 'partial']).toContain(m.status);
      expect(JSON.stringify(m)).toMatch(/disk full/);
      expect(fs.readdirSync(mnt).filter((f) => f.includes('.partial'))).toEqual([]);
      // No room even for the manifest: a clear error, and nothing that says "running".
      fs.writeFileSync(path.join(mnt, 'filler2'), Buffer.alloc(Math.max(0, free())));
      const r2 = cli(['backup', 'create', '--db', B, '--dir', mnt]);
      expect(r2.status).toBe(1);
      expect(r2.stderr).toMatch(/disk full/);
      for (const f of fs.readdirSync(mnt).filter((x) => x.startsWith('manifest_'))) {
        expect(JSON.parse(fs.readFileSync(path.join(mnt, f), 'utf8')).status).not.toBe('running');
      }
      expect(fs.readdirSync(mnt).filter((f) => f.includes('.partial'))).toEqual([]);
    } finally {
      spawnSync('umount', [mnt]);
      fs.rmSync(mnt, { recursive: true, force: true });
    }
  }, 180_000);

  test('--dir under /proc fails at once with a clear error', () => {
    const t0 = Date.now();
    const r = cli(['backup', 'create', '--db', B, '--dir', '/proc/nope']);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/cannot create the backup folder \/proc\/nope/);
    expect(Date.now() - t0).toBeLessThan(60_000);
  });

  test("restore --into 'a#b' (also ? and ;) is refused before anything, and leaves no database", async () => {
    for (const name of [`${PREFIX}a#b`, `${PREFIX}a?b`, `${PREFIX}a;b`]) {
      await expect(restoreDatabase(ctx, B, { dir, into: name })).rejects.toMatchObject({
        code: 'USAGE',
        message: expect.stringMatching(/not a usable database name/),
      });
      const left = await withClient(ctx.target(B).maintenanceUrl, B, (c) => c.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]));
      expect(left.rowCount).toBe(0);
    }
  });

  test('restore --from latest takes the newest run that passed verification and says which', async () => {
    const good = await createBackup(ctx, { databases: B, dir });
    expect((await verifyBackup(ctx, { dir, run: good.manifest.runId })).ok).toBe(true);
    await new Promise((r) => setTimeout(r, 1100));
    const bad = await createBackup(ctx, { databases: B, dir });
    // Corrupt the newer dump: its verification fails for real.
    const file = path.join(dir, bad.manifest.databases[0].file!);
    const bytes = fs.readFileSync(file);
    bytes[Math.floor(bytes.length / 2)] ^= 0xff;
    fs.writeFileSync(file, bytes);
    expect((await verifyBackup(ctx, { dir, run: bad.manifest.runId })).ok).toBe(false);
    await new Promise((r) => setTimeout(r, 1100));
    await createBackup(ctx, { databases: B, dir }); // newest, never verified
    expect(listRuns(dir)[0].status).toBe('good');
    const r = cli(['restore', B, '--dir', dir, '--into', `${PREFIX}latest_pick`]);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(`chose run ${good.manifest.runId}, the newest whose verification passed`);
    expect(r.stdout).toContain(`skipped run(s) that failed verification: ${bad.manifest.runId}`);
    await withClient(ctx.target(B).maintenanceUrl, B, (c) => c.query(`DROP DATABASE IF EXISTS ${quoteIdent(`${PREFIX}latest_pick`)}`));
  }, 240_000);

  test('restore --replace says how many live sessions it ends', async () => {
    const t = ctx.target(B);
    const held = new pg.Client({ connectionString: t.url });
    held.on('error', () => undefined);
    await held.connect();
    try {
      const r = cli(['restore', B, '--dir', dir, '--replace', '--yes']);
      expect(r.status).toBe(0);
      expect(r.stdout).toMatch(new RegExp(`ended 1 live session\\(s\\) of ${t.dbName}`));
    } finally {
      await held.end().catch(() => undefined);
    }
  }, 180_000);
});

describe('case 10: clear errors for files', () => {
  test('migrate make with a too-long name, audit --out to a bad path', () => {
    const mk = cli(['migrate', 'make', A, 'x'.repeat(400)]);
    expect(mk.status).toBe(2);
    expect(mk.stderr).toMatch(/migration name is 400 characters long; at most/);
    expect(mk.stderr).not.toMatch(/ENAMETOOLONG/);
    const out = cli(['audit', '--db', A, '--out', '/proc/nope/audit.md']);
    expect(out.status).toBe(2);
    expect(out.stderr).toMatch(/cannot create the folder of --out \/proc\/nope\/audit.md/);
    expect(out.stderr).not.toMatch(/^Error: ENOENT/m);
  });
});
