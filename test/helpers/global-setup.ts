import path from 'node:path';
import { configuredMaxConnections, embeddedMaxConnections, embeddedStatus, ensureEmbedded, readState, stopEmbedded } from '../../src/embedded';
import { settingsFromEnv } from '../../src/pgbouncer/settings';
import { loadRegistry } from '../../src/registry';

/** The registry root of test/fixtures/ whose database joins the package's in some tests. */
export const EXTRA_REGISTRY = path.resolve(__dirname, '..', 'fixtures', 'extra-registry');

/**
 * Integration tests run against a real PostgreSQL: QUENTY_TEST_DATABASE_URL when given, else
 * the embedded server in <repo>/.quenty-test (started once, left running for the next run).
 * Each test file works on its own prefixed copies of the databases (QUENTY_DB_PREFIX), so
 * files can run in parallel on one server. The server is sized for the largest registry a
 * test loads (the package's plus test/fixtures/extra-registry): one made for a smaller
 * registry is restarted with the larger max_connections.
 */
export default async function globalSetup() {
  if (!process.env.QUENTY_TEST_DATABASE_URL) {
    const home = path.resolve(__dirname, '..', '..', '.quenty-test');
    const databases = loadRegistry({ extraRoots: [EXTRA_REGISTRY] }).databases.length;
    const state = readState(home);
    if (state && embeddedStatus(home).running && (configuredMaxConnections(state.dataDir) ?? Infinity) < wantedFor(databases)) await stopEmbedded(home);
    process.env.QUENTY_TEST_DATABASE_URL = await ensureEmbedded(home, { databases });
    process.env.QUENTY_TEST_EMBEDDED_HOME = home;
  }
}

function wantedFor(databases: number): number {
  return embeddedMaxConnections(databases, settingsFromEnv(process.env));
}
