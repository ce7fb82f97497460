import type { Knex } from 'knex';
import pg from 'pg';
import { parse as parseConnectionString } from 'pg-connection-string';
import { QuentyConfig, loadConfig, LoadConfigOptions } from '../config';
import { ensureEmbedded } from '../embedded';
import { DatabaseEntry, Registry, loadRegistry, selectDatabases } from '../registry';
import { QuentyError } from '../util/errors';
import { redact, registerSecret } from '../util/redact';

/**
 * A target is one database of the registry on its server: the names it has there (with the
 * configured prefix) and the admin URLs to reach it and its server's maintenance database.
 */
export interface Target {
  entry: DatabaseEntry;
  /** Registry name (a folder of databases/). */
  name: string;
  /** Name on the server (prefix + name). */
  dbName: string;
  /** Login role of the service on the server (prefix + service). */
  role: string;
  /** Admin URL of this database. */
  url: string;
  /** Admin URL of the `postgres` maintenance database on the same server. */
  maintenanceUrl: string;
  /** host:port, to group databases that share a server. */
  server: string;
}

export interface Context {
  config: QuentyConfig;
  registry: Registry;
  /** Targets of every database in the registry, in registry order. */
  targets: Target[];
  target(name: string): Target;
  /** The selected targets (see selectDatabases: undefined = all; empty or malformed = USAGE error; duplicates once). */
  select(selection?: string | string[] | null): Target[];
}

export interface ContextOptions extends LoadConfigOptions {
  registry?: Registry;
  config?: QuentyConfig;
}

/** Replaces the database name in a URL. */
export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = '/' + encodeURIComponent(database);
  return u.toString();
}

export function serverKey(url: string): string {
  const c = parseConnectionString(url);
  return `${c.host ?? 'localhost'}:${c.port ?? 5432}`;
}

/** Pure: the targets for a config, given the admin URL of the default server (if any). */
export function resolveTargets(config: QuentyConfig, registry: Registry, defaultServerUrl?: string): Target[] {
  return registry.databases.map((entry) => {
    const dbName = config.prefix + entry.name;
    const role = config.prefix + entry.service;
    const override = config.overrides[entry.name];
    let url: string;
    if (override) {
      // An override names its database; with a prefix (scratch copies) the prefix still applies.
      const own = parseConnectionString(override).database;
      url = config.prefix || !own ? withDatabase(override, dbName) : override;
    } else if (defaultServerUrl) {
      url = withDatabase(defaultServerUrl, dbName);
    } else {
      throw new QuentyError('CONFIG', `no server for ${entry.name}`, { hint: 'set QUENTY_DATABASE_URL or leave it unset to use the embedded server' });
    }
    return {
      entry,
      name: entry.name,
      dbName: parseConnectionString(url).database ?? dbName,
      role,
      url,
      maintenanceUrl: withDatabase(url, 'postgres'),
      server: serverKey(url),
    };
  });
}

/** Loads registry and config, starts the embedded server when it is needed, resolves targets. */
export async function openContext(opts: ContextOptions = {}): Promise<Context> {
  const registry = opts.registry ?? loadRegistry();
  const config = opts.config ?? loadConfig(registry, opts);
  let serverUrl = config.serverUrl;
  const needsEmbedded = !serverUrl && registry.databases.some((d) => !config.overrides[d.name]);
  if (needsEmbedded) serverUrl = await ensureEmbedded(config.home, { databases: registry.databases.length, env: config.env });
  const targets = resolveTargets(config, registry, serverUrl);
  const byName = new Map(targets.map((t) => [t.name, t]));
  return {
    config,
    registry,
    targets,
    target: (name) => {
      const t = byName.get(name);
      if (!t) throw new QuentyError('USAGE', `unknown database "${name}"`, { hint: `known: ${[...byName.keys()].join(', ')}` });
      return t;
    },
    select: (selection) => selectDatabases(registry, selection).map((e) => byName.get(e.name)!),
  };
}

export function clientConfig(url: string, applicationName = 'quenty-db'): pg.ClientConfig {
  const c = parseConnectionString(url);
  registerSecret(c.password);
  return {
    host: c.host ?? undefined,
    port: c.port ? Number(c.port) : undefined,
    user: c.user ?? undefined,
    password: c.password ?? undefined,
    database: c.database ?? undefined,
    ssl: c.ssl as pg.ClientConfig['ssl'],
    application_name: applicationName,
    connectionTimeoutMillis: 10_000,
  };
}

/** A connected pg client; connection errors become QuentyErrors naming the database. */
export async function connect(url: string, database: string, applicationName?: string): Promise<pg.Client> {
  const client = new pg.Client(clientConfig(url, applicationName));
  // Before connect(): the server may end the session (pg_terminate_backend, a fast shutdown, a
  // failover) in the same packet as its ReadyForQuery, so pg emits that error on the client
  // before the code after `await client.connect()` runs. Without a listener Node would end the
  // process (an unhandled 'error' event); with one, the next query fails and is reported.
  client.on('error', () => undefined);
  try {
    await client.connect();
  } catch (e) {
    throw new QuentyError('CONNECTION', `${database}: cannot connect to ${redact(serverKey(url))}: ${redact((e as Error).message)}`, {
      database,
      hint: 'is the server up and the URL right? (`quenty-db server status`, QUENTY_DATABASE_URL)',
      cause: e,
    });
  }
  return client;
}

export async function withClient<T>(url: string, database: string, fn: (c: pg.Client) => Promise<T>, applicationName?: string): Promise<T> {
  const client = await connect(url, database, applicationName);
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

export function createKnex(url: string, opts: { min?: number; max?: number; applicationName?: string; checkClientGone?: boolean } = {}): Knex {
  const quiet = () => undefined;
  // Loaded here, not at the top: commands that only read the catalogs (verify, status) never load knex.
  const knexFactory = require('knex') as typeof import('knex').knex;
  return knexFactory({
    client: 'pg',
    // Knex would print pool errors to stdout (breaking --json); every error is reported by us.
    log: { warn: quiet, error: quiet, deprecate: quiet, debug: quiet },
    connection: clientConfig(url, opts.applicationName) as Knex.PgConnectionConfig,
    pool: {
      min: opts.min ?? 0,
      max: opts.max ?? 2,
      // With checkClientGone, a backend whose client died (SIGKILL, lost network) notices it within
      // a second even in the middle of a long statement, and rolls back (PostgreSQL 14+, Linux);
      // older servers ignore it.
      ...(opts.checkClientGone
        ? {
            afterCreate: (conn: pg.Client, done: (err: Error | null, conn: pg.Client) => void) => {
              conn.query("SELECT set_config('client_connection_check_interval', '1000', false)", () => done(null, conn));
            },
          }
        : {}),
    },
  });
}

export function quoteIdent(name: string): string {
  return '"' + name.replace(/"/g, '""') + '"';
}

export function quoteLiteral(value: string): string {
  return "'" + value.replace(/'/g, "''") + "'";
}
