import fs from 'node:fs';
import path from 'node:path';
import type pg from 'pg';
import { Context, openContext, withClient } from '../db/targets';
import { MigrationFile, listMigrationFiles, loadMigration, migrationStatus } from '../migrate';
import { Registry, selectDatabases } from '../registry';
import { QuentyError, errorMessage } from '../util/errors';
import { parseDuration } from '../config';
import { captureUp } from '../verify/capture';
import { readSnapshot, snapshotDir } from '../verify';
import type { LiveSchema } from './context';
import { LintFinding, lintStatements, newSetState, referencedColumns } from './engine';
import { loadParser } from './parse';

export interface LintReport {
  ok: boolean;
  /** Migrations linted, per database (`(files)` for --files outside a migrations folder). */
  linted: Array<{ database?: string; migrations: string[] }>;
  findings: LintFinding[];
}

export interface LintSet {
  database?: string;
  files: MigrationFile[];
  /** The live database the files are pending on: column types, row counts, partitions. */
  live?: LiveSchema;
  /** Shorthand of `live.columnTypes` (the first version's callers). */
  columnTypes?: Map<string, string>;
}

/** The SQL of one migration file as lint reads it: `up`'s statements (Knex), or the file itself (`.sql`). */
export async function migrationSql(
  f: MigrationFile,
): Promise<{ statements: string[]; kind: 'knex' | 'sql'; transaction: boolean; engineLockTimeout: boolean }> {
  if (f.file.endsWith('.sql')) return { statements: [fs.readFileSync(f.file, 'utf8')], kind: 'sql', transaction: false, engineLockTimeout: false };
  const mod = loadMigration(f);
  const statements = await captureUp(mod);
  // config.lockTimeout 0 (or '0s') turns the engine's lock_timeout off for this migration.
  const lockTimeout = mod.config?.lockTimeout;
  return {
    statements,
    kind: 'knex',
    transaction: mod.config?.transaction !== false,
    engineLockTimeout: lockTimeout === undefined || parseDuration(lockTimeout) !== 0,
  };
}

/** Lints sets of migration files (each set in order: tables created earlier in it are new). */
export async function lintSets(registry: Registry, sets: LintSet[]): Promise<LintReport> {
  await loadParser();
  const findings: LintFinding[] = [];
  for (const set of sets) {
    const snap = set.database && registry.has(set.database) ? readSnapshot(snapshotDir(registry, set.database), set.database) : undefined;
    const fks = snap
      ? Object.values(snap.tables).flatMap((t) =>
          Object.values(t.constraints)
            .filter((c) => c.type === 'foreign')
            .map((c) => c.definition),
        )
      : [];
    const state = newSetState(referencedColumns(registry, set.database, fks));
    // Without a server, the committed snapshot tells which tables are partitioned and their DEFAULT partitions.
    for (const [name, t] of Object.entries(snap?.tables ?? {})) {
      if (t.kind === 'partitioned') state.partitioned.add(name);
      if (t.partitionOf && /DEFAULT/i.test(t.partitionBound ?? '')) state.defaultPartitions.set(t.partitionOf, name);
    }
    const live = set.live ?? (set.columnTypes ? { columnTypes: set.columnTypes } : undefined);
    for (const f of set.files) {
      let sql: Awaited<ReturnType<typeof migrationSql>>;
      try {
        sql = await migrationSql(f);
      } catch (e) {
        throw new QuentyError('MIGRATION', `${f.name}: cannot read the SQL of up(): ${errorMessage(e)}`, { database: set.database });
      }
      findings.push(
        ...lintStatements({ database: set.database, migration: f.name, file: f.file, source: fs.readFileSync(f.file, 'utf8'), state, live, ...sql }),
      );
    }
  }
  return {
    ok: findings.every((f) => f.acknowledged !== undefined),
    linted: sets.map((s) => ({ database: s.database, migrations: s.files.map((f) => f.name) })),
    findings,
  };
}

/** The files given on the command line (Knex migrations or plain `.sql`), grouped by database (their folder, or `database`). */
export function fileSets(registry: Registry, files: string[], database?: string): LintSet[] {
  const groups = new Map<string, MigrationFile[]>();
  for (const f of files) {
    const abs = path.resolve(f);
    if (!fs.existsSync(abs)) throw new QuentyError('USAGE', `no such file: ${f}`);
    const dir = path.dirname(abs);
    const list = listMigrationFiles(dir).filter((m) => m.file === abs);
    const entry = list[0] ?? { name: path.basename(abs).replace(/\.(ts|js|sql)$/, ''), file: abs, checksum: '' };
    const db = database ?? (registry.has(path.basename(dir)) ? path.basename(dir) : '');
    groups.set(db, [...(groups.get(db) ?? []), entry]);
  }
  return [...groups.entries()].map(([db, fs_]) => ({ database: db || undefined, files: fs_.sort((a, b) => (a.name < b.name ? -1 : 1)) }));
}

/** Every migration of the selected databases. */
export function allSets(registry: Registry, databases: string[]): LintSet[] {
  return databases.map((d) => ({ database: d, files: listMigrationFiles(registry.migrationsDir(d)) }));
}

/** What the live database tells the rules: column types, row counts, partitions and their DEFAULT rows, NOT NULL checks, volatile functions. */
export async function readLiveSchema(c: pg.ClientBase): Promise<LiveSchema> {
  const cols = await c.query(
    `SELECT cl.relname, a.attname, format_type(a.atttypid, a.atttypmod) AS type
       FROM pg_attribute a JOIN pg_class cl ON cl.oid = a.attrelid JOIN pg_namespace n ON n.oid = cl.relnamespace
      WHERE n.nspname = 'public' AND cl.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped`,
  );
  const rels = await c.query(
    `SELECT cl.relname, cl.relkind, cl.reltuples::float8 AS est, p.relname AS parent,
            pg_get_expr(cl.relpartbound, cl.oid) AS bound
       FROM pg_class cl JOIN pg_namespace n ON n.oid = cl.relnamespace
       LEFT JOIN pg_inherits i ON i.inhrelid = cl.oid LEFT JOIN pg_class p ON p.oid = i.inhparent
      WHERE n.nspname = 'public' AND cl.relkind IN ('r', 'p')`,
  );
  const rows = new Map<string, number>();
  for (const r of rels.rows) {
    if (r.relkind !== 'r') continue;
    let n = Math.max(0, Math.round(r.est));
    // Never analysed, or estimated empty: count (at most 1000 rows) to tell empty from unknown.
    if (r.est <= 0)
      n = Number((await c.query(`SELECT count(*)::int AS n FROM (SELECT 1 FROM public."${String(r.relname).replace(/"/g, '""')}" LIMIT 1000) x`)).rows[0].n);
    rows.set(r.relname, n);
  }
  const partitioned = new Set<string>(rels.rows.filter((r) => r.relkind === 'p').map((r) => r.relname));
  for (const p of partitioned)
    rows.set(
      p,
      rels.rows.filter((r) => r.parent === p).reduce((s, r) => s + (rows.get(r.relname) ?? 0), 0),
    );
  const defaultPartitions = new Map<string, { table: string; rows: number }>();
  for (const r of rels.rows) if (r.parent && r.bound === 'DEFAULT') defaultPartitions.set(r.parent, { table: r.relname, rows: rows.get(r.relname) ?? 0 });
  const checks = await c.query(
    `SELECT cl.relname, pg_get_constraintdef(co.oid) AS def FROM pg_constraint co JOIN pg_class cl ON cl.oid = co.conrelid
      WHERE co.contype = 'c' AND co.convalidated AND cl.relnamespace = 'public'::regnamespace`,
  );
  const notNullChecks = new Set<string>();
  const rangeCheckedTables = new Set<string>();
  for (const r of checks.rows) {
    if (/>=|<|BETWEEN/.test(r.def)) rangeCheckedTables.add(r.relname);
    const m = /^CHECK \(\(?"?([\w$]+)"? IS NOT NULL\)?\)$/.exec(r.def);
    if (m) notNullChecks.add(`${r.relname}.${m[1]}`);
  }
  const vol = await c.query(`SELECT DISTINCT proname FROM pg_proc WHERE provolatile = 'v' AND prokind = 'f' AND prorettype <> 'void'::regtype`);
  const version = await c.query(`SELECT current_setting('server_version_num')::int AS v`);
  return {
    columnTypes: new Map(cols.rows.map((x) => [`${x.relname}.${x.attname}`, x.type as string])),
    rows,
    partitioned,
    defaultPartitions,
    notNullChecks,
    rangeCheckedTables,
    volatileFunctions: new Set(vol.rows.map((r) => r.proname as string)),
    serverVersionNum: version.rows[0].v,
  };
}

/** The migrations pending on the configured databases, with what each live database tells the rules. */
export async function pendingSets(ctx: Context, databases?: string | string[]): Promise<LintSet[]> {
  const status = (await migrationStatus(ctx, { databases })).databases;
  const bad = status.find((s) => !s.reachable);
  if (bad) throw new QuentyError('CONNECTION', `${bad.database}: ${bad.error}`, { hint: 'lint the files without a server with --all or --files' });
  const sets: LintSet[] = [];
  for (const s of status) {
    const files = listMigrationFiles(ctx.registry.migrationsDir(s.database)).filter((f) => s.pending.includes(f.name));
    let live: LiveSchema | undefined;
    if (files.length) {
      const t = ctx.target(s.database);
      live = await withClient(t.url, t.name, readLiveSchema);
    }
    sets.push({ database: s.database, files, live });
  }
  return sets;
}

/** Which migrations `lintMigrations` lints: those pending on the servers, every file, or the files given. */
export type LintMode = 'pending' | 'all' | 'files';

export interface LintMigrationsOptions {
  /** `pending` (default): not yet applied on the selected databases (needs a server); `all`: every migration file; `files`: `files`. */
  mode?: LintMode;
  /** `files` mode: Knex migrations or plain `.sql` files. */
  files?: string[];
  /** The databases (a `--db` selection); in `files` mode at most one, whose migrations the files are. */
  databases?: string | string[];
}

/**
 * `migrate lint` as one call: chooses the migrations (`mode`), reads what the live databases tell
 * the rules when they are pending on a server, and lints them. Given a Registry, `pending` opens
 * the context (the configured or embedded server); `all` and `files` never need a server.
 */
export async function lintMigrations(from: Context | Registry, opts: LintMigrationsOptions = {}): Promise<LintReport> {
  const ctx = 'targets' in from ? from : undefined;
  const registry = ctx ? ctx.registry : (from as Registry);
  let sets: LintSet[];
  if (opts.mode === 'files') {
    const dbs = opts.databases !== undefined ? selectDatabases(registry, opts.databases) : [];
    if (dbs.length > 1) throw new QuentyError('USAGE', 'with --files, --db names at most one database');
    sets = fileSets(registry, opts.files ?? [], dbs[0]?.name);
  } else if (opts.mode === 'all')
    sets = allSets(
      registry,
      selectDatabases(registry, opts.databases).map((d) => d.name),
    );
  else sets = await pendingSets(ctx ?? (await openContext({ registry })), opts.databases);
  return lintSets(registry, sets);
}
