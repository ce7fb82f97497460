import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Context, Target, resolveTargets, withClient, withDatabase } from '../db/targets';
import { createDatabases, dropDatabases } from '../create';
import { describeProblem, listMigrationFiles, migrate, planMigrations, readApplied } from '../migrate';
import { applicationName } from '../db/lock';
import { Registry } from '../registry';
import { QuentyError, errorMessage } from '../util/errors';
import { redact } from '../util/redact';
import { settleLimit } from '../util/concurrency';
import { Difference, diffSnapshots } from './diff';
import { inspectDatabase, Inspection } from './inspect';
import { missingAhead, monthOfPartitionName, parseBound } from '../partitions/plan';
import type { PartitionPolicy } from '../registry';
import { SchemaSnapshot, TableSnapshot, parseSnapshot, serializeSnapshot, canonicalSnapshot } from './snapshot';

export * from './snapshot';
export * from './diff';
export { inspectDatabase, normalizeNames } from './inspect';

/**
 * verify: is each live database exactly what its migrations say? Compares the live schema with
 * the committed snapshot (`schema/<db>.json`), and reports pending migrations, applied
 * migrations edited or deleted since, and monthly partitions missing for the months ahead.
 * It only reads: nothing is ever changed or reset.
 */
export type FindingCategory = 'schema' | 'pending' | 'checksum' | 'partition' | 'snapshot' | 'error';

export interface VerifyFinding {
  database: string;
  category: FindingCategory;
  /** Stable kind, e.g. `index-missing`, `pending`, `checksum-changed`, `partition-missing`. */
  kind: string;
  message: string;
  object?: string;
  expected?: string;
  actual?: string;
}

export interface DatabaseVerifyResult {
  database: string;
  ok: boolean;
  findings: VerifyFinding[];
  tables: number;
  /** What was seen and deliberately not compared (they never fail), e.g. partitions detached by retention. */
  notes?: string[];
}

export interface VerifyReport {
  ok: boolean;
  databases: DatabaseVerifyResult[];
}

export interface VerifyOptions {
  databases?: string | string[];
  /** Check the months ahead of partitioned tables (default true). */
  partitions?: boolean;
  /** Folder of the committed snapshots (default `<package>/schema`). */
  snapshotDir?: string;
  now?: Date;
}

/** Folder of a database's committed snapshot: `schema/` of the root it was loaded from (or `override`). */
export function snapshotDir(registry: Registry, database?: string, override?: string): string {
  if (override) return override;
  return database ? registry.schemaDir(database) : path.join(registry.root, 'schema');
}

export function snapshotFile(dir: string, database: string): string {
  return path.join(dir, `${database}.json`);
}

export function readSnapshot(dir: string, database: string): SchemaSnapshot | undefined {
  const file = snapshotFile(dir, database);
  if (!fs.existsSync(file)) return undefined;
  return parseSnapshot(fs.readFileSync(file, 'utf8'), file);
}

/**
 * Pure: plain tables named `<table>_YYYY_MM` after a table the registry declares partitioned
 * (and not in the expected snapshot): the monthly partitions `partitions retention` detached
 * and kept. They are data kept on purpose, not drift.
 */
export function detachedPartitionTables(
  tables: Record<string, TableSnapshot>,
  partitioned: PartitionPolicy[],
  expected?: Pick<SchemaSnapshot, 'tables'>,
): string[] {
  return Object.keys(tables)
    .filter((name) => tables[name].kind === 'table' && !expected?.tables[name] && partitioned.some((p) => monthOfPartitionName(p.table, name) !== undefined))
    .sort();
}

/** Pure: the findings of one database from what was read. */
export function assessDatabase(input: {
  database: string;
  expected?: SchemaSnapshot;
  actual: Inspection;
  migrationNames: string[];
  plan: ReturnType<typeof planMigrations>;
  partitioned: PartitionPolicy[];
  checkPartitions: boolean;
  now: Date;
}): VerifyFinding[] {
  const { database } = input;
  const out: VerifyFinding[] = [];
  if (!input.expected) {
    out.push({ database, category: 'snapshot', kind: 'snapshot-missing', message: `no snapshot schema/${database}.json: run \`quenty-db verify snapshot\`` });
  } else {
    const stale = input.migrationNames.filter((m) => !input.expected!.migrations.includes(m));
    const gone = input.expected.migrations.filter((m) => !input.migrationNames.includes(m));
    for (const m of stale)
      out.push({
        database,
        category: 'snapshot',
        kind: 'snapshot-stale',
        object: m,
        message: `snapshot schema/${database}.json does not include migration ${m}: run \`quenty-db verify snapshot\``,
      });
    for (const m of gone)
      out.push({
        database,
        category: 'snapshot',
        kind: 'snapshot-stale',
        object: m,
        message: `snapshot schema/${database}.json includes migration ${m}, which has no file`,
      });
    const detached = new Set(detachedPartitionTables(input.actual.snapshot.tables, input.partitioned, input.expected));
    const tables = Object.fromEntries(Object.entries(input.actual.snapshot.tables).filter(([name]) => !detached.has(name)));
    for (const d of diffSnapshots(input.expected, { tables })) out.push(fromDifference(database, d));
  }
  for (const p of input.plan.pending) out.push({ database, category: 'pending', kind: 'pending', object: p.name, message: `migration ${p.name} is pending` });
  for (const p of input.plan.problems) {
    out.push({
      database,
      category: 'checksum',
      kind: `checksum-${p.kind}`,
      object: p.name,
      message: describeProblem(p),
      ...(p.kind === 'changed' ? { expected: p.expected, actual: p.actual } : {}),
    });
  }
  if (input.checkPartitions) {
    for (const pol of input.partitioned) {
      if (!input.actual.snapshot.tables[pol.table]) continue; // reported as a missing table
      let months: string[];
      try {
        const existing = (input.actual.partitionBounds[pol.table] ?? []).map((p) => parseBound(p.name, p.bound));
        months = missingAhead(pol, existing, input.now).map((m) => m.month);
      } catch (e) {
        out.push({ database, category: 'partition', kind: 'partition-unreadable', object: pol.table, message: `${pol.table}: ${errorMessage(e)}` });
        continue;
      }
      for (const m of months) {
        out.push({
          database,
          category: 'partition',
          kind: 'partition-missing',
          object: `${pol.table}:${m}`,
          message: `${pol.table} has no partition for ${m} (policy: ${pol.monthsAhead} months ahead; \`quenty-db partitions ensure\`)`,
        });
      }
    }
  }
  return out;
}

function fromDifference(database: string, d: Difference): VerifyFinding {
  return { database, category: 'schema', kind: d.kind, object: d.object, message: d.message, expected: d.expected, actual: d.actual };
}

async function verifyOne(ctx: Context, t: Target, opts: VerifyOptions): Promise<DatabaseVerifyResult> {
  const dir = snapshotDir(ctx.registry, t.name, opts.snapshotDir);
  const expected = readSnapshot(dir, t.name);
  const files = listMigrationFiles(ctx.registry.migrationsDir(t.name));
  const { inspection, applied } = await withClient(
    t.url,
    t.name,
    async (c) => {
      const applied = await readApplied(c, t.entry.versionTable);
      const inspection = await inspectDatabase(c, { database: t.name, exclude: [t.entry.versionTable], serverDbName: t.dbName });
      return { inspection, applied };
    },
    applicationName('verify'),
  );
  const findings = assessDatabase({
    database: t.name,
    expected,
    actual: inspection,
    migrationNames: files.map((f) => f.name),
    plan: planMigrations(files, applied),
    partitioned: t.entry.partitioned,
    checkPartitions: opts.partitions !== false,
    now: opts.now ?? new Date(),
  });
  const detached = detachedPartitionTables(inspection.snapshot.tables, t.entry.partitioned, expected);
  const notes = detached.length
    ? [`not compared: ${detached.join(', ')} (monthly partitions detached by \`partitions retention\`, kept as plain tables)`]
    : undefined;
  return {
    database: t.name,
    ok: findings.length === 0,
    findings,
    tables: Object.keys(inspection.snapshot.tables).length - detached.length,
    ...(notes ? { notes } : {}),
  };
}

/** verify: the live databases against their snapshots (all, or `databases`). */
export async function verifyDatabases(ctx: Context, opts: VerifyOptions = {}): Promise<VerifyReport> {
  const targets = ctx.select(opts.databases);
  // At most QUENTY_CONCURRENCY databases at once (one connection each).
  const results = await settleLimit(targets, ctx.config.concurrency, (t) => verifyOne(ctx, t, opts));
  const databases = results.map((r, i): DatabaseVerifyResult => {
    if (r.ok) return r.value;
    const database = targets[i].name;
    return { database, ok: false, tables: 0, findings: [{ database, category: 'error', kind: 'error', message: redact(errorMessage(r.error)) }] };
  });
  return { ok: databases.every((d) => d.ok), databases };
}

/** A context on the same server(s) whose databases carry `prefix` (scratch copies). */
export function scratchContext(ctx: Context, prefix: string): Context & { cleanupHome: () => void } {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'quenty-scratch-'));
  const config = { ...ctx.config, prefix, home };
  const base = ctx.targets.find((t) => !ctx.config.overrides[t.name]);
  const serverUrl = ctx.config.serverUrl ?? (base ? withDatabase(base.maintenanceUrl, 'postgres') : undefined);
  const targets = resolveTargets(config, ctx.registry, serverUrl);
  const byName = new Map(targets.map((t) => [t.name, t]));
  return {
    config,
    registry: ctx.registry,
    targets,
    target: (n) => {
      const t = byName.get(n);
      if (!t) throw new QuentyError('USAGE', `unknown database "${n}"`);
      return t;
    },
    select: (sel) => ctx.select(sel).map((t) => byName.get(t.name)!),
    cleanupHome: () => fs.rmSync(home, { recursive: true, force: true }),
  };
}

/**
 * `zz_snap_<pid>_<random hex>_`: the pid says which process made a copy, the random part keeps
 * two runs apart that have the same pid (CI jobs in containers on one server). A valid
 * QUENTY_DB_PREFIX: lower-case letters, digits and _, at most 20 characters.
 */
export function defaultScratchPrefix(pid = process.pid): string {
  const p = pid.toString(36).slice(-5);
  return `zz_snap_${p}_${crypto
    .randomBytes(4)
    .toString('hex')
    .slice(0, 20 - 'zz_snap_'.length - p.length - 2)}_`;
}

/**
 * Migrates scratch copies of the selected databases from nothing (prefix `zz_snap_<pid>_<random>_`
 * on the configured server), reads their snapshots, and drops the copies (also on failure). The
 * names are new each run, so nothing is dropped before: never another run's copies.
 */
export async function buildSnapshots(ctx: Context, opts: { databases?: string | string[]; scratchPrefix?: string } = {}): Promise<SchemaSnapshot[]> {
  const scratch = scratchContext(ctx, opts.scratchPrefix ?? defaultScratchPrefix());
  const selection = ctx.select(opts.databases).map((t) => t.name);
  try {
    const created = await createDatabases(scratch, { databases: selection });
    const bad = created.databases.find((c) => !c.ok);
    if (bad) throw new QuentyError('INTERNAL', `scratch copy of ${bad.database}: ${bad.error}`, { database: bad.database });
    const migrated = await migrate(scratch, 'latest', { databases: selection });
    const failed = migrated.databases.find((m) => !m.ok);
    if (failed) throw new QuentyError('MIGRATION', `scratch copy of ${failed.database}: ${failed.error}`, { database: failed.database, hint: failed.hint });
    const snaps = await settleLimit(scratch.select(selection), scratch.config.concurrency, async (t) => {
      const files = listMigrationFiles(ctx.registry.migrationsDir(t.name)).map((f) => f.name);
      const ins = await withClient(
        t.url,
        t.name,
        (c) => inspectDatabase(c, { database: t.name, exclude: [t.entry.versionTable], migrations: files, serverDbName: t.dbName }),
        applicationName('verify snapshot'),
      );
      return canonicalSnapshot(ins.snapshot);
    });
    return snaps.map((s) => {
      if (!s.ok) throw s.error;
      return s.value;
    });
  } finally {
    await dropDatabases(scratch, { databases: selection, roles: true }).catch(() => undefined);
    scratch.cleanupHome();
  }
}

export interface SnapshotWriteResult {
  database: string;
  file: string;
  changed: boolean;
}

/** verify snapshot: writes `schema/<db>.json` for the selected databases. */
export async function writeSnapshots(
  ctx: Context,
  opts: { databases?: string | string[]; dir?: string; scratchPrefix?: string } = {},
): Promise<SnapshotWriteResult[]> {
  const snaps = await buildSnapshots(ctx, opts);
  return snaps.map((s) => {
    const dir = snapshotDir(ctx.registry, s.database, opts.dir);
    fs.mkdirSync(dir, { recursive: true });
    const file = snapshotFile(dir, s.database);
    const text = serializeSnapshot(s);
    const before = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : undefined;
    if (before !== text) fs.writeFileSync(file, text);
    return { database: s.database, file, changed: before !== text };
  });
}

/** Pure: the findings of `--check-snapshot` for one database. */
export function compareSnapshot(database: string, committed: SchemaSnapshot | undefined, fresh: SchemaSnapshot): VerifyFinding[] {
  if (!committed)
    return [
      {
        database,
        category: 'snapshot',
        kind: 'snapshot-missing',
        message: `no committed snapshot schema/${database}.json: run \`quenty-db verify snapshot\` and commit it`,
      },
    ];
  const out: VerifyFinding[] = [];
  for (const m of fresh.migrations.filter((m) => !committed.migrations.includes(m))) {
    out.push({
      database,
      category: 'snapshot',
      kind: 'snapshot-stale',
      object: m,
      message: `migration ${m} has no snapshot: run \`quenty-db verify snapshot\` and commit schema/${database}.json`,
    });
  }
  for (const m of committed.migrations.filter((m) => !fresh.migrations.includes(m))) {
    out.push({
      database,
      category: 'snapshot',
      kind: 'snapshot-stale',
      object: m,
      message: `schema/${database}.json includes migration ${m}, which has no file`,
    });
  }
  for (const d of diffSnapshots(committed, fresh)) {
    out.push({
      ...fromDifference(database, d),
      category: 'snapshot',
      message: `the migrations produce a different schema than schema/${database}.json: ${d.message}`,
    });
  }
  return out;
}

/** verify --check-snapshot: the committed snapshots against what the current migrations produce. */
export async function checkSnapshots(ctx: Context, opts: { databases?: string | string[]; dir?: string; scratchPrefix?: string } = {}): Promise<VerifyReport> {
  const fresh = await buildSnapshots(ctx, opts);
  const databases = fresh.map((s) => {
    const findings = compareSnapshot(s.database, readSnapshot(snapshotDir(ctx.registry, s.database, opts.dir), s.database), s);
    return { database: s.database, ok: findings.length === 0, findings, tables: Object.keys(s.tables).length };
  });
  return { ok: databases.every((d) => d.ok), databases };
}
