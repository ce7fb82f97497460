import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Context, Target, connect, quoteIdent, quoteLiteral, withClient, withDatabase } from '../db/targets';
import { QuentyError, errorMessage } from '../util/errors';
import { redact } from '../util/redact';
import { createDatabases } from '../create';
import type { QuentyConfig } from '../config';
import { GuardedWork, refuseTransactionPooler } from '../db/pooler-guard';
import { countTables } from './create';
import { checksumPath } from './files';
import { DumpEntry, Manifest, RunInfo, TableCount, listRuns, readManifest } from './manifest';
import { ConfirmFn, guardDestructive } from '../db/guard';
import { DumpFormat, fitIdentifier, parseFileName, restoreName, runIdFor } from './naming';
import { ToolPaths, findTool, pgEnv, runTool, toolVersion } from '../db/tools';

export interface RestoreFileOptions {
  /** Admin URL of any database on the server to restore into (its maintenance database is fine). */
  serverUrl: string;
  file: string;
  into: string;
  /** Owner of the new database (a role that exists on the server), if any. */
  owner?: string;
  jobs?: number;
  /** Skip ownership and privileges (restoring where the roles do not exist). */
  noOwner?: boolean;
  pgRestore: string;
  label: string;
  /** The configuration: a serverUrl that points at a transaction pooler is refused. */
  config?: Pick<QuentyConfig, 'env'>;
  /** What the restore is for, in the pooler refusal (default: restore). */
  work?: GuardedWork;
}

/** Pure: the database an archive was dumped from, from the `;     Dbname: x` line of `pg_restore -l` output. */
export function archiveDbName(listOutput: string): string | undefined {
  return /^;\s+dbname:\s+(\S+)\s*$/im.exec(listOutput)?.[1];
}

/** Pure: the number of entries and of TABLE DATA entries in `pg_restore -l` output. */
export function parseArchiveList(text: string): { entries: number; tableData: number } {
  const lines = text.split('\n').filter((l) => l.trim() && !l.startsWith(';'));
  return { entries: lines.length, tableData: lines.filter((l) => /\bTABLE DATA\b/.test(l)).length };
}

export async function listArchive(pgRestore: string, file: string): Promise<{ entries: number; tableData: number }> {
  const r = await runTool(pgRestore, ['--list', file], {});
  if (r.code !== 0) throw new QuentyError('BACKUP', `pg_restore --list ${path.basename(file)} failed: ${r.stderr}`);
  return parseArchiveList(r.stdout);
}

export async function databaseExists(serverUrl: string, name: string): Promise<boolean> {
  return withClient(
    withDatabase(serverUrl, 'postgres'),
    name,
    async (c) => (await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount! > 0,
  );
}

export async function dropDatabaseForce(serverUrl: string, name: string): Promise<void> {
  await withClient(withDatabase(serverUrl, 'postgres'), name, (c) => c.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`));
}

/**
 * Creates `into` (it must not exist) and restores the archive into it with
 * `pg_restore --exit-on-error` (stops on the first error); on failure the new database is dropped.
 */
export async function restoreFile(o: RestoreFileOptions): Promise<void> {
  const maint = withDatabase(o.serverUrl, 'postgres');
  await withClient(maint, o.label, async (c) => {
    if (o.config) await refuseTransactionPooler(c, { url: o.serverUrl, name: o.label }, o.config, o.work ?? 'restore');
    const exists = await c.query('SELECT shobj_description(oid, $2) AS note FROM pg_database WHERE datname = $1', [o.into, 'pg_database']);
    if (exists.rowCount) {
      // A database left by a restore that was killed (SIGKILL, power loss) carries our marker:
      // if the process that made it no longer runs, it is half restored and is dropped.
      if (!leftByDeadRestore(exists.rows[0].note))
        throw new QuentyError('USAGE', `database ${o.into} already exists`, { database: o.label, hint: 'choose another --into name' });
      await c.query(`DROP DATABASE ${quoteIdent(o.into)} WITH (FORCE)`);
    }
    let owner = '';
    if (o.owner) {
      const r = await c.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [o.owner]);
      if (r.rowCount) owner = ` OWNER ${quoteIdent(o.owner)}`;
    }
    await c.query(`CREATE DATABASE ${quoteIdent(o.into)}${owner} ENCODING 'UTF8' TEMPLATE template0`);
    await c.query(`COMMENT ON DATABASE ${quoteIdent(o.into)} IS ${quoteLiteral(inProgressNote())}`);
    if (owner) {
      await c.query(`REVOKE CONNECT, TEMPORARY ON DATABASE ${quoteIdent(o.into)} FROM PUBLIC`);
      await c.query(`GRANT CONNECT, TEMPORARY ON DATABASE ${quoteIdent(o.into)} TO ${quoteIdent(o.owner!)}`);
    }
  });
  const args = ['--exit-on-error', `--dbname=${o.into}`, `--jobs=${Math.max(1, o.jobs ?? 2)}`];
  if (o.noOwner) args.push('--no-owner', '--no-acl');
  args.push(o.file);
  let r: Awaited<ReturnType<typeof runTool>>;
  try {
    r = await runTool(o.pgRestore, args, pgEnv(o.serverUrl, o.into), { maxStdout: 64 * 1024 });
  } catch (e) {
    await dropDatabaseForce(o.serverUrl, o.into).catch(() => undefined);
    throw e;
  }
  if (r.code !== 0) {
    await dropDatabaseForce(o.serverUrl, o.into).catch(() => undefined);
    throw new QuentyError('BACKUP', `${o.label}: pg_restore stopped at the first error: ${r.stderr.split('\n').slice(0, 4).join(' ')}`, {
      database: o.label,
      hint: `the partly restored database ${o.into} was dropped`,
    });
  }
}

/** Marks a database as being restored: its comment until the restore is complete and checked. */
export function inProgressNote(pid = process.pid, host = os.hostname()): string {
  return `quenty-db: restore in progress (pid ${pid} on ${host})`;
}

/** Pure + the process table: whether a database comment is our in-progress marker of a process of this host that no longer runs. */
export function leftByDeadRestore(note: string | null | undefined): boolean {
  const m = /^quenty-db: restore in progress \(pid (\d+) on (.+)\)$/.exec(note ?? '');
  if (!m || m[2] !== os.hostname()) return false;
  try {
    process.kill(Number(m[1]), 0);
    return false;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

/** Drops the databases of a server that a killed restore left half restored (our marker, a dead process of this host); returns their names. */
export async function sweepDeadRestores(serverUrl: string): Promise<string[]> {
  return withClient(withDatabase(serverUrl, 'postgres'), 'restore', async (c) => {
    const r = await c.query(
      `SELECT datname, shobj_description(oid, 'pg_database') AS note FROM pg_database WHERE shobj_description(oid, 'pg_database') LIKE 'quenty-db: restore in progress%'`,
    );
    const dropped: string[] = [];
    for (const row of r.rows as Array<{ datname: string; note: string }>) {
      if (!leftByDeadRestore(row.note)) continue;
      await c.query(`DROP DATABASE IF EXISTS ${quoteIdent(row.datname)} WITH (FORCE)`);
      dropped.push(row.datname);
    }
    return dropped;
  });
}

/** The restore is complete and checked: the marker goes. */
export async function clearInProgress(serverUrl: string, name: string): Promise<void> {
  await withClient(withDatabase(serverUrl, 'postgres'), name, (c) => c.query(`COMMENT ON DATABASE ${quoteIdent(name)} IS NULL`));
}

/** GUCs whose value is a list PostgreSQL stores already quoted (`"$user", public`): set as written. */
const LIST_SETTINGS = new Set(['search_path', 'temp_tablespaces', 'session_preload_libraries', 'shared_preload_libraries', 'local_preload_libraries']);

/** Copies the per-database settings of `from` (for all roles and per role) to `to`. */
async function copyDatabaseSettings(c: Awaited<ReturnType<typeof connect>>, from: string, to: string): Promise<void> {
  const { rows } = await c.query(
    `SELECT r.rolname, s.setconfig FROM pg_db_role_setting s JOIN pg_database d ON d.oid = s.setdatabase
       LEFT JOIN pg_roles r ON r.oid = s.setrole WHERE d.datname = $1`,
    [from],
  );
  for (const row of rows as Array<{ rolname: string | null; setconfig: string[] }>) {
    for (const item of row.setconfig ?? []) {
      const eq = item.indexOf('=');
      if (eq <= 0) continue;
      const name = item.slice(0, eq);
      const value = item.slice(eq + 1);
      const target = row.rolname ? `ROLE ${quoteIdent(row.rolname)} IN DATABASE ${quoteIdent(to)}` : `DATABASE ${quoteIdent(to)}`;
      await c.query(`ALTER ${target} SET ${name.split('.').map(quoteIdent).join('.')} = ${LIST_SETTINGS.has(name) ? value : quoteLiteral(value)}`);
    }
  }
}

/** Pure: the tables whose row counts differ between the manifest and a restored copy. */
export function compareCounts(expected: TableCount[], actual: TableCount[]): Array<{ table: string; expected: number; actual: number | null }> {
  const got = new Map(actual.map((t) => [`${t.schema}.${t.table}`, t.rows]));
  const out: Array<{ table: string; expected: number; actual: number | null }> = [];
  for (const t of expected) {
    const key = `${t.schema}.${t.table}`;
    const a = got.has(key) ? got.get(key)! : null;
    if (a !== t.rows) out.push({ table: key, expected: t.rows, actual: a });
  }
  return out;
}

export async function countDatabase(serverUrl: string, name: string): Promise<TableCount[]> {
  return withClient(withDatabase(serverUrl, name), name, (c) => countTables(c));
}

export interface RestoreOptions {
  /** A file path, `latest` (default) or a run id. */
  from?: string;
  dir?: string;
  into?: string;
  replace?: boolean;
  /** Required with replace (the CLI asks, or takes --yes). */
  confirmed?: boolean;
  /** With replace: how to ask when not confirmed (default: the terminal, if any). */
  confirm?: ConfirmFn;
  /** With replace: even where the target looks like production. */
  force?: boolean;
  /** Keep the replaced database as `<db>_replaced_<time>` instead of dropping it. */
  keepOld?: boolean;
  jobs?: number;
  noOwner?: boolean;
  tools?: Partial<ToolPaths>;
}

export interface RestoreResult {
  database: string;
  file: string;
  runId?: string;
  into: string;
  replaced: boolean;
  keptOld?: string;
  checksum: 'ok' | 'not-in-manifest';
  tablesCompared?: number;
  /** With replace: the live sessions of the original database that were ended for the swap. */
  endedSessions?: number;
  /** Which run `latest` chose, and why. */
  chosen?: string;
  /** Half-restored databases left by killed restores, dropped first. */
  sweptHalfRestored?: string[];
  ms: number;
}

/** Finds the dump of a database: an explicit file, a run id, or the newest run that has it. */
export function findDump(
  dir: string,
  database: string,
  from?: string,
): { file: string; format: DumpFormat; entry?: DumpEntry; manifest?: Manifest; chosen?: string } {
  if (from && from !== 'latest' && !/^\d{8}_\d{6}$/.test(from)) {
    const file = path.resolve(from);
    if (!fs.existsSync(file)) throw new QuentyError('USAGE', `no such backup file: ${file}`);
    const format: DumpFormat = fs.statSync(file).isDirectory() ? 'directory' : 'custom';
    const parsed = parseFileName(path.basename(file));
    let manifest: Manifest | undefined;
    let entry: DumpEntry | undefined;
    if (parsed?.kind === 'dump' && !parsed.partial) {
      try {
        manifest = readManifest(path.dirname(file), parsed.runId);
        entry = manifest.databases.find((d) => d.file === path.basename(file));
      } catch {
        manifest = undefined;
      }
    }
    if (parsed?.partial) throw new QuentyError('USAGE', `${file} is a partial (unfinished) dump`);
    const of = entry?.database ?? (parsed?.kind === 'dump' ? parsed.database : undefined);
    if (of !== undefined && of !== database) {
      throw new QuentyError('USAGE', `${path.basename(file)} is a backup of ${of}, not of ${database}: refusing to restore it as ${database}`, {
        database,
        hint: `restore it as ${of} (\`quenty-db restore ${of} --from ${path.basename(file)}\`), or give a backup of ${database}`,
      });
    }
    return { file, format, entry, manifest };
  }
  const runs = listRuns(dir).filter((r) => r.manifest && r.manifest.status !== 'running' && (!from || from === 'latest' || r.runId === from));
  const dumpOf = (r: RunInfo) => r.manifest!.databases.find((d) => d.database === database && d.ok && d.file && r.files.includes(d.file));
  if (from && from !== 'latest') {
    for (const r of runs) {
      const entry = dumpOf(r);
      if (entry) return { file: path.join(dir, entry.file!), format: entry.format, entry, manifest: r.manifest };
    }
  } else {
    // latest: the newest run whose verification passed; else the newest never verified (said
    // so); a run whose verification failed is never chosen.
    const verified = runs.find((r) => r.verify?.ok === true && r.verify.databases.some((d) => d.database === database && d.ok) && dumpOf(r));
    const unverified = runs.find((r) => !r.verify && dumpOf(r));
    const skipped = runs.filter((r) => r.verify && !r.verify.ok && dumpOf(r)).map((r) => r.runId);
    const pick = verified ?? unverified;
    if (pick) {
      const entry = dumpOf(pick)!;
      const chosen = verified
        ? `run ${pick.runId}, the newest whose verification passed (verified ${pick.verify!.verifiedAt})`
        : `run ${pick.runId}, the newest with a dump of ${database}; it was never verified (\`quenty-db backup verify ${pick.runId}\`)`;
      return {
        file: path.join(dir, entry.file!),
        format: entry.format,
        entry,
        manifest: pick.manifest,
        chosen: skipped.length ? `${chosen}; skipped run(s) that failed verification: ${skipped.join(', ')}` : chosen,
      };
    }
    if (runs.some((r) => dumpOf(r))) {
      throw new QuentyError('BACKUP', `every backup of ${database} in ${dir} failed its verification`, {
        hint: 'give --from RUN_ID to restore one anyway, or make a new backup',
      });
    }
  }
  throw new QuentyError('BACKUP', `no backup of ${database} in ${dir}${from && from !== 'latest' ? ` for run ${from}` : ''}`, {
    hint: 'list the runs with `quenty-db backup list`, or give --from FILE',
  });
}

/**
 * restore: into a new database (default `<db>_restore_<time>`, or `into`), or with `replace`
 * into a new database first and then swapped in by renames, so that a failed restore never
 * touches the original. The file's SHA-256 is checked against the manifest first.
 */
/** The sessions connected to a database now (what `restore --replace` would end), not counting ours. */
export async function liveSessions(t: Target): Promise<number> {
  return withClient(t.maintenanceUrl, t.name, async (c) =>
    Number((await c.query('SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [t.dbName])).rows[0].n),
  );
}

/**
 * Pure: why a database name for --into is refused (undefined when it is fine). Only plain
 * identifiers: letters, digits and `_` (starting with a letter or `_`), at most 63 bytes; a
 * name with `#`, `?`, `;`, `/`, spaces... would need quoting in SQL and encoding in URLs and
 * tools' environments.
 */
export function invalidDatabaseName(name: string): string | undefined {
  if (!name) return 'it is empty';
  if (Buffer.byteLength(name) > 63) return `it is ${Buffer.byteLength(name)} bytes long (PostgreSQL keeps 63)`;
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) return 'only letters, digits and _ are allowed (starting with a letter or _)';
  return undefined;
}

export async function restoreDatabase(ctx: Context, database: string, opts: RestoreOptions = {}): Promise<RestoreResult> {
  const t: Target = ctx.target(database);
  if (opts.replace && opts.into) throw new QuentyError('USAGE', '--replace and --into exclude each other');
  if (opts.into !== undefined) {
    const why = invalidDatabaseName(opts.into);
    if (why)
      throw new QuentyError('USAGE', `--into ${JSON.stringify(opts.into)} is not a usable database name: ${why}`, {
        database,
        hint: `e.g. --into ${restoreName(t.dbName, new Date())}`,
      });
  }
  if (opts.replace) {
    // The destructive-command guard: production refuses unless forced; the caller confirms
    // (the CLI asks for the database's name on a terminal) or passes yes.
    await guardDestructive(ctx, [t], `replace database ${t.dbName} with a backup (restore --replace)`, {
      yes: opts.confirmed,
      force: opts.force,
      always: true,
      confirm: opts.confirm,
      command: `quenty-db restore ${database} --replace`,
    });
  }
  const t0 = Date.now();
  const dir = path.resolve(opts.dir ?? ctx.config.backupDir);
  const found = findDump(dir, database, opts.from);
  const pgRestore = opts.tools?.pg_restore ?? findTool('pg_restore', ctx.config.env);
  await toolVersion(pgRestore);
  if (opts.from && !found.entry && !parseFileName(path.basename(found.file))) {
    // A file of another name: the archive says which database it was dumped from.
    const list = await runTool(pgRestore, ['--list', found.file], {}, { maxStdout: 4096 });
    const dumped = archiveDbName(list.stdout);
    const of = ctx.registry.databases.map((d) => d.name).find((n) => dumped === n || dumped === ctx.config.prefix + n);
    if (of && of !== database) {
      throw new QuentyError(
        'USAGE',
        `${path.basename(found.file)} is a backup of ${of} (database ${dumped}), not of ${database}: refusing to restore it as ${database}`,
        {
          database,
          hint: `restore it as ${of}, or give a backup of ${database}`,
        },
      );
    }
  }
  let checksum: RestoreResult['checksum'] = 'not-in-manifest';
  if (found.entry?.sha256) {
    const sum = await checksumPath(found.file);
    if (sum.sha256 !== found.entry.sha256) {
      throw new QuentyError('CHECKSUM', `${path.basename(found.file)}: SHA-256 does not match the manifest: the file is corrupted`, {
        database,
        hint: 'restore from another run (--from RUN_ID)',
      });
    }
    checksum = 'ok';
  }
  const swept = await sweepDeadRestores(t.url);
  const now = new Date();
  // With --replace the backup is restored beside the original first, then swapped in.
  const into = opts.into ?? (opts.replace ? fitIdentifier(t.dbName, `_replacing_${runIdFor(now)}`) : restoreName(t.dbName, now));
  await restoreFile({
    serverUrl: t.url,
    file: found.file,
    into,
    owner: t.role,
    jobs: opts.jobs,
    noOwner: opts.noOwner,
    pgRestore,
    label: database,
    config: ctx.config,
  });
  let tablesCompared: number | undefined;
  if (found.entry?.tables) {
    let actual: TableCount[];
    try {
      actual = await countDatabase(t.url, into);
    } catch (e) {
      // Never leave a restored database whose check did not run.
      await dropDatabaseForce(t.url, into).catch(() => undefined);
      throw new QuentyError('BACKUP', `${database}: restored into ${into} but could not check it: ${redact(errorMessage(e))}; ${into} was dropped`, {
        database,
        cause: e,
      });
    }
    const diff = compareCounts(found.entry.tables, actual);
    if (diff.length) {
      await dropDatabaseForce(t.url, into).catch(() => undefined);
      throw new QuentyError(
        'BACKUP',
        `${database}: restored row counts differ from the manifest: ${diff
          .slice(0, 5)
          .map((d) => `${d.table} ${d.actual}≠${d.expected}`)
          .join(', ')}`,
        { database },
      );
    }
    tablesCompared = found.entry.tables.length;
  }
  await clearInProgress(t.url, into);
  const result: RestoreResult = {
    database,
    ...(swept.length ? { sweptHalfRestored: swept } : {}),
    file: found.file,
    runId: found.manifest?.runId,
    ...(found.chosen ? { chosen: found.chosen } : {}),
    into,
    replaced: false,
    checksum,
    tablesCompared,
    ms: 0,
  };
  if (opts.replace) {
    const old = fitIdentifier(t.dbName, `_replaced_${runIdFor(now)}`);
    const client = await connect(t.maintenanceUrl, database);
    try {
      const exists = (await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [t.dbName])).rowCount;
      // Database-level settings (ALTER DATABASE / ALTER ROLE ... IN DATABASE ... SET) are not in a dump: carry them over.
      if (exists) await copyDatabaseSettings(client, t.dbName, into);
      if (exists) {
        // Nobody may stay connected to a database being renamed; new connections wait on nothing: be quick.
        await client.query(`ALTER DATABASE ${quoteIdent(t.dbName)} WITH ALLOW_CONNECTIONS false`);
        try {
          const ended = await client.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [t.dbName]);
          result.endedSessions = ended.rowCount ?? 0;
          await client.query(`ALTER DATABASE ${quoteIdent(t.dbName)} RENAME TO ${quoteIdent(old)}`);
        } catch (e) {
          await client.query(`ALTER DATABASE ${quoteIdent(t.dbName)} WITH ALLOW_CONNECTIONS true`).catch(() => undefined);
          throw e;
        }
      }
      await client.query(`ALTER DATABASE ${quoteIdent(into)} RENAME TO ${quoteIdent(t.dbName)}`);
      if (exists) {
        if (opts.keepOld) {
          await client.query(`ALTER DATABASE ${quoteIdent(old)} WITH ALLOW_CONNECTIONS true`);
          result.keptOld = old;
        } else {
          await client.query(`DROP DATABASE ${quoteIdent(old)} WITH (FORCE)`);
        }
      }
    } catch (e) {
      // Put the original back under its name if it was moved away and the name is still free.
      let note = '';
      try {
        const moved = (await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [old])).rowCount;
        const free = !(await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [t.dbName])).rowCount;
        if (moved && free) {
          await client.query(`ALTER DATABASE ${quoteIdent(old)} RENAME TO ${quoteIdent(t.dbName)}`);
          note = '; the original database was left in place';
        } else if (moved) note = `; the original database is now ${old}`;
        await client.query(`ALTER DATABASE ${quoteIdent(t.dbName)} WITH ALLOW_CONNECTIONS true`).catch(() => undefined);
      } catch {
        note = `; check databases ${t.dbName} and ${old}`;
      }
      throw new QuentyError('BACKUP', `${database}: restored into ${into} but could not swap it in: ${redact(errorMessage(e))}${note}`, { database, cause: e });
    } finally {
      await client.end().catch(() => undefined);
    }
    result.into = t.dbName;
    result.replaced = true;
    // The grants `create` gives a database (CONNECT for its service and the audit role only, no
    // CREATE, the schema and default privileges) are database-level: not in a dump. Re-apply them.
    const [granted] = (await createDatabases(ctx, { databases: database })).databases;
    if (!granted?.ok) {
      throw new QuentyError('BACKUP', `${database}: restored and swapped in, but its grants could not be re-applied: ${granted?.error ?? 'unknown error'}`, {
        database,
        hint: `run \`quenty-db create --db ${database}\``,
      });
    }
  }
  result.ms = Date.now() - t0;
  return result;
}
