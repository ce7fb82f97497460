/**
 * bench:fleet — the same work on one server and on three (the bench server and two more
 * embedded servers, databases placed round robin): seed at BENCH_FLEET_SCALE (default medium),
 * audit, and backup create. Each server is another PostgreSQL on the same two cores, so the
 * ratio says what spreading the fleet costs or gains here, with the CPU as the shared limit.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openContext, Context } from '../src/db/targets';
import { parseConfig, envVarForDatabase } from '../src/config';
import { loadRegistry } from '../src/registry';
import { dropDatabases } from '../src/create';
import { up } from '../src/up';
import { seed, ScaleName } from '../src/seed';
import { audit } from '../src/audit';
import { createBackup } from '../src/backup';
import { ensureEmbedded, stopEmbedded } from '../src/embedded';
import { benchServerUrl, report } from './common';

const scale = (process.env.BENCH_FLEET_SCALE ?? 'medium') as ScaleName;
const secs = (t0: number) => (Date.now() - t0) / 1000;

async function run(label: string, env: Record<string, string>): Promise<{ seed: number; audit: number; backup: number; rows: number }> {
  const registry = loadRegistry();
  const ctx: Context = await openContext({ registry, config: parseConfig(env, registry) });
  await dropDatabases(ctx, { roles: true });
  const u = await up(ctx, { seed: false });
  if (!u.ok) throw new Error(`${label}: up failed`);
  try {
    let t0 = Date.now();
    const s = await seed(ctx, { scale });
    if (!s.ok) throw new Error(`${label}: seed failed`);
    const seedS = secs(t0);
    t0 = Date.now();
    const a = await audit(ctx);
    const auditS = secs(t0);
    if (!a.ok) throw new Error(`${label}: audit failed`);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'quenty-bench-fleet-'));
    t0 = Date.now();
    const b = await createBackup(ctx, { dir });
    const backupS = secs(t0);
    fs.rmSync(dir, { recursive: true, force: true });
    if (!b.ok) throw new Error(`${label}: backup failed`);
    console.log(`${label}: seed ${s.totalRows} rows ${seedS.toFixed(1)} s, audit ${auditS.toFixed(1)} s, backup ${backupS.toFixed(1)} s`);
    return { seed: seedS, audit: auditS, backup: backupS, rows: s.totalRows };
  } finally {
    await dropDatabases(ctx, { roles: true });
  }
}

async function main() {
  const registry = loadRegistry();
  const base = await benchServerUrl();
  const homes = [0, 1].map((k) => fs.mkdtempSync(path.join(os.tmpdir(), `quenty-bench-srv${k}-`)));
  homes.forEach((h) => fs.chmodSync(h, 0o755));
  try {
    const extra = [];
    for (const h of homes) extra.push(await ensureEmbedded(h));
    const home = fs.mkdtempSync(path.join(os.tmpdir(), 'quenty-bench-fleet-home-'));
    const one = await run('one server', { QUENTY_DATABASE_URL: base, QUENTY_DB_PREFIX: 'bfl1_', QUENTY_HOME: home });
    const spread: Record<string, string> = { QUENTY_DB_PREFIX: 'bfl3_', QUENTY_HOME: home };
    const urls = [base, ...extra];
    registry.databases.forEach((d, i) => {
      const u = new URL(urls[i % urls.length]);
      u.pathname = '/' + d.name;
      spread[envVarForDatabase(d.name)] = u.toString();
    });
    const three = await run('three servers', spread);
    const ratio = (a: number, b: number) => Number((a / b).toFixed(2));
    console.log(
      `three/one: seed ${ratio(three.seed, one.seed)}x, audit ${ratio(three.audit, one.audit)}x, backup ${ratio(three.backup, one.backup)}x (2 cores shared by all servers)`,
    );
    report('fleet', {
      scale,
      rows: one.rows,
      seed_one_s: one.seed,
      seed_three_s: three.seed,
      seed_ratio: ratio(three.seed, one.seed),
      audit_one_s: one.audit,
      audit_three_s: three.audit,
      audit_ratio: ratio(three.audit, one.audit),
      backup_one_s: one.backup,
      backup_three_s: three.backup,
      backup_ratio: ratio(three.backup, one.backup),
    });
  } finally {
    for (const h of homes) {
      await stopEmbedded(h).catch(() => false);
      fs.rmSync(h, { recursive: true, force: true });
    }
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
