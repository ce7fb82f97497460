import fs from 'node:fs';
import path from 'node:path';
import { Context } from '../db/targets';
import { QuentyError } from '../util/errors';
import { RunInfo, listRuns } from './manifest';

export interface PruneOptions {
  dir?: string;
  /** Runs started less than this many days ago are kept (default 30, as the spec's script). */
  keepDays?: number;
  /** The newest N runs are kept whatever their age (default 0). */
  keepLast?: number;
  dryRun?: boolean;
  now?: Date;
}

export interface PrunePlanRun {
  runId: string;
  status: RunInfo['status'];
  action: 'keep' | 'delete';
  reason: string;
  files: string[];
}

/** An incomplete run (a backup that may still be running) younger than this is never deleted. */
export const INCOMPLETE_GRACE_MS = 24 * 3_600_000;

/**
 * Pure: which runs to delete. A run is deleted only when it is older than keepDays, not among
 * the keepLast newest, not the newest verified run (which is always kept), and not an
 * incomplete run younger than 24 hours (a backup in progress).
 */
export function planPrune(
  runs: Array<Pick<RunInfo, 'runId' | 'startedAt' | 'status' | 'files'>>,
  opts: { keepDays: number; keepLast: number; now: Date },
): PrunePlanRun[] {
  if (!(opts.keepDays >= 0) || !Number.isInteger(opts.keepLast) || opts.keepLast < 0) {
    throw new QuentyError('USAGE', '--keep-days must be a number >= 0 and --keep-last a whole number >= 0');
  }
  const sorted = [...runs].sort((a, b) => (a.runId < b.runId ? 1 : -1));
  const newestVerified = sorted.find((r) => r.status === 'verified')?.runId;
  const cutoff = opts.now.getTime() - opts.keepDays * 86_400_000;
  return sorted.map((r, i) => {
    const base = { runId: r.runId, status: r.status, files: r.files };
    if (r.runId === newestVerified) return { ...base, action: 'keep' as const, reason: 'newest verified run' };
    if (i < opts.keepLast) return { ...base, action: 'keep' as const, reason: `among the ${opts.keepLast} newest` };
    if (r.startedAt.getTime() >= cutoff) return { ...base, action: 'keep' as const, reason: `younger than ${opts.keepDays} days` };
    // A run still in progress (manifest `running`, .partial files): whatever --keep-days says.
    if (r.status === 'incomplete' && r.startedAt.getTime() > opts.now.getTime() - INCOMPLETE_GRACE_MS) {
      return { ...base, action: 'keep' as const, reason: 'incomplete and younger than 24 hours (may still be running)' };
    }
    return { ...base, action: 'delete' as const, reason: `older than ${opts.keepDays} days` };
  });
}

export interface PruneResult {
  dir: string;
  dryRun: boolean;
  runs: PrunePlanRun[];
  deletedFiles: string[];
  freedBytes: number;
}

function sizeOf(p: string): number {
  const st = fs.statSync(p);
  if (!st.isDirectory()) return st.size;
  return fs.readdirSync(p).reduce((s, n) => s + sizeOf(path.join(p, n)), 0);
}

/** backup prune: deletes only files of our own naming, of runs the plan marks for deletion. */
export function pruneBackups(ctx: Context, opts: PruneOptions = {}): PruneResult {
  const dir = path.resolve(opts.dir ?? ctx.config.backupDir);
  const plan = planPrune(listRuns(dir), { keepDays: opts.keepDays ?? 30, keepLast: opts.keepLast ?? 0, now: opts.now ?? new Date() });
  const deletedFiles: string[] = [];
  let freedBytes = 0;
  for (const r of plan.filter((p) => p.action === 'delete')) {
    // The manifest last, so that an interrupted prune leaves a run that lists as partial, not good.
    const files = [...r.files].sort((a, b) => Number(a.startsWith('manifest_')) - Number(b.startsWith('manifest_')));
    for (const f of files) {
      const full = path.join(dir, f);
      if (!fs.existsSync(full)) continue;
      freedBytes += sizeOf(full);
      if (!opts.dryRun) fs.rmSync(full, { recursive: true, force: true });
      deletedFiles.push(f);
    }
  }
  return { dir, dryRun: !!opts.dryRun, runs: plan, deletedFiles, freedBytes };
}
