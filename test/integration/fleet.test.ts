import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Context, openContext, withClient } from '../../src/db/targets';
import { parseConfig, envVarForDatabase } from '../../src/config';
import { loadRegistry } from '../../src/registry';
import { dropDatabases } from '../../src/create';
import { auditRole } from '../../src/db/credentials';
import { migrationStatus } from '../../src/migrate';
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

/** Env placing database i on server i % n. */
function placement(serverUrls: string[], base: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = { ...base };
  delete out.QUENTY_DATABASE_URL;
  registry.databases.forEach((d, i) => (out[envVarForDatabase(d.name)] = onServer(serverUrls[i % serverUrls.length], d.name)));
  return out;
}

const serverOf = (i: number) => i % 3;


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
    ctx.targets.forEach((t, i) => expect(t.url.startsWith(urls[serverOf(i)].replace(/\/postgres$/, ''))).toBe(true));
  });

  it('up: create, migrate, partitions, seed and audit across the servers', async () => {
    const r = await up(ctx);
    expect(r.create.filter((c) => !c.ok)).toEqual([]);
    expect(r.migrate.filter((m) => !m.ok)).toEqual([]);
    expect(r.ok).toBe(true);
    // Each server holds its databases and the roles of their services, nothing of the others.
    for (let k = 0; k < 3; k++) {
      const mine = ctx.targets.filter((_, i) => serverOf(i) === k);
      const rows = await withClient(urls[k], 'x', (c) => c.query(`SELECT datname FROM pg_database WHERE datname LIKE '${PREFIX}%' ORDER BY 1`));
      expect(rows.rows.map((x) => x.datname)).toEqual(mine.map((t) => t.dbName).sort());
    }
  });

  it('audit checks the references between servers, verify finds no drift, status sees every database', async () => {
    const a = await audit(ctx);
    const crossServer = a.checks.filter((c) => c.kind === 'reference' && c.database !== undefined);
    expect(crossServer.length).toBeGreaterThan(0);
    expect(a.checks.filter((c) => c.status !== 'pass')).toEqual([]);
    const v = await verifyDatabases(ctx);
    expect(v.databases.flatMap((d) => d.findings)).toEqual([]);
    const s = await fleetStatus(ctx, { recordSizes: false });
    expect(s.databases.every((d) => d.reachable)).toBe(true);
    expect(new Set(s.databases.map((d) => d.server)).size).toBe(3);
  });

  it('every service reaches its own database on its server and no other, directly and through one PgBouncer', async () => {
    const direct = await checkAccess(ctx, { direct: true });
    expect(direct.cells.filter((c) => c.state !== (c.expected === 'reach' ? 'ok' : 'refused'))).toEqual([]);
    const port = await freePort();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'quenty-fleet-pgb-'));
    fs.chmodSync(dir, 0o755);
    const pctx = await openContext({
      registry,
      config: parseConfig({ ...env, QUENTY_PGBOUNCER_LISTEN_PORT: String(port), QUENTY_PGBOUNCER_UNIX_SOCKET_DIR: '', QUENTY_PGBOUNCER_SERVER_LOGIN_RETRY: '1', QUENTY_PGBOUNCER_DEFAULT_POOL_SIZE: '2', QUENTY_PGBOUNCER_MIN_POOL_SIZE: '0', QUENTY_PGBOUNCER_RESERVE_POOL_SIZE: '1', QUENTY_PGBOUNCER_MAX_DB_CONNECTIONS: '3' }, registry),
    });
    const cfg = await generateConfig(pctx, { outDir: dir });
    expect(cfg.findings.filter((f) => f.level === 'error')).toEqual([]);
    // One [databases] line per database, naming its own server.
    for (const t of pctx.targets) {
      const line = cfg.databases.find((d) => d.name === t.dbName)!;
      expect(`${line.host}:${line.port}`).toBe(t.server);
    }
    let bouncer: RunningPgBouncer | undefined;
    try {
      bouncer = await startPgBouncer(cfg.iniFile, port);
      const via = await checkAccess(pctx, { port });
      expect(via.cells.filter((c) => c.state !== (c.expected === 'reach' ? 'ok' : 'refused'))).toEqual([]);
    } finally {
      await bouncer?.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a backup holds one roles file per server and restores every server onto three fresh servers, tables equal', async () => {
    const b = await createBackup(ctx);
    expect(b.ok).toBe(true);
    const globals = b.manifest.globalsByServer!;
    expect(globals.map((g) => g.server).sort()).toEqual([...new Set(ctx.targets.map((t) => t.server))].sort());
    for (const g of globals) {
      expect(g.ok).toBe(true);
      expect(g.databases!.sort()).toEqual(ctx.targets.filter((t) => t.server === g.server).map((t) => t.name).sort());
      expect(fs.statSync(path.join(backupDir, g.file!)).mode & 0o077).toBe(0);
    }
    const v = await verifyBackup(ctx, { dir: backupDir });
    expect(v.ok).toBe(true);
    expect(v.globalsByServer!.map((g) => g.ok)).toEqual(globals.map(() => true));

    fresh = await startServers('fleet-fresh', 3);
    const env2 = placement(fresh.map((s) => s.url), env);
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
  });

  it('a server that is down fails only its own databases, with the reason, in every command', async () => {
    const down = servers[1];
    const downServer = ctx.targets.find((_, i) => serverOf(i) === 2)!.server;
    const downDbs = ctx.targets.filter((t) => t.server === downServer).map((t) => t.name);
    await down.stop();
    try {
      const m = await migrationStatus(ctx);
      for (const s of m) expect(s.reachable).toBe(!downDbs.includes(s.database));
      expect(m.find((s) => downDbs.includes(s.database))!.error).toMatch(/ECONNREFUSED|connect/);

      const a = await audit(ctx);
      for (const c of a.checks.filter((x) => x.status !== 'pass')) {
        expect(c.status).toBe('error');
        expect(c.error).toMatch(/unreachable/);
      }
      expect(a.checks.filter((c) => c.status === 'pass').length).toBeGreaterThan(0);
      expect(a.databases.filter((d) => !d.reachable).map((d) => d.name).sort()).toEqual(downDbs.filter((d) => a.databases.some((x) => x.name === d)).sort());

      const s = await fleetStatus(ctx, { recordSizes: false });
      for (const d of s.databases) expect(d.reachable).toBe(!downDbs.includes(d.database));

      const b = await createBackup(ctx);
      expect(b.ok).toBe(false);
      expect(b.manifest.status).toBe('partial');
      for (const d of b.manifest.databases) expect(d.ok).toBe(!downDbs.includes(d.database));
      const g = b.manifest.globalsByServer!;
      expect(g.filter((x) => !x.ok).map((x) => x.server)).toEqual([downServer]);
    } finally {
      await down.start();
    }
  });
});
