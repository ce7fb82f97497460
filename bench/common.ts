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
