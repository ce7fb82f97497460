/**
 * Runs fleet commands in their own process while every server of the fleet terminates this
 * prefix's connections (pg_terminate_backend, as an administrator or a failover would), then
 * runs them again undisturbed. Prints one JSON line. A pg client left without an 'error' handler
 * would crash this process (Node's unhandled 'error' event) instead of printing it: no handler
 * is installed here on purpose.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { parseConfig } from '../../src/config';
import { Context, clientConfig, openContext } from '../../src/db/targets';
import { loadRegistry } from '../../src/registry';
import { audit } from '../../src/audit';
import { fleetStatus } from '../../src/status';
import { migrationStatus } from '../../src/migrate';
import { verifyDatabases } from '../../src/verify';
import { createBackup } from '../../src/backup';

interface Round {
  audit: boolean;
  status: boolean;
  migrate: boolean;
  verify: boolean;
  backup: boolean;
  /** Commands that threw instead of reporting per database (message). */
  threw: string[];
}

async function round(ctx: Context, dir: string, backups: boolean): Promise<Round> {
  const threw: string[] = [];
  const guard = async <T>(name: string, fn: () => Promise<T>, ok: (r: T) => boolean): Promise<boolean> => {
    try {
      return ok(await fn());
    } catch (e) {
      threw.push(`${name}: ${(e as Error).message}`);
      return false;
    }
  };
  return {
    backup:
      backups &&
      (await guard(
        'backup',
        () => createBackup(ctx, { dir }),
        (r) => r.ok,
      )),
    audit: await guard(
      'audit',
      () => audit(ctx),
      (r) => r.checks.every((c) => c.status === 'pass'),
    ),
    status: await guard(
      'status',
      () => fleetStatus(ctx, { recordSizes: false }),
      (r) => r.databases.every((d) => d.reachable),
    ),
    migrate: await guard(
      'migrate status',
      () => migrationStatus(ctx),
      (r) => r.databases.every((s) => s.reachable),
    ),
    verify: await guard(
      'verify',
      () => verifyDatabases(ctx),
      (r) => r.databases.every((d) => d.findings.length === 0),
    ),
    threw,
  };
}

async function main() {
  const env = JSON.parse(process.argv[2]) as Record<string, string>;
  // Whether pg_dump is here to back up with (`false`: the round skips backups).
  const backups = process.argv[3] !== 'false';
  const registry = loadRegistry();
  const ctx = await openContext({ registry, config: parseConfig(env, registry) });
  const pattern = ctx.config.prefix.replace(/[\\_%]/g, (m) => '\\' + m) + '%';
  const servers = [...new Map(ctx.targets.map((t) => [t.server, t.maintenanceUrl])).values()];
  const killers: pg.Client[] = [];
  for (const url of servers) {
    const c = new pg.Client(clientConfig(url, 'terminator'));
    c.on('error', () => undefined);
    await c.connect();
    killers.push(c);
  }
  const terminated = { idle: 0, all: 0 };
  let stop = false;
  const killing = (async () => {
    while (!stop) {
      for (const c of killers) {
        const r = await c.query(
          `SELECT count(*) FILTER (WHERE state <> 'active')::int AS idle, count(*)::int AS all
             FROM (SELECT state, pg_terminate_backend(pid) FROM pg_stat_activity
                    WHERE datname LIKE $1 AND backend_type = 'client backend' AND pid <> pg_backend_pid()) x`,
          [pattern],
        );
        terminated.idle += r.rows[0].idle;
        terminated.all += r.rows[0].all;
      }
      await new Promise((r) => setTimeout(r, 25));
    }
  })();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'quenty-terminate-'));
  try {
    const disturbed = await round(ctx, dir, backups);
    stop = true;
    await killing;
    // Connections terminated while idle are noticed by the clients a moment later.
    await new Promise((r) => setTimeout(r, 200));
    const after = await round(ctx, dir, backups);
    process.stdout.write(JSON.stringify({ terminated, disturbed, after }) + '\n');
  } finally {
    stop = true;
    for (const c of killers) await c.end().catch(() => undefined);
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  process.stderr.write(`failed: ${String(e)}\n`);
  process.exit(1);
});
