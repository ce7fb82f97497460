import { loadRegistry } from '../../src/registry';
import { parseConfig, parseDuration } from '../../src/config';
import { lockRetryDelayMs, migrationSettings } from '../../src/migrate';

const defaults = { migrationLockTimeoutMs: 5000, migrationLockRetries: 5, migrationStatementTimeoutMs: 0 };

describe('lock_timeout and statement_timeout of migrations', () => {
  test('durations as PostgreSQL writes them', () => {
    expect([parseDuration('500ms'), parseDuration('5s'), parseDuration('2min'), parseDuration('1h'), parseDuration('750'), parseDuration(1200)]).toEqual([
      500, 5000, 120000, 3600000, 750, 1200,
    ]);
    expect(parseDuration('5 seconds')).toBeUndefined();
    expect(parseDuration('-1s')).toBeUndefined();
  });

  test('configuration: defaults, environment, and errors naming the variable', () => {
    const registry = loadRegistry();
    const c = parseConfig({}, registry);
    expect([c.migrationLockTimeoutMs, c.migrationLockRetries, c.migrationStatementTimeoutMs]).toEqual([5000, 5, 0]);
    const e = parseConfig({ QUENTY_MIGRATION_LOCK_TIMEOUT: '2s', QUENTY_MIGRATION_LOCK_RETRIES: '8', QUENTY_MIGRATION_STATEMENT_TIMEOUT: '15min' }, registry);
    expect([e.migrationLockTimeoutMs, e.migrationLockRetries, e.migrationStatementTimeoutMs]).toEqual([2000, 8, 900000]);
    expect(() => parseConfig({ QUENTY_MIGRATION_LOCK_TIMEOUT: 'soon' }, registry)).toThrow(/QUENTY_MIGRATION_LOCK_TIMEOUT must be a duration/);
    expect(() => parseConfig({ QUENTY_MIGRATION_LOCK_RETRIES: '0' }, registry)).toThrow(/QUENTY_MIGRATION_LOCK_RETRIES must be between 1 and 100/);
  });

  test('per migration: its config wins over the defaults; 0 turns lock_timeout off', () => {
    expect(migrationSettings('m', undefined, defaults)).toEqual({ transaction: true, lockTimeoutMs: 5000, statementTimeoutMs: 0, attempts: 5 });
    expect(migrationSettings('m', { transaction: false, lockTimeout: '10s', statementTimeout: 60000, lockRetries: 2 }, defaults)).toEqual({
      transaction: false,
      lockTimeoutMs: 10000,
      statementTimeoutMs: 60000,
      attempts: 2,
    });
    expect(migrationSettings('m', { lockTimeout: 0 }, defaults).lockTimeoutMs).toBe(0);
    expect(() => migrationSettings('0007_x', { lockTimeout: 'a while' }, defaults)).toThrow(/0007_x: config.lockTimeout must be a duration/);
    expect(() => migrationSettings('0007_x', { lockRetries: 0 }, defaults)).toThrow(/config.lockRetries/);
  });

  test('backoff doubles from 0.5 s to at most 15 s, with at most 20% jitter', () => {
    expect([1, 2, 3, 4, 5, 6, 7].map((a) => lockRetryDelayMs(a, () => 0))).toEqual([500, 1000, 2000, 4000, 8000, 15000, 15000]);
    expect(lockRetryDelayMs(1, () => 1)).toBe(600);
  });
});
