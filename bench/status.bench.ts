/**
 * bench:status — wall time of `status` (library call) over every database of the registry,
 * migrated with their partitions and a tiny seed, median of BENCH_ROUNDS (default 5). In the
 * same run, two baselines: the six read-only calls an operator runs today one after the other
 * (migrate status, partitions status, backup list, verify, and a `SELECT 1` per database for
 * reachability), and the floor: one connection and `SELECT 1` to every database at once.
 * Goal: under 2 s.
 */
import pg from 'pg';
import { dropDatabases } from '../src/create';
import { clientConfig } from '../src/db/targets';
import { migrationStatus } from '../src/migrate';
import { partitionStatus } from '../src/partitions';
import { listRuns } from '../src/backup';
import { verifyDatabases } from '../src/verify';
import { fleetStatus } from '../src/status';
import { up } from '../src/up';
import { benchContext, median, report } from './common';

const ms = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e6;

async function main() {
  const prefix = 'bst_';
  const ctx = await benchContext(prefix);
  const rounds = Number(process.env.BENCH_ROUNDS ?? 5);
  await dropDatabases(ctx, { roles: true });
  const u = await up(ctx, {});
  if (!u.migrate.ok) throw new Error('up failed');
  try {
    const status: number[] = [];
    const six: number[] = [];
    const floor: number[] = [];
    let critical = 0;
    for (let i = 0; i < rounds; i++) {
      let t0 = process.hrtime.bigint();
      const r = await fleetStatus(ctx, { recordSizes: false });
      status.push(ms(t0));
      critical = r.counts.critical;
      t0 = process.hrtime.bigint();
      await migrationStatus(ctx);
      await partitionStatus(ctx);
      listRuns(ctx.config.backupDir);
      await verifyDatabases(ctx);
      for (const t of ctx.targets) {
        const c = new pg.Client(clientConfig(t.url, 'bench'));
        await c.connect();
        await c.query('SELECT 1');
        await c.end();
      }
      six.push(ms(t0));
      t0 = process.hrtime.bigint();
      await Promise.all(
        ctx.targets.map(async (t) => {
          const c = new pg.Client(clientConfig(t.url, 'bench'));
          await c.connect();
          await c.query('SELECT 1');
          await c.end();
        }),
      );
      floor.push(ms(t0));
    }
    const s = median(status);
    const b = median(six);
    const f = median(floor);
    const n = ctx.targets.length;
    console.log(`status, ${n} database(s) (library):        ${s.toFixed(0)} ms (median of ${rounds}; ${critical} critical: no backup in the bench)`);
    console.log(`baseline: the separate read-only calls:    ${b.toFixed(0)} ms   ratio status/calls ${(s / b).toFixed(2)}`);
    console.log(`floor: SELECT 1 on every database at once: ${f.toFixed(0)} ms   ratio status/floor ${(s / f).toFixed(2)}`);
    console.log(`goal < 2000 ms: ${s < 2000 ? 'met' : 'NOT met'}`);
    report('status', {
      status_ms: Math.round(s),
      calls_baseline_ms: Math.round(b),
      ratio_vs_calls: Number((s / b).toFixed(2)),
      floor_ms: Math.round(f),
      ratio_vs_floor: Number((s / f).toFixed(2)),
      goal_ms: 2000,
      goal_met: s < 2000 ? 'yes' : 'no',
    });
  } finally {
    await dropDatabases(ctx, { roles: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
