import { parseConfig } from '../../src/config';
import { resolveTargets } from '../../src/db/targets';
import { loadRegistry } from '../../src/registry';
import { redact, redactUrl, registerSecret } from '../../src/util/redact';

const reg = loadRegistry();

describe('configuration', () => {
  it('uses the embedded server when nothing is configured', () => {
    const c = parseConfig({}, reg, '/work/p');
    expect(c.mode).toBe('embedded');
    expect(c.home).toBe('/work/p/.quenty');
    expect(c.concurrency).toBe(4);
    expect(c.lockTimeoutMs).toBe(60000);
    expect(c.backupDir).toBe('/work/p/backups');
  });

  it('reads the server URL, per-database overrides, prefix and numbers', () => {
    const c = parseConfig(
      {
        QUENTY_DATABASE_URL: 'postgres://admin:s3cret-pw@db.local:5433/postgres',
        QUENTY_ORDER_DB_URL: 'postgresql://admin:other-pw@orders.local:5432/order_db',
        QUENTY_DB_PREFIX: 'ci_',
        QUENTY_CONCURRENCY: '2',
        QUENTY_LOCK_TIMEOUT: '5',
        QUENTY_HOME: '/tmp/h',
      },
      reg,
    );
    expect(c.mode).toBe('url');
    expect(c.overrides).toEqual({ order_db: 'postgresql://admin:other-pw@orders.local:5432/order_db' });
    expect(c.lockTimeoutMs).toBe(5000);
    const targets = resolveTargets(c, reg, c.serverUrl);
    const order = targets.find((t) => t.name === 'order_db')!;
    expect(order.dbName).toBe('ci_order_db');
    expect(order.role).toBe('ci_order');
    expect(order.server).toBe('orders.local:5432');
    const auth = targets.find((t) => t.name === 'auth_db')!;
    expect(auth.url).toBe('postgres://admin:s3cret-pw@db.local:5433/ci_auth_db');
    expect(auth.maintenanceUrl).toBe('postgres://admin:s3cret-pw@db.local:5433/postgres');
  });

  it('keeps the database name of an override without a prefix', () => {
    const c = parseConfig({ QUENTY_DATABASE_URL: 'postgres://a:b@h/postgres', QUENTY_ORDER_DB_URL: 'postgres://a:b@o:5432/orders_prod' }, reg);
    expect(resolveTargets(c, reg, c.serverUrl).find((t) => t.name === 'order_db')!.dbName).toBe('orders_prod');
  });

  it('names the variable of every bad value, and hides passwords', () => {
    let message = '';
    try {
      parseConfig(
        {
          QUENTY_DATABASE_URL: 'mysql://root:hunter22@x/y',
          QUENTY_CONCURRENCY: 'many',
          QUENTY_FOO_DB_URL: 'postgres://a@b/c',
          QUENTY_DB_PREFIX: 'Bad-Prefix',
          QUENTY_AUTH_PASSWORD: 'short',
        },
        reg,
      );
    } catch (e) {
      message = (e as Error).message;
      expect((e as { code?: string }).code).toBe('CONFIG');
    }
    expect(message).toMatch(/QUENTY_DATABASE_URL must be a postgres:\/\/ or postgresql:\/\/ URL/);
    expect(message).toMatch(/QUENTY_CONCURRENCY must be a whole number/);
    expect(message).toMatch(/QUENTY_FOO_DB_URL: no database of that name/);
    expect(message).toMatch(/QUENTY_DB_PREFIX must be lower-case/);
    expect(message).toMatch(/QUENTY_AUTH_PASSWORD: a service password must have at least 8 characters/);
    expect(message).not.toContain('hunter22');
  });

  it('redacts passwords in URLs and registered secrets', () => {
    expect(redactUrl('connect to postgres://u:p%40ss@h:5432/db failed')).toBe('connect to postgres://u:***@h:5432/db failed');
    registerSecret('Zq9-very-secret');
    expect(redact('password authentication failed: Zq9-very-secret')).toBe('password authentication failed: ***');
    expect(redact("ALTER ROLE x PASSWORD 'abc'")).toBe('ALTER ROLE x PASSWORD ***');
  });
});
