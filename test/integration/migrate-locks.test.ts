import pg from 'pg';
import { Context, openContext, withDatabase } from '../../src/db/targets';
import { parseConfig } from '../../src/config';
import { createDatabases } from '../../src/create';
import { MigrateEvent, migrate } from '../../src/migrate';
import { dropTestDatabases, testEnv } from '../helpers/context';
import { fixtureRegistry, migrationSource } from '../helpers/fixture-registry';

/**
 * lock_timeout by default: a migration that cannot get its lock gives up after lock_timeout,
 * is rolled back, waits and tries again; it goes through once the session holding the
 * conflicting lock lets go, and fails with a clear error after the last attempt.
 */
describe('migrations run with lock_timeout and retry against a real lock holder', () => {
  const fx = fixtureRegistry();
  let ctx: Context;
  let holder: pg.Client;
  beforeAll(async () => {
    const env = testEnv('t_mlk_', { QUENTY_MIGRATION_LOCK_TIMEOUT: '200ms', QUENTY_MIGRATION_LOCK_RETRIES: '3' });
    ctx = await openContext({ registry: fx.registry, config: parseConfig(env, fx.registry) });
    await dropTestDatabases(ctx);
    await createDatabases(ctx);
    fx.write('0001_t', migrationSource('CREATE TABLE t (id int)', 'DROP TABLE t'));
    expect((await migrate(ctx, 'latest')).databases[0].ok).toBe(true);
    holder = new pg.Client({ connectionString: withDatabase(ctx.config.serverUrl!, ctx.targets[0].dbName) });
    await holder.connect();
  });
  afterAll(async () => {
    await holder?.end();
    await dropTestDatabases(ctx);
  });

  const columns = async () =>
    (await holder.query(`SELECT attname FROM pg_attribute WHERE attrelid = 't'::regclass AND attnum > 0 AND NOT attisdropped ORDER BY attnum`)).rows.map(
      (r) => r.attname,
    );
  const applied = async () => (await holder.query(`SELECT name FROM knex_migrations_fx ORDER BY id`)).rows.map((r) => r.name);

  it('gives up after N attempts with an error naming the migration, the attempts and lock_timeout; nothing is applied', async () => {
    fx.write('0002_add_b', migrationSource('ALTER TABLE t ADD COLUMN b int', 'ALTER TABLE t DROP COLUMN b'));
    await holder.query('BEGIN');
    await holder.query('LOCK TABLE t IN ACCESS SHARE MODE'); // a long read: conflicts with ALTER TABLE's ACCESS EXCLUSIVE
    const events: MigrateEvent[] = [];
    const started = Date.now();
    const [r] = (await migrate(ctx, 'latest', { onEvent: (e) => events.push(e) })).databases;
    const elapsed = Date.now() - started;
    await holder.query('COMMIT');
    expect(r.ok).toBe(false);
    expect(r.code).toBe('LOCK_TIMEOUT');
    expect(r.error).toMatch(/0002_add_b \(up\) could not get its locks: 3 attempt\(s\) of lock_timeout 200 ms each failed/);
    expect(r.hint).toMatch(/pg_stat_activity/);
    const waits = events.filter((e): e is Extract<MigrateEvent, { type: 'lock-wait' }> => e.type === 'lock-wait');
    expect(waits.map((w) => [w.migration, w.attempt, w.attempts, w.lockTimeoutMs])).toEqual([
      ['0002_add_b', 1, 3, 200],
      ['0002_add_b', 2, 3, 200],
    ]);
    expect(waits[0].error).toMatch(/lock timeout/);
    // Two backoff waits (0.5 s, 1 s, each up to 20% more) between three attempts.
    expect(elapsed).toBeGreaterThanOrEqual(1500);
    expect(await columns()).toEqual(['id']);
    expect(await applied()).toEqual(['0001_t']);
  });

  it('goes through once the holder releases its lock, and reports its waits', async () => {
    await holder.query('BEGIN');
    await holder.query('LOCK TABLE t IN ACCESS SHARE MODE');
    let released = false;
    const [r] = (
      await migrate(ctx, 'latest', {
        onEvent: (e) => {
          if (e.type === 'lock-wait' && !released) {
            released = true;
            void holder.query('COMMIT');
          }
        },
      })
    ).databases;
    expect(r.error).toBeUndefined();
    expect(r.ok).toBe(true);
    expect(released).toBe(true);
    expect(r.steps.map((s) => [s.name, s.lockWaits, s.lockTimeoutMs])).toEqual([['0002_add_b', 1, 200]]);
    expect(await columns()).toEqual(['id', 'b']);
    expect(await applied()).toEqual(['0001_t', '0002_add_b']);
  });

  it('a migration sets its own lock_timeout and statement_timeout; a statement timeout is not retried', async () => {
    fx.write(
      '0003_settings',
      migrationSource(
        "CREATE TABLE seen AS SELECT current_setting('lock_timeout') AS lt, current_setting('statement_timeout') AS st",
        'DROP TABLE seen',
        "export const config = { lockTimeout: '1500ms', statementTimeout: '1min' };",
      ),
    );
    fx.write(
      '0004_notx_settings',
      migrationSource(
        "INSERT INTO seen SELECT current_setting('lock_timeout'), current_setting('statement_timeout')",
        'SELECT 1',
        'export const config = { transaction: false };',
      ),
    );
    const [r] = (await migrate(ctx, 'latest')).databases;
    expect(r.error).toBeUndefined();
    expect((await holder.query('SELECT lt, st FROM seen')).rows).toEqual([
      { lt: '1500ms', st: '1min' },
      { lt: '200ms', st: '0' }, // the defaults (QUENTY_MIGRATION_LOCK_TIMEOUT here; no statement_timeout)
    ]);
    fx.write('0005_slow', migrationSource('SELECT pg_sleep(2)', 'SELECT 1', "export const config = { statementTimeout: '100ms' };"));
    const events: MigrateEvent[] = [];
    const [slow] = (await migrate(ctx, 'latest', { onEvent: (e) => events.push(e) })).databases;
    expect(slow.ok).toBe(false);
    expect(slow.code).toBe('MIGRATION');
    expect(slow.error).toMatch(/statement timeout/);
    expect(events.filter((e) => e.type === 'lock-wait')).toEqual([]);
  });
});
