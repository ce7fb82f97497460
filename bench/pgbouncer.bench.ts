/**
 * bench:pgbouncer — the point of a pooler: short-lived clients (connect, one transaction,
 * disconnect), spread over the service roles and databases of the registry, through our generated
 * PgBouncer config (transaction mode) against, in the same run, the same clients connecting
 * directly to PostgreSQL. Also: 200 concurrent clients × 10 transactions through PgBouncer on
 * at most 9 × 5 server connections, and the time of `pgbouncer config`. Median of 3 rounds.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { createDatabases, dropDatabases } from '../src/create';
import { servicePassword } from '../src/db/credentials';
import { Context, Target } from '../src/db/targets';
import { generateConfig, detectPgBouncer } from '../src/pgbouncer';
import { freePort, startPgBouncer } from '../src/pgbouncer/process';
import { mapLimit } from '../src/util/concurrency';
import { benchContext, median, report } from './common';

const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 1000);
const WORKERS = Number(process.env.BENCH_WORKERS ?? 20);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);

async function shortLived(ctx: Context, cfgFor: (t: Target) => pg.ClientConfig): Promise<number> {
  const t0 = process.hrtime.bigint();
  await mapLimit(
    Array.from({ length: REQUESTS }, (_, i) => i),
    WORKERS,
    async (i) => {
      const t = ctx.targets[i % ctx.targets.length];
      const c = new pg.Client(cfgFor(t));
      await c.connect();
      try {
        await c.query('BEGIN');
        await c.query('SELECT $1::int + 1 AS n', [i]);
        await c.query('COMMIT');
      } finally {
        await c.end();
      }
    },
  );
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

async function main() {
  if (!detectPgBouncer()) throw new Error('pgbouncer is not installed (apt-get install -y pgbouncer)');
  const port = await freePort();
  const ctx = await benchContext('bpg_', {
    QUENTY_PGBOUNCER_LISTEN_PORT: String(port),
    QUENTY_PGBOUNCER_UNIX_SOCKET_DIR: '',
    QUENTY_PGBOUNCER_MAX_CLIENT_CONN: '300',
    QUENTY_PGBOUNCER_DEFAULT_POOL_SIZE: '4',
    QUENTY_PGBOUNCER_MIN_POOL_SIZE: '0',
    QUENTY_PGBOUNCER_RESERVE_POOL_SIZE: '1',
    QUENTY_PGBOUNCER_MAX_DB_CONNECTIONS: '5',
  });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'quenty-bench-pgb-'));
  fs.chmodSync(dir, 0o755);
  const created = (await createDatabases(ctx)).databases;
  if (!created.every((c) => c.ok)) throw new Error('create failed: ' + JSON.stringify(created.filter((c) => !c.ok)));
  const c0 = process.hrtime.bigint();
  const config = await generateConfig(ctx, { outDir: dir });
  const configMs = Number(process.hrtime.bigint() - c0) / 1e6;
  const bouncer = await startPgBouncer(config.iniFile, port);
  try {
    const pw = new Map(ctx.targets.map((t) => [t.name, servicePassword(ctx, t).password]));
    const direct = (t: Target): pg.ClientConfig => {
      const u = new URL(t.url);
      return { host: u.hostname, port: Number(u.port), user: t.role, password: pw.get(t.name), database: t.dbName };
    };
    const pooled = (t: Target): pg.ClientConfig => ({ host: '127.0.0.1', port, user: t.role, password: pw.get(t.name), database: t.dbName });
    await shortLived(ctx, pooled); // warm-up: the pools open
    const ours: number[] = [];
    const base: number[] = [];
    for (let r = 0; r < ROUNDS; r++) {
      base.push(await shortLived(ctx, direct));
      ours.push(await shortLived(ctx, pooled));
    }
    // 200 concurrent clients, 10 transactions each, through the pooler.
    const m0 = process.hrtime.bigint();
    const clients = await Promise.all(
      Array.from({ length: 200 }, async (_, i) => {
        const c = new pg.Client(pooled(ctx.targets[i % ctx.targets.length]));
        await c.connect();
        return c;
      }),
    );
    await Promise.all(
      clients.map(async (c, i) => {
        for (let k = 0; k < 10; k++) {
          await c.query('BEGIN');
          await c.query('SELECT $1::int AS n', [i * 10 + k]);
          await c.query('COMMIT');
        }
        await c.end();
      }),
    );
    const manyMs = Number(process.hrtime.bigint() - m0) / 1e6;
    const o = median(ours);
    const b = median(base);
    console.log(`short-lived clients: ${REQUESTS} × (connect, BEGIN/SELECT/COMMIT, disconnect), ${WORKERS} at a time, 9 service roles`);
    console.log(
      `  directly to PostgreSQL (baseline): ${b.toFixed(0)} ms (${((REQUESTS / b) * 1000).toFixed(0)} req/s)  rounds ${base.map((x) => x.toFixed(0)).join(', ')}`,
    );
    console.log(
      `  through PgBouncer (ours):          ${o.toFixed(0)} ms (${((REQUESTS / o) * 1000).toFixed(0)} req/s)  rounds ${ours.map((x) => x.toFixed(0)).join(', ')}`,
    );
    console.log(`  ratio ours / baseline: ${(o / b).toFixed(2)}x (lower is better)`);
    console.log(
      `200 concurrent clients × 10 transactions through PgBouncer (≤ 45 server connections): ${manyMs.toFixed(0)} ms (${((2000 / manyMs) * 1000).toFixed(0)} tx/s)`,
    );
    console.log(`pgbouncer config (read 9 SCRAM secrets, max_connections, write files): ${configMs.toFixed(0)} ms`);
    report('pgbouncer', {
      ours_ms: Math.round(o),
      baseline_ms: Math.round(b),
      ratio: Number((o / b).toFixed(2)),
      requests: REQUESTS,
      workers: WORKERS,
      rounds: ROUNDS,
      concurrent200_ms: Math.round(manyMs),
      config_ms: Math.round(configMs),
      pgbouncer: config.version,
    });
  } finally {
    await bouncer.stop();
    await dropDatabases(ctx, { roles: true });
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
