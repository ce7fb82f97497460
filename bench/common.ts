import os from 'node:os';
import { Worker } from 'node:worker_threads';
import path from 'node:path';
import { ensureEmbedded } from '../src/embedded';
import { openContext, Context, withClient, withDatabase } from '../src/db/targets';
import { parseConfig } from '../src/config';
import { loadRegistry } from '../src/registry';

/** Benchmarks run on QUENTY_BENCH_DATABASE_URL, else on the embedded test server (.quenty-test). */
export async function benchServerUrl(): Promise<string> {
  return process.env.QUENTY_BENCH_DATABASE_URL ?? (await ensureEmbedded(path.resolve(__dirname, '..', '.quenty-test')));
}

export async function benchContext(prefix: string, extra: Record<string, string> = {}): Promise<Context> {
  const registry = loadRegistry();
  const env = {
    QUENTY_DATABASE_URL: await benchServerUrl(),
    QUENTY_DB_PREFIX: prefix,
    QUENTY_HOME: path.resolve(__dirname, '..', '.quenty-test', 'bench-home'),
    ...extra,
  };
  return openContext({ registry, config: parseConfig(env, registry) });
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

export function report(name: string, values: Record<string, number | string>): void {
  process.stdout.write(`BENCH ${JSON.stringify({ bench: name, ...values })}\n`);
}

/**
 * Waits (up to `maxMs`) until no autovacuum worker runs on the server, and says how long it
 * waited. A load of 1M–10M rows makes autovacuum process those tables for minutes after; a run
 * measured meanwhile shares the two cores with it (medium seeds measured 21.6–24.0 s right after
 * a large one, 18.6–19.3 s once autovacuum was idle). Measured runs start on an idle server.
 */
export async function untilAutovacuumIdle(serverUrl: string, maxMs = 180_000): Promise<string> {
  const t0 = Date.now();
  for (;;) {
    const n = await withClient(withDatabase(serverUrl, 'postgres'), 'postgres', async (c) =>
      Number((await c.query(`SELECT count(*) AS n FROM pg_stat_activity WHERE backend_type = 'autovacuum worker'`)).rows[0].n),
    );
    const waited = Date.now() - t0;
    if (n === 0) return waited < 1000 ? 'autovacuum idle' : `waited ${(waited / 1000).toFixed(0)} s for autovacuum`;
    if (waited > maxMs) return `autovacuum still running after ${(maxMs / 1000).toFixed(0)} s (measured anyway)`;
    await new Promise((r) => setTimeout(r, 2000));
  }
}

/**
 * The host's speed now: a fixed piece of work (objects, dates and strings made and written into a
 * buffer, the shape of a seed's generation) run on every core at once, in ms (the slowest
 * thread). The machines these benches run on are shared: three times this work, on two cores
 * at once, took 2,986–4,620 ms within three minutes with nothing else running (2026-12-02). A timing measured
 * between two calibrations can be read against them: a seed 1.3× slower while the calibration is
 * 1.3× slower ran on a slower host, not on slower code.
 */
export async function hostCalibration(threads = Math.max(1, os.availableParallelism?.() ?? os.cpus().length)): Promise<number> {
  const work = `
    const { parentPort } = require('node:worker_threads');
    const t0 = process.hrtime.bigint();
    let acc = 0;
    for (let r = 0; r < 2; r++) {
      const rows = [];
      for (let i = 0; i < 200000; i++) rows.push({ id: i, name: 'n' + ((i * (r + 1)) % 9973), at: new Date(1.7e12 + i * 1000), pair: [i, i + 1] });
      const b = Buffer.allocUnsafeSlow(1 << 24);
      let o = 0;
      for (const x of rows) o += b.write(x.name + '\\t' + x.at.toISOString() + '\\n', o % ((1 << 24) - 64));
      acc += o;
    }
    parentPort.postMessage({ ms: Number(process.hrtime.bigint() - t0) / 1e6, acc });`;
  const runs = Array.from(
    { length: threads },
    () =>
      new Promise<number>((resolve, reject) => {
        const w = new Worker(work, { eval: true });
        w.once('message', (m: { ms: number }) => {
          resolve(m.ms);
          void w.terminate();
        });
        w.once('error', reject);
      }),
  );
  return Math.round(Math.max(...(await Promise.all(runs))));
}
