import path from 'node:path';
import { ensureEmbedded } from '../src/embedded';
import { openContext, Context } from '../src/db/targets';
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
