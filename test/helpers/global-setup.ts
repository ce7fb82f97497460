import path from 'node:path';
import { ensureEmbedded } from '../../src/embedded';

/**
 * Integration tests run against a real PostgreSQL: QUENTY_TEST_DATABASE_URL when given, else
 * the embedded server in <repo>/.quenty-test (started once, left running for the next run).
 * Each test file works on its own prefixed copies of the databases (QUENTY_DB_PREFIX), so
 * files can run in parallel on one server.
 */
export default async function globalSetup() {
  if (!process.env.QUENTY_TEST_DATABASE_URL) {
    const home = path.resolve(__dirname, '..', '..', '.quenty-test');
    process.env.QUENTY_TEST_DATABASE_URL = await ensureEmbedded(home);
    process.env.QUENTY_TEST_EMBEDDED_HOME = home;
  }
}
