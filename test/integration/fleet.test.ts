import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { Context, openContext, withClient } from '../../src/db/targets';
import { parseConfig, envVarForDatabase } from '../../src/config';
import { loadRegistry } from '../../src/registry';
import { dropDatabases } from '../../src/create';
import { auditRole } from '../../src/db/credentials';
import { migrationStatus } from '../../src/migrate';
import { partitionStatus } from '../../src/partitions';
import { readSizes } from '../../src/docs';
import { up } from '../../src/up';
import { audit } from '../../src/audit';
import { verifyDatabases } from '../../src/verify';
import { createBackup, verifyBackup, restoreDatabase, restoreGlobals } from '../../src/backup';
import { checkAccess, generateConfig } from '../../src/pgbouncer';
import { RunningPgBouncer, freePort, startPgBouncer } from '../../src/pgbouncer/process';
import { fleetStatus } from '../../src/status';
import { serverUrl, testEnv } from '../helpers/context';
import { tableChecksums } from '../helpers/checksums';
import { TestServer, onServer, startServers } from '../helpers/servers';
import { describeWithTool, toolStatus } from '../helpers/prerequisites';

/**
 * The fleet over three PostgreSQL servers (the shared test server and two more embedded
 * servers), the databases of the registry placed round robin: every command works across
 * servers, a backup restores every server's roles and every database onto three fresh servers,
 * and a server that is down fails only its own databases.
 */
const PREFIX = 't_fleet_';
const registry = loadRegistry();
let servers: TestServer[] = [];
let fresh: TestServer[] = [];
let urls: string[];
let env: Record<string, string>;
let ctx: Context;
let backupDir: string;

/**
 * Server index of each database: the partitioned ones first, then the others, round robin, so
 * that every server holds some of each kind (the registry decides which they are).
 */
const layout = new Map(
  [...registry.databases.filter((d) => d.partitioned.length), ...registry.databases.filter((d) => !d.partitioned.length)].map((d, j) => [d.name, j % 3]),
);
const serverOf = (name: string) => layout.get(name)!;

/** Env placing each database on its server of the layout. */
function placement(serverUrls: string[], base: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = { ...base };
  delete out.QUENTY_DATABASE_URL;
  for (const d of registry.databases) out[envVarForDatabase(d.name)] = onServer(serverUrls[serverOf(d.name)], d.name);
  return out;
}

/** The server stopped by the tests of a server that is down (not the shared test server), and its databases. */
function downServer(): { server: string; databases: string[]; isDown: (name: string) => boolean } {
  const server = ctx.targets.find((t) => serverOf(t.name) === 2)!.server;
  const databases = ctx.targets.filter((t) => t.server === server).map((t) => t.name);
  return { server, databases, isDown: (name) => databases.includes(name) };
}

async function whileDown(fn: () => Promise<void>): Promise<void> {
  await servers[1].stop();
  try {
    await fn();
  } finally {
    await servers[1].start();
  }
}

const refused = /ECONNREFUSED|connect/;

beforeAll(async () => {
  servers = await startServers('fleet', 2);
  urls = [serverUrl(), ...servers.map((s) => s.url)];
  backupDir = fs.mkdtempSync(path.join(os.tmpdir(), 'quenty-fleet-backups-'));
  env = placement(urls, testEnv(PREFIX, { QUENTY_BACKUP_DIR: backupDir }));
  ctx = await openContext({ registry, config: parseConfig(env, registry) });
  await dropDatabases(ctx, { roles: true }).catch(() => undefined);
});

afterAll(async () => {
  if (ctx) await dropDatabases(ctx, { roles: true }).catch(() => undefined);
  for (const s of [...servers, ...fresh]) await s.remove();
  fs.rmSync(backupDir, { recursive: true, force: true });
});

describe('a fleet over three servers', () => {
  it('places the databases on three servers', () => {
    expect(new Set(ctx.targets.map((t) => t.server)).size).toBe(Math.min(3, registry.databases.length));
    for (const t of ctx.targets) expect(t.url.startsWith(urls[serverOf(t.name)].replace(/\/postgres$/, ''))).toBe(true);
    const partitioned = ctx.targets.filter((t) => t.entry.partitioned.length);
    expect(new Set(partitioned.map((t) => t.server)).size).toBe(Math.min(3, partitioned.length));
  });

  it('up: create, migrate, partitions, seed and audit across the servers', async () => {
    const r = await up(ctx);
    expect(r.create.databases.filter((c) => !c.ok)).toEqual([]);
    expect(r.migrate.databases.filter((m) => !m.ok)).toEqual([]);
    expect(r.ok).toBe(true);
    // Each server holds its databases and the roles of their services, nothing of the others.
    for (let k = 0; k < 3; k++) {
      const mine = ctx.targets.filter((t) => serverOf(t.name) === k);
      const rows = await withClient(urls[k], 'x', (c) => c.query(`SELECT datname FROM pg_database WHERE datname LIKE '${PREFIX}%' ORDER BY 1`));
      expect(rows.rows.map((x) => x.datname)).toEqual(mine.map((t) => t.dbName).sort());
    }
  });

  it('audit checks the references between servers, verify finds no drift, status, partitions and docs read every server', async () => {
    // The registry has references whose two sides live on different servers here.
    const crossServer = registry.databases.flatMap((d) => d.references.filter((r) => serverOf(r.parent.database) !== serverOf(d.name)));
    expect(crossServer.length).toBeGreaterThan(0);
    const a = await audit(ctx);
    expect(a.checks.filter((c) => c.kind === 'reference').length).toBeGreaterThanOrEqual(crossServer.length);
    expect(a.checks.filter((c) => c.status !== 'pass')).toEqual([]);
    const parts = (await partitionStatus(ctx)).tables;
    expect(parts.filter((p) => p.error || p.missingAhead.length || p.defaultRows)).toEqual([]);
    expect(new Set(parts.map((p) => ctx.target(p.database).server)).size).toBe(
      new Set(ctx.targets.filter((t) => t.entry.partitioned.length).map((t) => t.server)).size,
    );
    // `docs --sizes` reads each database's tables on its own server.
    const sizes = await readSizes(ctx, registry.databases);
    expect(sizes.errors).toEqual([]);
    expect(Object.keys(sizes.sizes).sort()).toEqual(ctx.targets.map((t) => t.name).sort());
    const v = await verifyDatabases(ctx);
    expect(v.databases.flatMap((d) => d.findings)).toEqual([]);
    const s = await fleetStatus(ctx, { recordSizes: false });
    expect(s.databases.every((d) => d.reachable)).toBe(true);
    expect(new Set(s.databases.map((d) => d.server)).size).toBe(3);
  });

  it('every service reaches its own database on its server and no other; pgbouncer config has one line per database naming its server', async () => {
    const direct = await checkAccess(ctx, { direct: true });
    expect(direct.cells.filter((c) => c.state !== (c.expected === 'reach' ? 'ok' : 'refused'))).toEqual([]);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'quenty-fleet-pgb-'));
    try {
      const cfg = await generateConfig(ctx, { outDir: dir });
      expect(cfg.findings.filter((f) => f.level === 'error')).toEqual([]);
      for (const t of ctx.targets) {
        const line = cfg.databases.find((d) => d.name === t.dbName)!;
        expect(`${line.host}:${line.port}`).toBe(t.server);
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  describeWithTool('pgbouncer', 'through one PgBouncer', () => {
    it('every service reaches its own database on its server through one PgBouncer, and no other', async () => {
      const port = await freePort();
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'quenty-fleet-pgb-'));
      fs.chmodSync(dir, 0o755);
      const pctx = await openContext({
        registry,
        config: parseConfig(
          {
            ...env,
            QUENTY_PGBOUNCER_LISTEN_PORT: String(port),
            QUENTY_PGBOUNCER_UNIX_SOCKET_DIR: '',
            QUENTY_PGBOUNCER_SERVER_LOGIN_RETRY: '1',
            QUENTY_PGBOUNCER_DEFAULT_POOL_SIZE: '2',
            QUENTY_PGBOUNCER_MIN_POOL_SIZE: '0',
            QUENTY_PGBOUNCER_RESERVE_POOL_SIZE: '1',
            QUENTY_PGBOUNCER_MAX_DB_CONNECTIONS: '3',
          },
          registry,
        ),
      });
      let bouncer: RunningPgBouncer | undefined;
      try {
        const cfg = await generateConfig(pctx, { outDir: dir });
        expect(cfg.findings.filter((f) => f.level === 'error')).toEqual([]);
        bouncer = await startPgBouncer(cfg.iniFile, port);
        const via = await checkAccess(pctx, { port });
        expect(via.cells.filter((c) => c.state !== (c.expected === 'reach' ? 'ok' : 'refused'))).toEqual([]);
      } finally {
        await bouncer?.stop();
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });
  });

  describeWithTool('pg_dump', 'backups across servers', () => {
    /** The backup run of the healthy fleet. */
    let healthyRun: string;

    it('a backup holds one roles file per server and restores every server onto three fresh servers, tables equal', async () => {
      const b = await createBackup(ctx);
      expect(b.ok).toBe(true);
      healthyRun = b.manifest.runId;
      const globals = b.manifest.globalsByServer!;
      expect(globals.map((g) => g.server).sort()).toEqual([...new Set(ctx.targets.map((t) => t.server))].sort());
      for (const g of globals) {
        expect(g.ok).toBe(true);
        expect(g.databases!.sort()).toEqual(
          ctx.targets
            .filter((t) => t.server === g.server)
            .map((t) => t.name)
            .sort(),
        );
        expect(fs.statSync(path.join(backupDir, g.file!)).mode & 0o077).toBe(0);
      }
      const v = await verifyBackup(ctx, { dir: backupDir });
      expect(v.ok).toBe(true);
      expect(v.globalsByServer!.map((g) => g.ok)).toEqual(globals.map(() => true));

      fresh = await startServers('fleet-fresh', 3);
      const env2 = placement(
        fresh.map((s) => s.url),
        env,
      );
      const ctx2 = await openContext({ registry, config: parseConfig(env2, registry) });
      const roles = await restoreGlobals(ctx2, { dir: backupDir });
      expect(roles.servers.filter((s) => !s.ok)).toEqual([]);
      expect(roles.servers).toHaveLength(3);
      expect(new Set(roles.servers.flatMap((s) => s.created))).toEqual(new Set([...ctx2.targets.map((t) => t.role), auditRole(ctx2)]));
      for (const t of ctx2.targets) {
        const r = await restoreDatabase(ctx2, t.name, { dir: backupDir, into: t.dbName });
        expect(r).toMatchObject({ into: t.dbName, checksum: 'ok' });
        expect(await tableChecksums(t.url)).toEqual(await tableChecksums(ctx.target(t.name).url));
      }
      // The restored roles carry their password hashes: every service logs in to its database with its password.
      const access = await checkAccess(ctx2, { direct: true });
      expect(access.cells.filter((c) => c.state !== (c.expected === 'reach' ? 'ok' : 'refused'))).toEqual([]);
      // It starts three servers (initdb each): 166 s here with the machine's two cores shared by
      // eight sessions, over 240 s when a benchmark ran beside it.
    }, 600_000);

    it('with a server down, backup create and restore --globals fail only that server and its databases', async () => {
      const { server, isDown } = downServer();
      await whileDown(async () => {
        const b = await createBackup(ctx);
        expect(b.ok).toBe(false);
        expect(b.manifest.status).toBe('partial');
        for (const d of b.manifest.databases) {
          expect(d.ok).toBe(!isDown(d.database));
          if (!d.ok) expect(d.error).toMatch(refused);
        }
        expect(b.manifest.globalsByServer!.filter((x) => !x.ok).map((x) => x.server)).toEqual([server]);
        // The healthy run's roles go back onto the servers that answer.
        const roles = await restoreGlobals(ctx, { dir: backupDir, from: healthyRun });
        expect(roles.ok).toBe(false);
        for (const r of roles.servers) expect(r.ok).toBe(r.server !== server);
        expect(roles.servers.find((r) => r.server === server)!.error).toMatch(refused);
      });
    });
  });

  it('connections the servers terminate (idle or busy) never crash the process; the next calls work', async () => {
    // In a child process without an uncaught-error handler: a pg client without an 'error'
    // listener would end it (Node's unhandled 'error' event) instead of letting it report.
    // Backups (pg_dump keeps a snapshot session idle in its transaction) when pg_dump is here.
    const backups = toolStatus('pg_dump').path !== undefined;
    const child = spawn(
      process.execPath,
      ['--require', require.resolve('tsx/cjs'), path.join(__dirname, '..', 'helpers', 'terminate-child.ts'), JSON.stringify(env), String(backups)],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    const code = await new Promise<number | null>((r) => child.once('exit', r));
    expect({ code, err: err.slice(0, 2000) }).toEqual({ code: 0, err: '' });
    const r = JSON.parse(out.trim().split('\n').pop()!);
    // The servers did terminate connections of the run, some of them idle.
    expect(r.terminated.idle).toBeGreaterThan(0);
    // Every command reported per database instead of throwing, and worked again afterwards.
    expect(r.disturbed.threw).toEqual([]);
    expect(r.after).toEqual({ backup: backups, audit: true, status: true, migrate: true, verify: true, threw: [] });
  });

  it('a server that is down fails only its own databases, with the reason, in every command', async () => {
    const { databases: downDbs, isDown } = downServer();
    await whileDown(async () => {
      const m = (await migrationStatus(ctx)).databases;
      for (const s of m) expect(s.reachable).toBe(!isDown(s.database));
      expect(m.find((s) => isDown(s.database))!.error).toMatch(refused);

      const a = await audit(ctx);
      for (const c of a.checks.filter((x) => x.status !== 'pass')) {
        expect(c.status).toBe('error');
        expect(c.error).toMatch(/unreachable/);
      }
      expect(a.checks.filter((c) => c.status === 'pass').length).toBeGreaterThan(0);
      expect(
        a.databases
          .filter((d) => !d.reachable)
          .map((d) => d.name)
          .sort(),
      ).toEqual(downDbs.filter((d) => a.databases.some((x) => x.name === d)).sort());

      const s = await fleetStatus(ctx, { recordSizes: false });
      for (const d of s.databases) expect(d.reachable).toBe(!isDown(d.database));

      const v = await verifyDatabases(ctx);
      for (const d of v.databases) {
        expect(d.ok).toBe(!isDown(d.database));
        if (isDown(d.database)) expect(d.findings.map((f) => f.message).join()).toMatch(refused);
      }

      const parts = (await partitionStatus(ctx)).tables;
      expect(parts.some((p) => !isDown(p.database))).toBe(true);
      for (const p of parts) expect(p.error ?? '').toMatch(isDown(p.database) ? refused : /^$/);

      const sizes = await readSizes(ctx, registry.databases);
      expect(sizes.errors.map((e) => e.database).sort()).toEqual([...downDbs].sort());
      expect(sizes.errors[0].error).toMatch(refused);

      // up = create, migrate, partitions, seed and audit: each step goes on for the other servers.
      const u = await up(ctx);
      expect(u.ok).toBe(false);
      for (const c of u.create.databases) {
        expect(c.ok).toBe(!isDown(c.database));
        if (!c.ok) expect(c.error).toMatch(refused);
      }
      expect(u.migrate.databases.map((x) => [x.database, x.ok]).sort()).toEqual(
        ctx.targets
          .filter((t) => !isDown(t.name))
          .map((t) => [t.name, true])
          .sort(),
      );
      expect(u.partitions!.databases.every((p) => p.ok && !isDown(p.database))).toBe(true);
      const seeded = u.seed as { databases: Array<{ database: string; ok: boolean; skipped?: string }> };
      expect(seeded.databases.filter((d) => !d.ok || !d.skipped || isDown(d.database))).toEqual([]);
      expect((u.audit as { ok: boolean }).ok).toBe(true);

      // pgbouncer config: an error for each of the down server's databases, nothing written; the check fails only their cells.
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'quenty-fleet-pgb-down-'));
      try {
        const cfg = await generateConfig(ctx, { outDir: dir });
        expect(cfg.written).toBe(false);
        const errors = cfg.findings.filter((f) => f.level === 'error');
        expect(errors.map((f) => f.code)).toEqual(downDbs.map(() => 'unreachable'));
        for (const d of downDbs) expect(errors.some((f) => f.message.startsWith(`${d}:`) && refused.test(f.message))).toBe(true);
        expect(cfg.databases.map((d) => d.name).sort()).toEqual(ctx.targets.map((t) => t.dbName).sort());
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
      const access = await checkAccess(ctx, { direct: true });
      for (const c of access.cells) {
        const t = ctx.targets.find((x) => x.dbName === c.database || x.name === c.database)!;
        expect(c.state).toBe(isDown(t.name) ? 'error' : c.expected === 'reach' ? 'ok' : 'refused');
      }
    });
  });
});
