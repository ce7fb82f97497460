/**
 * bench:migrate — wall time of `create` + `migrate latest` on the empty databases of the registry (as `up` runs
 * them, and as the two commands one after the other), against, in
 * the same run, applying the same schema (pg_dump --schema-only of a migrated database) with
 * `psql -1 -f` to as many empty databases one after the other (the databases made beforehand,
 * not timed). Median of 3 rounds each.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { parse } from 'pg-connection-string';
import { createDatabases, dropDatabases } from '../src/create';
import { migrate } from '../src/migrate';
import { createAndMigrate } from '../src/up';
import { withClient, quoteIdent } from '../src/db/targets';
import { benchContext, median, report } from './common';

async function main() {
  const ctx = await benchContext('bm_');
  const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
  const ours: number[] = [];
  const phases: number[] = [];
  const check = (c: Array<{ ok: boolean }>, m: Array<{ ok: boolean }>) => {
    if (!c.every((x) => x.ok) || !m.every((x) => x.ok) || m.length !== ctx.targets.length)
      throw new Error('create/migrate failed: ' + JSON.stringify([...c, ...m].filter((x) => !x.ok)));
  };
  for (let i = 0; i < rounds; i++) {
    // As `up` does it: each database migrated as soon as it exists.
    await dropDatabases(ctx, { roles: false });
    let t0 = process.hrtime.bigint();
    const r = await createAndMigrate(ctx);
    ours.push(Number(process.hrtime.bigint() - t0) / 1e6);
    check(r.create.databases, r.migrate.databases);
    // As the two commands `create` then `migrate latest` do it.
    await dropDatabases(ctx, { roles: false });
    t0 = process.hrtime.bigint();
    const c = (await createDatabases(ctx)).databases;
    const m = (await migrate(ctx, 'latest')).databases;
    phases.push(Number(process.hrtime.bigint() - t0) / 1e6);
    check(c, m);
  }
  // Baseline: the same DDL with psql -1 -f, one database after the other.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'quenty-bench-'));
  const dumps = ctx.targets.map((t) => {
    const file = path.join(dir, `${t.name}.sql`);
    const conn = parse(t.url);
    const r = spawnSync(
      'pg_dump',
      ['--schema-only', '--no-owner', '--no-privileges', '-h', conn.host!, '-p', String(conn.port ?? 5432), '-U', conn.user!, '-d', t.dbName, '-f', file],
      {
        env: { ...process.env, PGPASSWORD: conn.password ?? '' },
        encoding: 'utf8',
      },
    );
    if (r.status !== 0) throw new Error(`pg_dump failed: ${r.stderr}`);
    return { t, file, conn };
  });
  const base: number[] = [];
  for (let i = 0; i < rounds; i++) {
    for (const { t } of dumps) {
      await withClient(t.maintenanceUrl, t.name, async (c) => {
        await c.query(`DROP DATABASE IF EXISTS ${quoteIdent('bmb_' + t.name)} WITH (FORCE)`);
        await c.query(`CREATE DATABASE ${quoteIdent('bmb_' + t.name)} TEMPLATE template0`);
      });
    }
    const t0 = process.hrtime.bigint();
    for (const { t, file, conn } of dumps) {
      const r = spawnSync(
        'psql',
        ['-X', '-q', '-1', '-v', 'ON_ERROR_STOP=1', '-h', conn.host!, '-p', String(conn.port ?? 5432), '-U', conn.user!, '-d', 'bmb_' + t.name, '-f', file],
        {
          env: { ...process.env, PGPASSWORD: conn.password ?? '' },
          encoding: 'utf8',
        },
      );
      if (r.status !== 0) throw new Error(`psql failed on ${t.name}: ${r.stderr}`);
    }
    base.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  for (const { t } of dumps) {
    await withClient(t.maintenanceUrl, t.name, (c) => c.query(`DROP DATABASE IF EXISTS ${quoteIdent('bmb_' + t.name)} WITH (FORCE)`));
  }
  await dropDatabases(ctx, { roles: true });
  fs.rmSync(dir, { recursive: true, force: true });
  const o = median(ours);
  const p = median(phases);
  const b = median(base);
  console.log(`create + migrate latest, ${ctx.targets.length} databases, as \`up\` runs them (each migrated once created): ${o.toFixed(0)} ms`);
  console.log(`create, then migrate latest (the two commands one after the other): ${p.toFixed(0)} ms`);
  console.log(`psql -1 -f of the schema dump, ${ctx.targets.length} databases one after another: ${b.toFixed(0)} ms (databases made beforehand, not timed)`);
  console.log(`ratio ours / baseline: ${(o / b).toFixed(2)}x (goal <= 1.0x); the two commands: ${(p / b).toFixed(2)}x`);
  report('migrate', {
    ours_ms: Math.round(o),
    commands_ms: Math.round(p),
    baseline_ms: Math.round(b),
    ratio: Number((o / b).toFixed(2)),
    commands_ratio: Number((p / b).toFixed(2)),
    rounds,
  });
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
