import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { Context, Target, connect, quoteIdent } from '../db/targets';
import { QuentyError, errorMessage } from '../util/errors';
import { redact } from '../util/redact';
import { groupBy, settleLimit, sleep } from '../util/concurrency';
import { refuseTransactionPooler } from '../db/pooler-guard';
import { checksumPath, removePath } from './files';
import { CONSISTENCY_NOTE, DumpEntry, GlobalsEntry, MANIFEST_FORMAT, Manifest, TableCount, listRuns, writeJsonAtomic } from './manifest';
import { makeDirSafe } from '../util/fsx';
import { DumpFormat, PARTIAL_SUFFIX, dumpFileName, globalsFileName, manifestFileName, runIdFor } from './naming';
import { ToolPaths, checkToolVersion, findTool, isDiskFull, pgEnv, runTool, toolVersion } from '../db/tools';

export interface BackupCreateOptions {
  databases?: string | string[];
  /** Backup folder (default: the config's backupDir). */
  dir?: string;
  format?: DumpFormat;
  /** Databases dumped at once (default: QUENTY_CONCURRENCY). */
  jobs?: number;
  /** pg_dump compression level 0-9 (default: pg_dump's own default, as the spec's script). */
  compress?: number;
  /** Dump the roles with pg_dumpall --globals-only (default true). */
  globals?: boolean;
  /** Override tool paths (tests). */
  tools?: Partial<ToolPaths>;
  onEvent?: (e: { database: string; phase: 'start' | 'done' | 'failed'; detail?: string }) => void;
}

export interface BackupCreateResult {
  dir: string;
  manifestFile: string;
  manifest: Manifest;
  ok: boolean;
}

export function backupDir(ctx: Context, dir?: string): string {
  return path.resolve(dir ?? ctx.config.backupDir);
}

/** Files 0600 and folders 0700, recursively (a directory-format dump's files). */
export function ownerOnly(p: string): void {
  const st = fs.statSync(p);
  if (st.isDirectory()) {
    fs.chmodSync(p, 0o700);
    for (const n of fs.readdirSync(p)) ownerOnly(path.join(p, n));
  } else fs.chmodSync(p, 0o600);
}

/** Whether a process of this host with this pid still runs. */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Runs left `running` by a process of this host that no longer runs (killed, crashed, machine
 * restarted) are marked `failed` ("interrupted") and their `.partial` files removed, so that the
 * folder says what is true. Returns the run ids it finalized.
 */
export function reapInterrupted(dir: string): string[] {
  const reaped: string[] = [];
  for (const run of listRuns(dir)) {
    const m = run.manifest;
    if (!m || m.status !== 'running') continue;
    if (!m.pid || m.host !== os.hostname() || alive(m.pid)) continue;
    for (const f of run.files) if (f.endsWith(PARTIAL_SUFFIX)) removePath(path.join(dir, f));
    m.status = 'failed';
    m.error = `interrupted: process ${m.pid} stopped before the run finished`;
    m.finishedAt = new Date().toISOString();
    for (const d of m.databases) if (!d.ok) d.error = d.error ?? 'interrupted';
    writeJsonAtomic(path.join(dir, manifestFileName(m.runId)), m);
    reaped.push(m.runId);
  }
  return reaped;
}

/** Claims a run id: the manifest file is created exclusively; a taken second waits for the next. */
async function claimRun(dir: string, initial: (runId: string) => Manifest): Promise<Manifest> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const runId = runIdFor(new Date());
    const file = path.join(dir, manifestFileName(runId));
    try {
      // Owner-only: manifests name databases, servers and row counts.
      const fd = fs.openSync(file, 'wx', 0o600);
      const m = initial(runId);
      try {
        fs.writeSync(fd, JSON.stringify(m, null, 2) + '\n');
      } catch (e) {
        // Nothing ran yet: no manifest rather than an empty one.
        fs.closeSync(fd);
        removePath(file);
        const full = (e as NodeJS.ErrnoException).code === 'ENOSPC';
        throw new QuentyError('BACKUP', `cannot write the manifest in ${dir}${full ? ': disk full' : `: ${errorMessage(e)}`}`, {
          hint: full ? `free space in ${dir}` : 'check the backup folder',
          cause: e,
        });
      }
      fs.closeSync(fd);
      return m;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      await sleep(1000 - (Date.now() % 1000) + 5);
    }
  }
  throw new QuentyError('BACKUP', `could not claim a run id in ${dir}: another backup is starting every second?`);
}

const TABLES_SQL = `
SELECT n.nspname AS schema, c.relname AS table, c.relkind AS kind,
       (SELECT pc.relname FROM pg_inherits i JOIN pg_class pc ON pc.oid = i.inhparent
         WHERE i.inhrelid = c.oid AND pc.relkind = 'p' LIMIT 1) AS parent,
       CASE WHEN c.relispartition THEN ARRAY(SELECT a::regclass::text FROM pg_partition_ancestors(c.oid) a WHERE a <> c.oid)
            ELSE ARRAY[]::text[] END AS ancestors,
       c.oid::regclass::text AS qualified
  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
 WHERE c.relkind IN ('r', 'p')
   AND n.nspname NOT IN ('pg_catalog', 'information_schema')
   AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp%'
   AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e')
 ORDER BY 1, 2`;

/**
 * Row counts of every table (and partition) of the connected database, in the client's current
 * transaction; a partitioned table's count is the sum of its partitions' counts.
 */
export async function countTables(client: pg.Client): Promise<TableCount[]> {
  const { rows } = await client.query(TABLES_SQL);
  const leaves = rows.filter((r) => r.kind === 'r');
  const counts = new Map<string, number>();
  for (let i = 0; i < leaves.length; i += 50) {
    const chunk = leaves.slice(i, i + 50);
    const sql = 'SELECT ' + chunk.map((r, j) => `(SELECT count(*) FROM ${quoteIdent(r.schema)}.${quoteIdent(r.table)}) AS c${j}`).join(', ');
    const res = await client.query(sql);
    chunk.forEach((r, j) => counts.set(r.qualified, Number(res.rows[0][`c${j}`])));
  }
  const sums = new Map<string, number>();
  for (const r of leaves) for (const a of r.ancestors as string[]) sums.set(a, (sums.get(a) ?? 0) + (counts.get(r.qualified) ?? 0));
  return rows.map((r) => ({
    schema: r.schema,
    table: r.table,
    kind: r.kind,
    ...(r.parent ? { parent: r.parent } : {}),
    rows: r.kind === 'r' ? (counts.get(r.qualified) ?? 0) : (sums.get(r.qualified) ?? 0),
  }));
}

async function dumpOne(ctx: Context, t: Target, dir: string, runId: string, format: DumpFormat, pgDump: string, compress?: number): Promise<DumpEntry> {
  const entry: DumpEntry = { database: t.name, dbName: t.dbName, server: t.server, ok: false, format, startedAt: new Date().toISOString() };
  const tool = await toolVersion(pgDump);
  entry.toolVersion = tool.version;
  const client = await connect(t.url, t.name, 'quenty-db backup');
  const finalName = dumpFileName(t.name, runId, format);
  const finalPath = path.join(dir, finalName);
  const tmpPath = finalPath + PARTIAL_SUFFIX;
  try {
    // Never through PgBouncer: a URL that points at a transaction pooler is refused here.
    await refuseTransactionPooler(client, t, ctx.config, 'back up');
    const v = await client.query(`SELECT current_setting('server_version') AS v, current_setting('server_version_num')::int AS n`);
    entry.serverVersion = v.rows[0].v;
    checkToolVersion('pg_dump', tool.major, v.rows[0].n, t.name);
    // One snapshot for the dump and the counts: pg_dump imports it with --snapshot while this
    // transaction stays open, so the row counts are those of the data in the file.
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const snap = await client.query('SELECT pg_export_snapshot() AS s');
    entry.snapshot = snap.rows[0].s;
    removePath(tmpPath);
    // The dump holds personal data and password hashes: created owner-only before pg_dump
    // writes into it (pg_dump keeps the mode of a file it truncates; a directory dump needs an
    // empty folder), whatever the umask.
    if (format === 'custom') fs.closeSync(fs.openSync(tmpPath, 'wx', 0o600));
    else fs.mkdirSync(tmpPath, { mode: 0o700 });
    const args = [`--format=${format === 'custom' ? 'c' : 'd'}`, `--snapshot=${entry.snapshot}`, `--file=${tmpPath}`];
    if (compress !== undefined) args.push(`--compress=${compress}`);
    const dump = runTool(pgDump, args, pgEnv(t.url, t.dbName), { maxStdout: 64 * 1024 });
    let tables: TableCount[] | undefined;
    let countError: unknown;
    try {
      tables = await countTables(client);
    } catch (e) {
      countError = e;
    }
    const r = await dump;
    await client.query('COMMIT').catch(() => undefined);
    if (r.code !== 0) {
      removePath(tmpPath);
      const full = isDiskFull(r.stderr);
      const gone =
        /server closed the connection|terminating connection|connection to server .* failed|Connection refused|the database system is shutting down/i.test(
          r.stderr,
        );
      throw new QuentyError(
        'BACKUP',
        `${t.name}: pg_dump failed${full ? ' (disk full)' : ''}${gone ? ' (the server went away)' : ''}${r.signal ? ` (killed by ${r.signal})` : ` (exit ${r.code})`}: ${r.stderr.split('\n').slice(-3).join(' ')}`,
        {
          database: t.name,
          hint: full
            ? `free space in ${dir}; the partial file was removed`
            : gone
              ? 'start the server and run the backup again; the partial file was removed'
              : 'the partial file was removed; see the message above',
        },
      );
    }
    if (countError) {
      removePath(tmpPath);
      throw countError;
    }
    ownerOnly(tmpPath);
    const sum = await checksumPath(tmpPath);
    fs.renameSync(tmpPath, finalPath);
    Object.assign(entry, { ok: true, file: finalName, size: sum.size, sha256: sum.sha256, rowCounts: 'exact' as const, tables });
    if (sum.files) entry.files = sum.files;
    entry.finishedAt = new Date().toISOString();
    return entry;
  } catch (e) {
    removePath(tmpPath);
    throw e;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** The roles of one server (`group`: the selected databases on it; `k`: its number in a run of several servers). */
async function dumpGlobals(group: Target[], dir: string, runId: string, pgDumpall: string, k?: number): Promise<GlobalsEntry> {
  const t = group[0];
  const entry: GlobalsEntry = { ok: false, server: t.server, databases: group.map((g) => g.name), startedAt: new Date().toISOString() };
  try {
    const tool = await toolVersion(pgDumpall);
    entry.toolVersion = tool.version;
    const name = globalsFileName(runId, k);
    const finalPath = path.join(dir, name);
    const tmpPath = finalPath + PARTIAL_SUFFIX;
    // Role password hashes go in this file: it is created readable by the owner only, before
    // pg_dumpall writes into it (it truncates, and keeps the mode), never group/world readable.
    removePath(tmpPath);
    fs.closeSync(fs.openSync(tmpPath, 'wx', 0o600));
    fs.chmodSync(tmpPath, 0o600);
    const r = await runTool(pgDumpall, ['--globals-only', `--file=${tmpPath}`], pgEnv(t.maintenanceUrl), { maxStdout: 64 * 1024 });
    if (r.code !== 0) {
      removePath(tmpPath);
      throw new QuentyError(
        'BACKUP',
        `pg_dumpall --globals-only failed${isDiskFull(r.stderr) ? ' (disk full)' : ''}: ${r.stderr.split('\n').slice(-3).join(' ')}`,
      );
    }
    ownerOnly(tmpPath);
    const sum = await checksumPath(tmpPath);
    fs.renameSync(tmpPath, finalPath);
    Object.assign(entry, { ok: true, file: name, size: sum.size, sha256: sum.sha256, finishedAt: new Date().toISOString() });
  } catch (e) {
    entry.error = redact(errorMessage(e));
    entry.finishedAt = new Date().toISOString();
  }
  return entry;
}

/** Pure: targets ordered by size, largest first (unknown sizes last, registry order kept on ties). */
export function orderBySize<T extends { dbName: string; server: string }>(targets: T[], sizes: Map<string, number>): T[] {
  const key = (t: T) => `${t.server}/${t.dbName}`;
  return targets
    .map((t, i) => ({ t, i, s: sizes.get(key(t)) ?? -1 }))
    .sort((a, b) => b.s - a.s || a.i - b.i)
    .map((x) => x.t);
}

/** Sizes from pg_database_size, one query per server; a server that does not answer leaves its order as is. */
async function largestFirst(targets: Target[]): Promise<Target[]> {
  const sizes = new Map<string, number>();
  for (const [server, list] of groupBy(targets, (t) => t.server)) {
    try {
      const c = await connect(list[0].maintenanceUrl, list[0].name, 'quenty-db backup');
      try {
        const r = await c.query('SELECT datname, pg_database_size(datname)::bigint AS b FROM pg_database WHERE datname = ANY($1)', [list.map((t) => t.dbName)]);
        for (const row of r.rows) sizes.set(`${server}/${row.datname}`, Number(row.b));
      } finally {
        await c.end().catch(() => undefined);
      }
    } catch {
      /* unreachable: its databases fail on their own below */
    }
  }
  return orderBySize(targets, sizes);
}

/**
 * backup create: pg_dump of each selected database (bounded parallelism, each in its own
 * exported snapshot with exact row counts), pg_dumpall --globals-only for the roles, files
 * written as `.partial` and renamed when complete, and a manifest written first as `running`
 * and rewritten at the end. Always over the direct admin URL (Target.url), never a pooler.
 */
export async function createBackup(ctx: Context, opts: BackupCreateOptions = {}): Promise<BackupCreateResult> {
  const targets = ctx.select(opts.databases);
  const format = opts.format ?? 'custom';
  if (opts.compress !== undefined && !(Number.isInteger(opts.compress) && opts.compress >= 0 && opts.compress <= 9)) {
    throw new QuentyError('USAGE', `--compress must be a whole number from 0 to 9, got "${String(opts.compress)}"`);
  }
  if (format !== 'custom' && format !== 'directory') throw new QuentyError('USAGE', `unknown format "${String(format)}" (custom or directory)`);
  const env = ctx.config.env;
  const pgDump = opts.tools?.pg_dump ?? findTool('pg_dump', env);
  const wantGlobals = opts.globals !== false;
  const pgDumpall = wantGlobals ? (opts.tools?.pg_dumpall ?? findTool('pg_dumpall', env)) : undefined;
  const dumpVersion = await toolVersion(pgDump);
  const dir = backupDir(ctx, opts.dir);
  // Checked level by level before anything (a recursive mkdir spins forever under /proc); a
  // folder made here is owner-only.
  makeDirSafe(dir, { mode: 0o700, code: 'BACKUP', what: 'backup folder', hint: 'set --dir or QUENTY_BACKUP_DIR to a writable folder' });
  reapInterrupted(dir);
  const started = new Date();
  const manifest = await claimRun(dir, (runId) => ({
    format: MANIFEST_FORMAT,
    runId,
    status: 'running',
    startedAt: started.toISOString(),
    consistency: CONSISTENCY_NOTE,
    dumpFormat: format,
    ...(opts.compress !== undefined ? { compress: opts.compress } : {}),
    prefix: ctx.config.prefix,
    tool: { pg_dump: `${pgDump} ${dumpVersion.version}` },
    databases: [],
    pid: process.pid,
    host: os.hostname(),
  }));
  const manifestFile = path.join(dir, manifestFileName(manifest.runId));
  let allOk = false;
  try {
    const jobs = Math.max(1, opts.jobs ?? ctx.config.concurrency);
    // The roles of every server of the selection (one file each), beside the dumps.
    const servers = [...groupBy(targets, (t) => t.server).values()];
    const globalsPromise = wantGlobals
      ? Promise.all(servers.map((group, i) => dumpGlobals(group, dir, manifest.runId, pgDumpall!, servers.length > 1 ? i + 1 : undefined)))
      : Promise.resolve([] as GlobalsEntry[]);
    // Largest databases first, so that a big one does not start last and run alone at the end.
    const order = await largestFirst(targets);
    const settledInOrder = await settleLimit(order, jobs, async (t) => {
      opts.onEvent?.({ database: t.name, phase: 'start' });
      const e = await dumpOne(ctx, t, dir, manifest.runId, format, pgDump, opts.compress);
      opts.onEvent?.({ database: t.name, phase: 'done', detail: `${e.size} bytes` });
      return e;
    });
    const settled = targets.map((t) => settledInOrder[order.indexOf(t)]);
    manifest.databases = settled.map((s, i) => {
      if (s.ok) return s.value;
      const t = targets[i];
      const error = redact(errorMessage(s.error));
      const hint = s.error instanceof QuentyError && s.error.hint ? redact(s.error.hint) : undefined;
      opts.onEvent?.({ database: t.name, phase: 'failed', detail: error });
      return {
        database: t.name,
        dbName: t.dbName,
        server: t.server,
        ok: false,
        error,
        ...(hint ? { hint } : {}),
        format,
        startedAt: started.toISOString(),
        finishedAt: new Date().toISOString(),
      };
    });
    const globals = await globalsPromise;
    if (globals.length) {
      if (globals.length === 1) manifest.globals = globals[0];
      manifest.globalsByServer = globals;
      manifest.tool.pg_dumpall = `${pgDumpall} ${globals.find((g) => g.toolVersion)?.toolVersion ?? ''}`.trim();
    }
    const okCount = manifest.databases.filter((d) => d.ok).length;
    allOk = okCount === targets.length && globals.every((g) => g.ok);
    manifest.status = allOk ? 'complete' : okCount > 0 ? 'partial' : 'failed';
    manifest.finishedAt = new Date().toISOString();
    writeJsonAtomic(manifestFile, manifest);
  } catch (e) {
    // Whatever failed (disk full writing the manifest, a bug): the manifest says so and no
    // .partial file of this run is left.
    const error = redact(errorMessage(e));
    const full = isDiskFull(error) || (e as NodeJS.ErrnoException).code === 'ENOSPC';
    for (const f of fs.readdirSync(dir)) if (f.includes(manifest.runId) && f.endsWith(PARTIAL_SUFFIX)) removePath(path.join(dir, f));
    manifest.status = 'failed';
    manifest.error = full ? `disk full: ${error}` : error;
    manifest.finishedAt = new Date().toISOString();
    try {
      writeJsonAtomic(manifestFile, manifest);
    } catch {
      // The manifest cannot be written at all: remove it rather than leave one that says running.
      removePath(manifestFile);
    }
    throw new QuentyError('BACKUP', `backup run ${manifest.runId} failed${full ? ' (disk full)' : ''}: ${error}`, {
      hint: full
        ? `free space in ${dir}; the run's partial files were removed and its manifest says failed`
        : "the run's manifest says failed; its partial files were removed",
      cause: e,
    });
  }
  return { dir, manifestFile, manifest, ok: allOk };
}
