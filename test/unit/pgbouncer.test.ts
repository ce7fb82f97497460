import crypto from 'node:crypto';
import { parseConfig } from '../../src/config';
import { resolveTargets } from '../../src/db/targets';
import { loadRegistry } from '../../src/registry';
import { auditReferenceColumns } from '../../src/create';
import {
  DEFAULT_SETTINGS,
  databaseLines,
  lintSettings,
  parsePgBouncerVersionOutput,
  isRefusal,
  poolConnections,
  renderIni,
  renderUserlist,
  scramSecret,
  settingsFromEnv,
  transactionModeWarnings,
} from '../../src/pgbouncer';
import { classifyProbe, configuredPooler, assertDirectUrl } from '../../src/db/pooler-guard';
import { parseScramSecret, scramMatches } from '../../src/util/scram';

const reg = loadRegistry();
const config = parseConfig(
  { QUENTY_DATABASE_URL: 'postgres://admin:pw-secret@db.local:5432/postgres', QUENTY_ORDER_DB_URL: 'postgres://admin:pw2-secret@orders.local:5433/order_db' },
  reg,
);
const targets = resolveTargets(config, reg, config.serverUrl);
const lines = databaseLines(targets);

function ini(version: [number, number, number], env: Record<string, string> = {}) {
  return renderIni({ version, settings: settingsFromEnv(env), databases: lines, authFile: '/etc/pgbouncer/userlist.txt' });
}

/** Parses an ini into section -> key -> value (as PgBouncer reads it: `;` comments). */
function parseIni(text: string): Record<string, Record<string, string>> {
  const out: Record<string, Record<string, string>> = {};
  let section = '';
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith(';') || line.startsWith('#')) continue;
    const m = /^\[(.+)\]$/.exec(line);
    if (m) {
      section = m[1];
      out[section] = {};
      continue;
    }
    const eq = line.indexOf('=');
    out[section][line.slice(0, eq).trim()] = line.slice(eq + 1).trim();
  }
  return out;
}

describe('pgbouncer version', () => {
  it('parses `pgbouncer --version`', () => {
    expect(parsePgBouncerVersionOutput('PgBouncer 1.18.0\nlibevent 2.1.12-stable\nadns: c-ares 1.18.1\n')).toEqual([1, 18, 0]);
    expect(parsePgBouncerVersionOutput('PgBouncer 1.21\n')).toEqual([1, 21, 0]);
    expect(parsePgBouncerVersionOutput('pgbouncer: command not found')).toBeUndefined();
  });
});

describe('pgbouncer.ini', () => {
  it('has every database of the registry with its own host, port and name, and the spec pool settings', () => {
    const p = parseIni(ini([1, 18, 0]));
    expect(Object.keys(p.databases).sort()).toEqual(reg.databases.map((d) => d.name).sort());
    expect(p.databases.auth_db).toBe('host=db.local port=5432 dbname=auth_db');
    expect(p.databases.order_db).toBe('host=orders.local port=5433 dbname=order_db');
    const b = p.pgbouncer;
    expect(b).toMatchObject({
      pool_mode: 'transaction',
      max_client_conn: '100',
      default_pool_size: '20',
      min_pool_size: '5',
      reserve_pool_size: '5',
      reserve_pool_timeout: '5',
      max_db_connections: '50',
      auth_type: 'scram-sha-256',
      auth_file: '/etc/pgbouncer/userlist.txt',
      admin_users: 'pgbouncer_admin',
    });
  });

  it('writes max_prepared_statements only for PgBouncer 1.21 and later', () => {
    expect(parseIni(ini([1, 18, 0])).pgbouncer.max_prepared_statements).toBeUndefined();
    expect(parseIni(ini([1, 20, 1])).pgbouncer.max_prepared_statements).toBeUndefined();
    expect(parseIni(ini([1, 21, 0])).pgbouncer.max_prepared_statements).toBe('100');
    expect(parseIni(ini([1, 23, 1], { QUENTY_PGBOUNCER_MAX_PREPARED_STATEMENTS: '200' })).pgbouncer.max_prepared_statements).toBe('200');
  });

  it('refuses a PgBouncer too old for SCRAM secrets', () => {
    expect(() => ini([1, 12, 0])).toThrow(/cannot use SCRAM/);
  });

  it('takes each setting from QUENTY_PGBOUNCER_<SETTING> and rejects bad values', () => {
    const s = settingsFromEnv({
      QUENTY_PGBOUNCER_DEFAULT_POOL_SIZE: '8',
      QUENTY_PGBOUNCER_POOL_MODE: 'session',
      QUENTY_PGBOUNCER_LISTEN_PORT: '7432',
      QUENTY_PGBOUNCER_UNIX_SOCKET_DIR: '',
    });
    expect(s).toMatchObject({ default_pool_size: 8, pool_mode: 'session', listen_port: 7432, unix_socket_dir: '', max_db_connections: 50 });
    expect(() => settingsFromEnv({ QUENTY_PGBOUNCER_DEFAULT_POOL_SIZE: 'many' })).toThrow(/QUENTY_PGBOUNCER_DEFAULT_POOL_SIZE must be a whole number/);
    expect(() => settingsFromEnv({ QUENTY_PGBOUNCER_POOL_MODE: 'txn' })).toThrow(/session, transaction or statement/);
    expect(() => settingsFromEnv({ QUENTY_PGBOUNCER_LISTEN_PORT: '70000' })).toThrow(/port/);
  });
});

describe('userlist.txt', () => {
  it('holds SCRAM secrets in PostgreSQL format and refuses anything else', () => {
    const salt = Buffer.from('0123456789abcdef');
    const secret = scramSecret('correct horse', salt, 4096);
    expect(secret).toMatch(/^SCRAM-SHA-256\$4096:MDEyMzQ1Njc4OWFiY2RlZg==\$[A-Za-z0-9+/]+=:[A-Za-z0-9+/]+=$/);
    // RFC 7677 construction: StoredKey = H(HMAC(SaltedPassword, "Client Key"))
    const salted = crypto.pbkdf2Sync('correct horse', salt, 4096, 32, 'sha256');
    const stored = crypto.createHash('sha256').update(crypto.createHmac('sha256', salted).update('Client Key').digest()).digest('base64');
    expect(secret.split('$')[2].split(':')[0]).toBe(stored);
    expect(renderUserlist([{ user: 'order', secret }])).toBe(`"order" "${secret}"\n`);
    expect(() => renderUserlist([{ user: 'order', secret: 'plain-password' }])).toThrow(/not a SCRAM/);
    expect(() => renderUserlist([{ user: 'order', secret: 'md5abcdef0123456789abcdef0123456789' }])).toThrow(/not a SCRAM/);
  });

  it('recognises a secret made from the same password with its own salt and iterations (create keeps it)', () => {
    const secret = scramSecret('correct horse', Buffer.from('fedcba9876543210'), 10000);
    expect(parseScramSecret(secret)).toEqual({ iterations: 10000, salt: Buffer.from('fedcba9876543210') });
    expect(scramMatches(secret, 'correct horse')).toBe(true);
    expect(scramMatches(secret, 'correct horse!')).toBe(false);
    expect(scramMatches('md5abcdef0123456789abcdef0123456789', 'correct horse')).toBe(false);
    expect(scramMatches(null, 'correct horse')).toBe(false);
  });
});

describe('check: what counts as a refusal', () => {
  const err = (code: string | undefined, message: string) => Object.assign(new Error(message), code ? { code } : {});
  it('counts only authentication (28xxx), insufficient privilege (42501) and no such database (3D000)', () => {
    expect(isRefusal(err('28P01', 'password authentication failed for user "order"'))).toBe(true);
    expect(isRefusal(err('28000', 'no pg_hba.conf entry'))).toBe(true);
    expect(isRefusal(err('42501', 'permission denied for database "customer_db"'))).toBe(true);
    expect(isRefusal(err('3D000', 'database "nope" does not exist'))).toBe(true);
    // PgBouncer passes the server's refusal on as 08P01 with the server's message
    expect(isRefusal(err('08P01', 'permission denied for database "t_customer_db"'))).toBe(true);
    expect(isRefusal(err('08P01', 'password authentication failed for user "order"'))).toBe(true);
  });
  it('a server that is down, full or starting, or a failing pooler login, is an error, not a refusal', () => {
    expect(isRefusal(err('53300', 'sorry, too many clients already'))).toBe(false);
    expect(isRefusal(err('53100', 'could not extend file: No space left on device'))).toBe(false);
    expect(isRefusal(err('08P01', 'server login has been failing, try again later (server_login_retry)'))).toBe(false);
    expect(isRefusal(err('57P03', 'the database system is starting up'))).toBe(false);
    expect(isRefusal(err('42P01', 'relation "x" does not exist'))).toBe(false);
    expect(isRefusal(err(undefined, 'connect ECONNREFUSED 127.0.0.1:6432'))).toBe(false);
    expect(isRefusal(err(undefined, 'server login has been failing, try again later'))).toBe(false);
    expect(isRefusal(err('08P01', 'sorry, too many clients already'))).toBe(false);
    expect(isRefusal(err('08P01', 'no more connections allowed (max_client_conn)'))).toBe(false);
    expect(isRefusal(err('08P01', 'permission denied to do something else'))).toBe(false);
  });
});

describe("the embedded server's max_connections", () => {
  it('follows the size of the registry and the pool settings: the lint says info for any number of databases', () => {
    const { embeddedMaxConnections } = require('../../src/embedded') as typeof import('../../src/embedded');
    const variants = [
      DEFAULT_SETTINGS,
      { ...DEFAULT_SETTINGS, default_pool_size: 40, reserve_pool_size: 10, max_db_connections: 0 },
      { ...DEFAULT_SETTINGS, default_pool_size: 4, reserve_pool_size: 1, max_db_connections: 5 },
    ];
    for (const s of variants) {
      let last = 0;
      for (let n = 1; n <= 40; n++) {
        const max = embeddedMaxConnections(n, s);
        expect(max).toBeGreaterThanOrEqual(last);
        last = max;
        const lint = lintSettings([1, 21, 0], s, [
          { server: 'embedded', maxConnections: max, superuserReserved: 3, databases: Array.from({ length: n }, (_, i) => `db${i}`) },
        ]);
        expect({ n, levels: lint.filter((f) => f.code === 'max-connections').map((f) => f.level) }).toEqual({ n, levels: ['info'] });
      }
    }
    // more databases, more connections; the registry's own size gets room for its pools
    expect(embeddedMaxConnections(reg.databases.length + 1, DEFAULT_SETTINGS)).toBeGreaterThan(embeddedMaxConnections(reg.databases.length, DEFAULT_SETTINGS));
  });
});

describe('lint', () => {
  const server = (max: number) => [{ server: 'db.local:5432', maxConnections: max, superuserReserved: 3, databases: reg.databases.map((d) => d.name) }];

  it('counts min(max_db_connections, default + reserve) per database', () => {
    expect(poolConnections(DEFAULT_SETTINGS)).toBe(25);
    expect(poolConnections({ ...DEFAULT_SETTINGS, max_db_connections: 10 })).toBe(10);
    expect(poolConnections({ ...DEFAULT_SETTINGS, max_db_connections: 0 }, 2)).toBe(50);
  });

  it('errors when the pools of a server do not stay under its max_connections', () => {
    const at100 = lintSettings([1, 18, 0], DEFAULT_SETTINGS, server(100));
    const e = at100.find((f) => f.code === 'max-connections')!;
    expect(e.level).toBe('error');
    const n = reg.databases.length;
    expect(e.message).toContain(`${n} database(s) × 25 (`);
    expect(e.message).toContain(`= ${n * 25} server connections`);
    // info while the pools stay within 80% of what is available, warn above, error at 100%.
    expect(lintSettings([1, 18, 0], DEFAULT_SETTINGS, server(Math.ceil((n * 25) / 0.8) + 3)).find((f) => f.code === 'max-connections')!.level).toBe('info');
    expect(lintSettings([1, 18, 0], DEFAULT_SETTINGS, server(n * 25 + 3 + 1)).find((f) => f.code === 'max-connections')!.level).toBe('warn');
    expect(lintSettings([1, 18, 0], DEFAULT_SETTINGS, server(n * 25 + 3)).find((f) => f.code === 'max-connections')!.level).toBe('error');
    expect(
      lintSettings([1, 18, 0], { ...DEFAULT_SETTINGS, default_pool_size: 5, reserve_pool_size: 1, min_pool_size: 2 }, server(100)).some(
        (f) => f.level === 'error',
      ),
    ).toBe(false);
  });

  it('errors on min_pool_size above default_pool_size', () => {
    expect(
      lintSettings([1, 18, 0], { ...DEFAULT_SETTINGS, min_pool_size: 30 }, server(1000))
        .filter((f) => f.level === 'error')
        .map((f) => f.code),
    ).toContain('min-pool');
  });

  it('warns about what transaction mode breaks, prepared statements by version', () => {
    const old = transactionModeWarnings([1, 18, 0], DEFAULT_SETTINGS).map((f) => f.code);
    expect(old).toEqual(expect.arrayContaining(['set', 'advisory-lock', 'prepare', 'listen', 'session-objects', 'protocol-prepared']));
    expect(transactionModeWarnings([1, 21, 0], DEFAULT_SETTINGS).map((f) => f.code)).not.toContain('protocol-prepared');
    expect(transactionModeWarnings([1, 21, 0], { ...DEFAULT_SETTINGS, max_prepared_statements: 0 }).map((f) => f.code)).toContain('protocol-prepared');
    expect(transactionModeWarnings([1, 21, 0], { ...DEFAULT_SETTINGS, pool_mode: 'session' }).map((f) => f.code)).toEqual(['session-mode']);
  });
});

describe('migration guard', () => {
  it('refuses a URL on the configured PgBouncer port in transaction mode, without connecting', () => {
    const env = { QUENTY_PGBOUNCER_LISTEN_PORT: '6432' };
    expect(configuredPooler('postgres://a:b@127.0.0.1:6432/order_db', env)).toMatchObject({ pooler: true, poolMode: 'transaction' });
    expect(configuredPooler('postgres://a:b@127.0.0.1:5432/order_db', env).pooler).toBe(false);
    expect(configuredPooler('postgres://a:b@127.0.0.1:6432/order_db', {}).pooler).toBe(false);
    expect(configuredPooler('postgres://a:b@db.other:6432/x', { ...env, QUENTY_PGBOUNCER_LISTEN_ADDR: 'pool.local' }).pooler).toBe(false);
    expect(() => assertDirectUrl('postgres://a:secretpw@localhost:6432/order_db', 'order_db', { env })).toThrow(
      /refusing to migrate through a connection pooler/,
    );
    expect(() =>
      assertDirectUrl('postgres://a:b@localhost:6432/order_db', 'order_db', { env: { ...env, QUENTY_PGBOUNCER_POOL_MODE: 'session' } }),
    ).not.toThrow();
  });

  it('classifies the probes: same port is direct, a PgBouncer console is a pooler, a port mapping is not', () => {
    expect(classifyProbe(5432, 5432, undefined).pooler).toBe(false);
    expect(classifyProbe(5432, null, undefined).pooler).toBe(false);
    expect(classifyProbe(15432, 5432, { error: { code: '3D000', message: 'database "pgbouncer" does not exist' } }).pooler).toBe(false);
    expect(classifyProbe(15432, 5432, { error: { code: '28000', message: 'no pg_hba.conf entry for host' } }).pooler).toBe(false);
    expect(classifyProbe(15432, 5432, { notPgBouncer: true }).pooler).toBe(false);
    expect(classifyProbe(6432, 5432, { error: { code: '08P01', message: 'not allowed' } })).toMatchObject({ pooler: true, poolMode: 'unknown' });
    expect(classifyProbe(6432, 5432, { poolMode: 'transaction' })).toMatchObject({ pooler: true, poolMode: 'transaction' });
    expect(classifyProbe(6432, 5432, { poolMode: 'session' })).toMatchObject({ pooler: true, poolMode: 'session' });
  });
});

describe('audit columns', () => {
  it('are the reference columns on both sides, read from the registry', () => {
    const order = auditReferenceColumns(reg, 'order_db');
    expect([...(order.get('orders') ?? [])]).toEqual(expect.arrayContaining(['company_id', 'customer_id']));
    for (const r of reg.get('order_db').references) expect(order.get(r.table)?.has(r.column)).toBe(true);
    const customer = auditReferenceColumns(reg, 'customer_db');
    expect(customer.get('users')?.has('unique_id')).toBe(true);
    expect(customer.get('companies')?.has('company_id')).toBe(true);
  });
});
