import { Context } from '../db/targets';
import { CreateResult, createDatabases } from '../create';
import { DatabaseMigrateResult, migrate } from '../migrate';
import { ensureForUp } from '../partitions';
import { audit, summaryLine } from '../audit';

/**
 * up: the main job of a new user. create → migrate latest → (partitions ensure → seed → audit,
 * added by their modules). Each step reports per database; a failing step stops the later
 * steps only for what depends on it.
 */
export interface UpOptions {
  databases?: string | string[];
  seed?: boolean;
  onStep?: (step: string) => void;
}

export interface UpReport {
  ok: boolean;
  create: CreateResult[];
  migrate: DatabaseMigrateResult[];
  [step: string]: unknown;
}

export async function up(ctx: Context, opts: UpOptions = {}): Promise<UpReport> {
  opts.onStep?.('create');
  const created = await createDatabases(ctx, { databases: opts.databases });
  opts.onStep?.('migrate');
  const migrated = await migrate(ctx, 'latest', { databases: created.filter((c) => c.ok).map((c) => c.database) });
  const report: UpReport = {
    ok: created.every((c) => c.ok) && migrated.every((m) => m.ok),
    create: created,
    migrate: migrated,
  };
  const migratedOk = migrated.filter((m) => m.ok).map((m) => m.database);
  // @step:partitions (issue 3: partitions ensure on migratedOk)
  if (migratedOk.some((d) => ctx.registry.has(d) && ctx.registry.get(d).partitioned.length > 0)) {
    opts.onStep?.('partitions');
    const partitions = await ensureForUp(ctx, migratedOk);
    report.partitions = partitions;
    if (partitions.some((p) => !p.ok)) report.ok = false;
  }
  // @step:seed (issue 4: seed at --scale tiny unless opts.seed === false)
  // @step:audit (issue 5: audit last, its summary in the report)
  if (migratedOk.length) {
    opts.onStep?.('audit');
    // Only the references whose both sides were migrated here; a failing check makes up fail.
    const audited = await audit(ctx, { databases: migratedOk, parentsWithin: migratedOk });
    report.audit = {
      ok: audited.ok,
      summary: audited.summary,
      failing: audited.checks
        .filter((c) => c.status !== 'pass')
        .map((c) => ({ id: c.id, status: c.status, orphanRows: c.orphanRows, ...(c.error ? { error: c.error } : {}) })),
    };
    opts.onStep?.(summaryLine(audited));
    if (!audited.ok) report.ok = false;
  }
  void migratedOk;
  return report;
}
