import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Context, openContext } from '../../src/db/targets';
import { parseConfig } from '../../src/config';
import { loadRegistry } from '../../src/registry';
import { dropDatabases } from '../../src/create';

export function serverUrl(): string {
  const url = process.env.QUENTY_TEST_DATABASE_URL;
  if (!url) throw new Error('QUENTY_TEST_DATABASE_URL is not set: integration tests need the jest globalSetup');
  return url;
}

/** Env for a test's own copies of the registry's databases: `<prefix><name>`, roles `<prefix><service>`. */
export function testEnv(prefix: string, extra: Record<string, string> = {}): Record<string, string> {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), `quenty-${prefix}`));
  return { QUENTY_DATABASE_URL: serverUrl(), QUENTY_DB_PREFIX: prefix, QUENTY_HOME: home, QUENTY_LOCK_TIMEOUT: '30', ...extra };
}

export async function testContext(prefix: string, extra: Record<string, string> = {}): Promise<Context> {
  const registry = loadRegistry();
  const env = testEnv(prefix, extra);
  return openContext({ registry, config: parseConfig(env, registry) });
}

/** Drops the test's databases and roles. */
export async function dropTestDatabases(ctx: Context): Promise<void> {
  await dropDatabases(ctx, { roles: true });
}

export const CLI = path.resolve(__dirname, '..', '..', 'bin', 'quenty-db');
