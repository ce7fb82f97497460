import { Context } from '../db/targets';
import { CreateResult, createDatabases, grantAuditAccess, withUpLock } from '../create';
import { DatabaseMigrateResult, MigrateOptions, migrateTarget } from '../migrate';
import { limiter } from '../util/concurrency';
import { audit, summaryLine } from '../audit';
import type { AuditReport, AuditSummary, CheckResult } from '../audit';
import { ensureForUp } from '../partitions';
import type { DatabaseEnsureResult } from '../partitions';
import { seed, productionReasons } from '../seed';
import { fleetReport } from '../result';
import type { FleetReport } from '../result';

/**
 * up: the main job of a new user. create → migrate latest → audit-role grants → partitions
 * ensure → seed (tiny) → audit. Each step reports per database; a failing step stops the later
 * steps only for what depends on it.
 */
export interface UpOptions {
  databases?: string | string[];
  seed?: boolean;
  onStep?: (step: string) => void;
}

/** up's audit-role grants: the key columns granted per database, or why they could not be. */
export type UpAuditGrantsStep = Array<{ database: string; columns: number }> | { ok: false; error: string };

/** up's seed step: skipped (production), failed as a whole, or one result per database. */
export interface UpSeedStep {
  ok: boolean;
  rows?: number;
  ms?: number;
  skipped?: string;
  error?: string;
  databases?: Array<{ database: string; ok: boolean; rows: number; skipped?: string; error?: string; hint?: string }>;
}

/** up's audit step: the audit's summary and the checks that did not pass. */
export interface UpAuditStep {
  ok: boolean;
  summary: AuditSummary;
  incompleteSeeds?: AuditReport['incompleteSeeds'];
  failing: Array<{ id: string; status: CheckResult['status']; orphanRows?: number; error?: string }>;
}

/** What `up` did, step by step; a step it did not reach (nothing migrated, --no-seed) is absent. */
export interface UpReport {
  ok: boolean;
  create: FleetReport<CreateResult>;
  /** The databases created (a database that could not be created is not migrated). */
  migrate: FleetReport<DatabaseMigrateResult>;
  auditGrants?: UpAuditGrantsStep;
  partitions?: FleetReport<DatabaseEnsureResult>;
  seed?: UpSeedStep;
  audit?: UpAuditStep;
}

/**
 * create + migrate latest as one pipeline: each database is migrated as soon as it and its
 * grants exist, while the next ones are still being created (at most QUENTY_CONCURRENCY
 * migrating at once). The CREATE DATABASE statements run one after another on a server's maintenance
 * session; migrating meanwhile hides most of the migrations' time.
 */
export async function createAndMigrate(
  ctx: Context,
  opts: { databases?: string | string[]; onEvent?: MigrateOptions['onEvent'] } = {},
): Promise<{ create: FleetReport<CreateResult>; migrate: FleetReport<DatabaseMigrateResult> }> {
  const limit = limiter(ctx.config.concurrency);
  const running = new Map<string, Promise<DatabaseMigrateResult>>();
  const created = await createDatabases(ctx, {
    databases: opts.databases,
    onReady: (t) =>
      running.set(
        t.name,
        limit(() => migrateTarget(ctx, t, 'latest', { onEvent: opts.onEvent })),
      ),
  });
  const migrated: DatabaseMigrateResult[] = [];
  for (const c of created.databases) {
    const m = running.get(c.database);
    if (c.ok && m) migrated.push(await m);
  }
  return { create: created, migrate: fleetReport(migrated) };
}

export async function up(ctx: Context, opts: UpOptions = {}): Promise<UpReport> {
  return withUpLock(ctx, () => upLocked(ctx, opts));
}

async function upLocked(ctx: Context, opts: UpOptions): Promise<UpReport> {
  opts.onStep?.('create + migrate');
  const { create: created, migrate: migrated } = await createAndMigrate(ctx, { databases: opts.databases });
  const report: UpReport = {
    ok: created.ok && migrated.ok,
    create: created,
    migrate: migrated,
  };
  const migratedOk = migrated.databases.filter((m) => m.ok).map((m) => m.database);
  if (migratedOk.length) {
    // Column privileges have no default privileges: the audit role gets its key columns once the
    // tables exist, that is after the migrations.
    try {
      report.auditGrants = await grantAuditAccess(ctx, { databases: migratedOk });
    } catch (e) {
      report.auditGrants = { ok: false, error: e instanceof Error ? e.message : String(e) };
      report.ok = false;
    }
  }
  if (migratedOk.some((d) => ctx.registry.has(d) && ctx.registry.get(d).partitioned.length > 0)) {
    opts.onStep?.('partitions');
    const partitions = await ensureForUp(ctx, migratedOk);
    report.partitions = partitions;
    if (!partitions.ok) report.ok = false;
  }
  if (opts.seed !== false && migratedOk.length) {
    opts.onStep?.('seed');
    const seedable = migratedOk.filter((d) => ctx.registry.has(d) && ctx.registry.get(d).seed);
    if (seedable.length && productionReasons(ctx.config.nodeEnv, ctx.select(seedable)).length) {
      report.seed = { ok: true, skipped: 'the target looks like production: not seeding (run `quenty-db seed --force` if you mean it)' };
    } else if (seedable.length) {
      try {
        // A database that already holds rows (a second `up`) is skipped, never truncated.
        const seeded = await seed(ctx, { databases: seedable, scale: 'tiny', skipNonEmpty: true });
        report.seed = {
          ok: seeded.ok,
          rows: seeded.totalRows,
          ms: seeded.ms,
          databases: seeded.databases.map((d) => ({
            database: d.database,
            ok: d.ok,
            rows: d.rows,
            ...(d.skipped ? { skipped: d.skipped } : {}),
            ...(d.error ? { error: d.error } : {}),
            ...(d.hint ? { hint: d.hint } : {}),
          })),
        };
        if (!seeded.ok) report.ok = false;
      } catch (e) {
        report.seed = { ok: false, error: e instanceof Error ? e.message : String(e) };
        report.ok = false;
      }
    }
  }
  if (migratedOk.length) {
    opts.onStep?.('audit');
    // Only the references whose both sides were migrated here; a failing check makes up fail.
    const audited = await audit(ctx, { databases: migratedOk, parentsWithin: migratedOk });
    report.audit = {
      ok: audited.ok,
      summary: audited.summary,
      ...(audited.incompleteSeeds ? { incompleteSeeds: audited.incompleteSeeds } : {}),
      failing: audited.checks
        .filter((c) => c.status !== 'pass')
        .map((c) => ({ id: c.id, status: c.status, orphanRows: c.orphanRows, ...(c.error ? { error: c.error } : {}) })),
    };
    opts.onStep?.(summaryLine(audited));
    if (!audited.ok) report.ok = false;
  }
  return report;
}
