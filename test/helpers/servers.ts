import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ensureEmbedded, stopEmbedded } from '../../src/embedded';

/**
 * More PostgreSQL servers for tests of a fleet spread over several servers: the embedded
 * server, started again in its own folder and on its own port for each.
 */
export interface TestServer {
  home: string;
  url: string;
  stop(): Promise<boolean>;
  start(): Promise<string>;
  remove(): Promise<void>;
}

export async function startServers(tag: string, count: number): Promise<TestServer[]> {
  const out: TestServer[] = [];
  for (let k = 0; k < count; k++) {
    const home = fs.mkdtempSync(path.join(os.tmpdir(), `quenty-${tag}-${k}-`));
    fs.chmodSync(home, 0o755);
    const url = await ensureEmbedded(home);
    out.push({
      home,
      url,
      stop: () => stopEmbedded(home),
      start: () => ensureEmbedded(home),
      remove: async () => {
        await stopEmbedded(home).catch(() => false);
        fs.rmSync(home, { recursive: true, force: true });
      },
    });
  }
  return out;
}

/** The admin URL of `database` on a server. */
export function onServer(serverUrl: string, database: string): string {
  const u = new URL(serverUrl);
  u.pathname = '/' + database;
  return u.toString();
}
