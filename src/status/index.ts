import type { Context } from '../db/targets';
import { assessFleet } from './assess';
import { collectFacts, writeSizeHistory, CollectOptions } from './collect';
import { thresholdsFromEnv, StatusThresholds } from './thresholds';
import type { StatusReport } from './types';

export * from './types';
export { DEFAULT_THRESHOLDS, thresholdsFromEnv, thresholdVariable } from './thresholds';
export type { StatusThresholds } from './thresholds';
export { assessFleet, assessDatabase, formatBytes } from './assess';
export { collectFacts, backupFacts, headroomMonths, sizeHistoryFile } from './collect';
export { toPrometheus } from './prometheus';

export interface StatusOptions extends CollectOptions {
  /** Default: from QUENTY_STATUS_* (see thresholds.ts), else the defaults. */
  thresholds?: Partial<StatusThresholds>;
  /** `warn`: warnings also make the report fail (exit 1). Default `critical`. */
  failOn?: 'critical' | 'warn';
  /** Keep this run's sizes for the next run's growth (default true). */
  recordSizes?: boolean;
}

/**
 * `quenty-db status`: the health of every selected database, read at once (never writes to a
 * database). Returns a report; throws only on bad configuration (thresholds, selection).
 */
export async function fleetStatus(ctx: Context, opts: StatusOptions = {}): Promise<StatusReport> {
  const startedAt = Date.now();
  const thresholds = { ...thresholdsFromEnv(ctx.config.env), ...opts.thresholds };
  const now = opts.now ?? new Date();
  const { facts, pgbouncer } = await collectFacts(ctx, { ...opts, now });
  if (opts.recordSizes !== false) writeSizeHistory(ctx.config.home, facts, now);
  return assessFleet(facts, thresholds, { now, startedAt, failOn: opts.failOn, pgbouncer });
}
