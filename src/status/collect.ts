import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import type { Context, Target } from '../db/targets';
import { clientConfig } from '../db/targets';
import { readApplied, migrationFiles, planMigrations, describeProblem } from '../migrate';
import { partitionStatus, TableStatus } from '../partitions';
import { parseMonth, monthOfDate } from '../partitions/plan';
import { listRuns, RunInfo } from '../backup/manifest';
import { readAuditRecords } from '../audit/record';
import { adminPassword, pgbouncerSettings } from '../pgbouncer';
import { errorMessage } from '../util/errors';
import { redact } from '../util/redact';
import type { BackupFacts, DatabaseFacts, PartitionFacts, PoolFacts, RelationSize, DeadTuples } from './types';

/**
 * Reads, never writes, the facts of every selected database, all at once: one connection per
 * database (plus one to the PgBouncer console when configured), the backup folder and the
 * audit's run records under the home folder.
 */

export interface CollectOptions {
  databases?: string | string[];
  /** PgBouncer's console; default from QUENTY_PGBOUNCER_LISTEN_PORT (and _LISTEN_ADDR) when set. */
  pgbouncer?: { host: string; port: number } | false;
  /** Per connection (default 5 s). */
  timeoutMs?: number;
  now?: Date;
}

const APP = 'quenty-db status';

/** The PgBouncer console to ask, or undefined when none is configured. */
export function pgbouncerEndpoint(ctx: Context, opt?: CollectOptions['pgbouncer']): { host: string; port: number } | undefined {
  if (opt === false) return undefined;
  if (opt) return opt;
  if (!ctx.config.env.QUENTY_PGBOUNCER_LISTEN_PORT) return undefined;
  const s = pgbouncerSettings(ctx);
  return { host: s.listen_addr === '*' || s.listen_addr === '0.0.0.0' ? '127.0.0.1' : s.listen_addr, port: s.listen_port };
}

async function withTimeoutClient<T>(cfg: pg.ClientConfig, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client(cfg);
  client.on('error', () => undefined);
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Pure: months created from the current month on, from a partition status's first missing month. */
export function headroomMonths(nextMissing: string, now: Date): number {
  return Math.max(0, parseMonth(nextMissing) - monthOfDate(now));
}

export function partitionFacts(s: TableStatus, now: Date): PartitionFacts {
  return {
    table: s.table,
    headroomMonths: s.error ? 0 : headroomMonths(s.nextMissing, now),
    nextMissing: s.nextMissing,
    defaultRows: s.defaultRows,
    pastRetention: s.pastRetention,
    retentionMonths: s.policy.retentionMonths,
    ...(s.error ? { error: s.error } : {}),
  };
}

/** Pure: the newest good and newest verified backup of one database among the runs of a folder. */
export function backupFacts(runs: RunInfo[], database: string, prefix: string): BackupFacts {
  const out: BackupFacts = { runs: 0 };
  for (const run of runs) {
    const m = run.manifest;
    if (!m || m.prefix !== prefix) continue;
    const d = m.databases.find((x) => x.database === database);
    if (!d) continue;
    out.runs++;
    if (m.status === 'running') continue;
    const good = d.ok && !!d.file && run.files.includes(d.file);
    const at = d.finishedAt ?? m.finishedAt ?? m.startedAt;
    if (good && (!out.newestGood || at > out.newestGood.at)) out.newestGood = { runId: run.runId, at };
    const v = run.verify?.databases.find((x) => x.database === database);
    if (good && v?.ok && (!out.newestVerified || at > out.newestVerified.at)) out.newestVerified = { runId: run.runId, at };
  }
  return out;
}

const SIZES_SQL = `
WITH rels AS (
  SELECT c.oid, c.relname, c.relkind
  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%'
    AND c.relkind IN ('r', 'p', 'i', 'I') AND NOT c.relispartition
)
SELECT relname AS name, CASE WHEN relkind IN ('r', 'p') THEN 'table' ELSE 'index' END AS kind,
  CASE relkind
    WHEN 'p' THEN (SELECT coalesce(sum(pg_total_relation_size(t.relid)), 0) FROM pg_partition_tree(rels.oid) t)
    WHEN 'I' THEN (SELECT coalesce(sum(pg_relation_size(t.relid)), 0) FROM pg_partition_tree(rels.oid) t)
    WHEN 'r' THEN pg_total_relation_size(oid)
    ELSE pg_relation_size(oid) END::bigint AS bytes
FROM rels`;

/** The facts one connection to the database gives. */
async function databaseFacts(
  ctx: Context,
  t: Target,
  timeoutMs: number,
): Promise<Omit<DatabaseFacts, 'partitions' | 'backups' | 'audit' | 'pgbouncer' | 'previous'>> {
  const base = { database: t.name, dbName: t.dbName, server: t.server };
  try {
    return await withTimeoutClient({ ...clientConfig(t.url, APP), connectionTimeoutMillis: timeoutMs, statement_timeout: timeoutMs * 2 }, async (c) => {
      const s = (
        await c.query(
          `SELECT current_setting('server_version') AS version, pg_database_size(current_database())::bigint AS size,
             current_setting('max_connections')::int AS max, current_setting('superuser_reserved_connections')::int AS reserved,
             (SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend')::int AS server,
             (SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend' AND datname = current_database())::int AS here`,
        )
      ).rows[0];
      let migrations: DatabaseFacts['migrations'];
      try {
        const applied = await readApplied(c, t.entry.versionTable);
        const plan = planMigrations(migrationFiles(ctx, t), applied);
        migrations = { applied: applied.length, pending: plan.pending.map((p) => p.name), problems: plan.problems.map(describeProblem) };
      } catch (e) {
        migrations = { applied: 0, pending: [], problems: [], error: redact(errorMessage(e)) };
      }
      const sizes = (await c.query(SIZES_SQL)).rows.map((r) => ({ name: r.name, kind: r.kind, bytes: Number(r.bytes) }) as RelationSize);
      const top = (kind: RelationSize['kind']) =>
        sizes
          .filter((x) => x.kind === kind)
          .sort((a, b) => b.bytes - a.bytes || a.name.localeCompare(b.name))
          .slice(0, 5);
      const dead = (
        await c.query(
          `SELECT relname AS table, n_live_tup::bigint AS live, n_dead_tup::bigint AS dead FROM pg_stat_user_tables
           WHERE n_dead_tup > 0 ORDER BY n_dead_tup DESC, relname LIMIT 10`,
        )
      ).rows.map((r): DeadTuples => {
        const live = Number(r.live);
        const deadRows = Number(r.dead);
        return { table: r.table, live, dead: deadRows, ratio: deadRows / Math.max(1, live + deadRows) };
      });
      return {
        ...base,
        reachable: true,
        serverVersion: s.version,
        sizeBytes: Number(s.size),
        connections: { database: s.here, server: s.server, max: s.max, reserved: s.reserved },
        migrations,
        largest: [...top('table'), ...top('index')],
        dead,
      };
    });
  } catch (e) {
    return { ...base, reachable: false, error: redact(errorMessage(e)), largest: [], dead: [] };
  }
}

/** SHOW POOLS of PgBouncer's console, grouped by database name on the server. */
export async function readPools(ctx: Context, endpoint: { host: string; port: number }, timeoutMs: number): Promise<Map<string, PoolFacts[]>> {
  const settings = pgbouncerSettings(ctx);
  const cfg: pg.ClientConfig = {
    host: endpoint.host,
    port: endpoint.port,
    // The console user as generateConfig writes it into the ini (prefixed like the roles).
    user: ctx.config.prefix + settings.admin_user,
    password: adminPassword(ctx, settings),
    database: 'pgbouncer',
    application_name: APP,
    connectionTimeoutMillis: timeoutMs,
  };
  return withTimeoutClient(cfg, async (c) => {
    const rows = (await c.query('SHOW POOLS')).rows as Array<Record<string, string | number>>;
    const out = new Map<string, PoolFacts[]>();
    for (const r of rows) {
      const db = String(r.database);
      const list = out.get(db) ?? [];
      list.push({
        user: String(r.user),
        poolMode: String(r.pool_mode ?? ''),
        clientsActive: Number(r.cl_active),
        clientsWaiting: Number(r.cl_waiting),
        serversActive: Number(r.sv_active),
        serversIdle: Number(r.sv_idle),
        serversUsed: Number(r.sv_used),
        maxwaitSeconds: Number(r.maxwait) + Number(r.maxwait_us ?? 0) / 1e6,
      });
      out.set(db, list);
    }
    return out;
  });
}

/** The previous status run's sizes, by `server/dbName`. */
export interface SizeHistory {
  at: string;
  sizes: Record<string, number>;
}

export const sizeHistoryFile = (home: string) => path.join(home, 'status', 'sizes.json');

export function readSizeHistory(home: string): SizeHistory | undefined {
  try {
    const h = JSON.parse(fs.readFileSync(sizeHistoryFile(home), 'utf8')) as SizeHistory;
    return typeof h.at === 'string' && h.sizes && typeof h.sizes === 'object' ? h : undefined;
  } catch {
    return undefined;
  }
}

/** Keeps this run's sizes for the next run's growth; returns an error text instead of throwing. */
export function writeSizeHistory(home: string, facts: DatabaseFacts[], at: Date): string | undefined {
  const file = sizeHistoryFile(home);
  const prev = readSizeHistory(home);
  const sizes: Record<string, number> = { ...(prev?.sizes ?? {}) };
  for (const f of facts) if (f.sizeBytes !== undefined) sizes[`${f.server}/${f.dbName}`] = f.sizeBytes;
  try {
    // Never a recursive mkdir up from an arbitrary path: the home exists or its parent does.
    if (!fs.existsSync(path.dirname(path.dirname(file)))) return `${path.dirname(path.dirname(file))} does not exist`;
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const tmp = `${file}.${process.pid}.partial`;
    fs.writeFileSync(tmp, JSON.stringify({ at: at.toISOString(), sizes }, null, 2) + '\n');
    fs.renameSync(tmp, file);
    return undefined;
  } catch (e) {
    return errorMessage(e);
  }
}

/** Every fact of every selected database. */
export async function collectFacts(ctx: Context, opts: CollectOptions = {}): Promise<{ facts: DatabaseFacts[]; pgbouncer?: { host: string; port: number } }> {
  const now = opts.now ?? new Date();
  const timeoutMs = opts.timeoutMs ?? 5000;
  const targets = ctx.select(opts.databases);
  const endpoint = pgbouncerEndpoint(ctx, opts.pgbouncer);
  const history = readSizeHistory(ctx.config.home);
  const audits = readAuditRecords(ctx.config.home);
  const runs = listRuns(ctx.config.backupDir);
  const [perDb, parts, pools] = await Promise.all([
    Promise.all(targets.map((t) => databaseFacts(ctx, t, timeoutMs))),
    partitionStatus(ctx, { databases: targets.map((t) => t.name), today: now }).then(
      (r) => r.tables,
      (e) => e as Error,
    ),
    endpoint ? readPools(ctx, endpoint, timeoutMs).catch((e) => e as Error) : Promise.resolve(undefined),
  ]);
  const facts = perDb.map((f, i): DatabaseFacts => {
    const t = targets[i];
    const policies = t.entry.partitioned;
    const partitions: PartitionFacts[] =
      parts instanceof Error
        ? policies.map((p) => ({
            table: p.table,
            headroomMonths: 0,
            nextMissing: '',
            defaultRows: 0,
            pastRetention: [],
            retentionMonths: p.retentionMonths,
            error: redact(parts.message),
          }))
        : parts.filter((s) => s.database === t.name).map((s) => partitionFacts(s, now));
    const prevSize = history?.sizes[`${t.server}/${t.dbName}`];
    const audit = audits[t.dbName];
    return {
      ...f,
      ...(prevSize !== undefined && history ? { previous: { at: history.at, sizeBytes: prevSize } } : {}),
      partitions: f.reachable ? partitions : [],
      backups: backupFacts(runs, t.name, ctx.config.prefix),
      ...(audit ? { audit } : {}),
      ...(endpoint ? { pgbouncer: pools instanceof Error ? { pools: [], error: redact(pools.message) } : { pools: pools?.get(t.dbName) ?? [] } } : {}),
    };
  });
  return { facts, pgbouncer: endpoint };
}
