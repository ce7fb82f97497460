import pg from 'pg';
import { Context, withClient } from '../../src/db/targets';
import { up } from '../../src/up';
import { seed } from '../../src/seed';
import { dropTestDatabases, testContext } from './context';

/**
 * One seeded world per test file: the registry's databases under `prefix`, migrated and seeded
 * with `rows` rows at anchor `now` before the file's tests, dropped after. `q` runs SQL in one
 * database of it.
 */
export function seededWorld(prefix: string, rows: number, now: Date) {
  let ctx: Context;
  beforeAll(async () => {
    ctx = await testContext(prefix);
    await dropTestDatabases(ctx);
    await up(ctx, { seed: false });
    const r = await seed(ctx, { rows, now, reset: true, yes: true });
    if (!r.ok) throw new Error(JSON.stringify(r.databases.filter((d) => !d.ok)));
  }, 600_000);
  afterAll(async () => {
    await dropTestDatabases(ctx);
  });
  const q = async <T = Record<string, any>>(db: string, sql: string): Promise<T[]> =>
    withClient(ctx.target(db).url, db, async (c: pg.Client) => (await c.query(sql)).rows as T[]);
  return { q, context: () => ctx };
}
