/**
 * bench:backup — `backup create` of the databases of the registry against, in the same run, the spec's
 * sequential script (`pg_dump -Fc` of one database after another). Both dump the same data on
 * the same server; rounds alternate (baseline, ours, baseline, ours...) and the medians are
 * compared. `backup verify` is timed separately.
 *
 * Data: the seeder at --scale medium.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createDatabases, dropDatabases } from '../src/create';
import { migrate } from '../src/migrate';
import { seed } from '../src/seed';
import { withClient } from '../src/db/targets';
import { createBackup, verifyBackup } from '../src/backup';
import { findTool, pgEnv, runTool } from '../src/db/tools';
import { runIdFor } from '../src/backup/naming';
import { benchContext, median, report } from './common';

async function dirSize(dir: string): Promise<number> {
  return fs.readdirSync(dir).reduce((s, f) => s + fs.statSync(path.join(dir, f)).size, 0);
}

async function main() {
  const ctx = await benchContext('b_bk_');
  const rounds = Number(process.env.BENCH_ROUNDS ?? 5);
  const log = (s: string) => process.stdout.write(s + '\n');
  await dropDatabases(ctx, { roles: false });
  const created = (await createDatabases(ctx)).databases;
  const migrated = (await migrate(ctx, 'latest')).databases;
  if (!created.every((x) => x.ok) || !migrated.every((x) => x.ok)) throw new Error('create/migrate failed');
  const seeded = await seed(ctx, { scale: 'medium' });
  if (seeded.databases.some((d) => !d.ok)) throw new Error('seed failed');
  const data = 'seeder --scale medium';
  const sizes = await withClient(ctx.targets[0].maintenanceUrl, 'sizes', (c) =>
    c.query(`SELECT sum(pg_database_size(datname))::bigint AS b FROM pg_database WHERE datname LIKE 'b\\_bk\\_%'`),
  );
  log(`data: ${data}; ${(Number(sizes.rows[0].b) / 1048576).toFixed(0)} MB on the server`);

  const pgDump = findTool('pg_dump');
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'quenty-bench-backup-'));
  const base: number[] = [];
  const ours: number[] = [];
  const oursZ1: number[] = [];
  let z1Bytes = 0;
  let baseBytes = 0;
  let oursBytes = 0;
  let lastRun = '';
  let oursDir = '';
  const runSpec = async (i: number) => {
    // The spec's script: pg_dump -F c of each database, one after another.
    const bdir = path.join(root, `spec_${i}`);
    fs.mkdirSync(bdir);
    const date = runIdFor(new Date());
    const t0 = process.hrtime.bigint();
    for (const t of ctx.targets) {
      const r = await runTool(pgDump, ['-F', 'c', '-f', path.join(bdir, `${t.name}_${date}.backup`)], pgEnv(t.url, t.dbName));
      if (r.code !== 0) throw new Error(`pg_dump ${t.name}: ${r.stderr}`);
    }
    base.push(Number(process.hrtime.bigint() - t0) / 1e6);
    baseBytes = await dirSize(bdir);
    fs.rmSync(bdir, { recursive: true, force: true });
  };
  const runOurs = async (i: number) => {
    oursDir = path.join(root, `ours_${i}`);
    const t0 = process.hrtime.bigint();
    const res = await createBackup(ctx, { dir: oursDir });
    ours.push(Number(process.hrtime.bigint() - t0) / 1e6);
    if (!res.ok) throw new Error('backup create failed: ' + JSON.stringify(res.manifest.databases.filter((d) => !d.ok)));
    oursBytes = res.manifest.databases.reduce((s, d) => s + (d.size ?? 0), 0);
    lastRun = res.manifest.runId;
  };
  const runZ1 = async (i: number) => {
    // The same with --compress 1 (pg_dump's fastest zlib level): a choice the command offers.
    const z1Dir = path.join(root, `z1_${i}`);
    const t0 = process.hrtime.bigint();
    const z1 = await createBackup(ctx, { dir: z1Dir, compress: 1 });
    oursZ1.push(Number(process.hrtime.bigint() - t0) / 1e6);
    if (!z1.ok) throw new Error('backup create --compress 1 failed');
    z1Bytes = z1.manifest.databases.reduce((s, d) => s + (d.size ?? 0), 0);
    fs.rmSync(z1Dir, { recursive: true, force: true });
  };
  // Warm-up (not timed): the first reads after seeding set hint bits; neither side should pay it alone.
  await runSpec(-1);
  base.length = 0;
  for (let i = 0; i < rounds; i++) {
    // Alternate which side goes first, so that neither always follows the other's cache state.
    if (i % 2 === 0) {
      await runSpec(i);
      await runOurs(i);
    } else {
      await runOurs(i);
      await runSpec(i);
    }
    await runZ1(i);
    log(
      `round ${i + 1}: spec script ${base[i].toFixed(0)} ms, backup create ${ours[i].toFixed(0)} ms, backup create --compress 1 ${oursZ1[i].toFixed(0)} ms (load ${os.loadavg()[0].toFixed(1)})`,
    );
    if (i < rounds - 1) fs.rmSync(oursDir, { recursive: true, force: true });
  }
  const t0 = process.hrtime.bigint();
  const v = await verifyBackup(ctx, { dir: oursDir, run: lastRun });
  const verifyMs = Number(process.hrtime.bigint() - t0) / 1e6;
  if (!v.ok) throw new Error('verify failed: ' + JSON.stringify(v.databases.filter((d) => !d.ok)));
  fs.rmSync(root, { recursive: true, force: true });
  await dropDatabases(ctx, { roles: false });

  const b = median(base);
  const o = median(ours);
  const ratio = o / b;
  log(
    `spec sequential pg_dump -Fc (9 databases): median ${b.toFixed(0)} ms over ${rounds} rounds [${base.map((x) => x.toFixed(0)).join(', ')}], ${(baseBytes / 1048576).toFixed(1)} MB`,
  );
  log(
    `quenty-db backup create (9 databases + globals, exact counts, SHA-256): median ${o.toFixed(0)} ms [${ours.map((x) => x.toFixed(0)).join(', ')}], ${(oursBytes / 1048576).toFixed(1)} MB`,
  );
  const z = median(oursZ1);
  log(`quenty-db backup create --compress 1: median ${z.toFixed(0)} ms [${oursZ1.map((x) => x.toFixed(0)).join(', ')}], ${(z1Bytes / 1048576).toFixed(1)} MB`);
  log(`ratio ours/spec at the same compression: ${ratio.toFixed(2)}× (goal ≤ 0.70×) — ${ratio <= 0.7 ? 'met' : 'NOT met'}`);
  log(`ratio ours --compress 1 / spec: ${(z / b).toFixed(2)}× (files ${((z1Bytes / baseBytes - 1) * 100).toFixed(0)}% larger)`);
  log(
    `load average during the run: ${os
      .loadavg()
      .map((x) => x.toFixed(1))
      .join(' ')} on ${os.cpus().length} cores (other work on the machine skews both sides)`,
  );
  log(`backup verify (checksums, pg_restore -l, restore into scratch, counts; not included above): ${verifyMs.toFixed(0)} ms`);
  void t0;
  report('backup', {
    data,
    cores: os.cpus().length,
    rounds,
    spec_sequential_ms: Math.round(b),
    backup_create_ms: Math.round(o),
    ratio: Number(ratio.toFixed(3)),
    goal_ratio: 0.7,
    backup_create_compress1_ms: Math.round(z),
    ratio_compress1: Number((z / b).toFixed(3)),
    compress1_bytes: z1Bytes,
    loadavg_1m: Number(os.loadavg()[0].toFixed(2)),
    verify_ms: Math.round(verifyMs),
    spec_bytes: baseBytes,
    ours_bytes: oursBytes,
  });
}

main().catch((e) => {
  process.stderr.write(`bench:backup failed: ${e instanceof Error ? e.stack : String(e)}\n`);
  process.exit(1);
});
