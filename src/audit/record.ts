import fs from 'node:fs';
import path from 'node:path';
import type { Context } from '../db/targets';
import { errorMessage } from '../util/errors';
import type { AuditReport } from './types';

/**
 * A short summary of each audit run, per database (when, checks, failures), kept in
 * `<home>/audit/last-runs.json` so that `quenty-db status` can say how the last audit went.
 * Keyed by the database's name on its server (the prefix included).
 */

export interface AuditRunRecord {
  at: string;
  ok: boolean;
  checks: number;
  pass: number;
  warn: number;
  error: number;
}

export const auditRecordFile = (home: string) => path.join(home, 'audit', 'last-runs.json');

export function readAuditRecords(home: string): Record<string, AuditRunRecord> {
  try {
    const v = JSON.parse(fs.readFileSync(auditRecordFile(home), 'utf8'));
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, AuditRunRecord>) : {};
  } catch {
    return {};
  }
}

/** Pure: the records of a report, by database on the server (a check counts for its own database). */
export function recordsOf(report: AuditReport, dbName: (database: string) => string): Record<string, AuditRunRecord> {
  const out: Record<string, AuditRunRecord> = {};
  for (const d of report.databases) out[dbName(d.name)] = { at: report.startedAt, ok: true, checks: 0, pass: 0, warn: 0, error: 0 };
  for (const c of report.checks) {
    const r = (out[dbName(c.database)] ??= { at: report.startedAt, ok: true, checks: 0, pass: 0, warn: 0, error: 0 });
    r.checks++;
    if (c.status === 'pass') r.pass++;
    else if (c.status === 'warn') r.warn++;
    else {
      r.error++;
      r.ok = false;
    }
  }
  return out;
}

/**
 * Merges this run's records into the file (atomically: a temporary file and a rename).
 * Returns an error text instead of throwing: a summary that cannot be kept must not fail the audit.
 */
export function recordAuditRun(ctx: Context, report: AuditReport): string | undefined {
  const file = auditRecordFile(ctx.config.home);
  const home = ctx.config.home;
  try {
    // Create only below an existing home's parent (a recursive mkdir never walks up an odd path).
    if (!fs.existsSync(path.dirname(home))) return `${path.dirname(home)} does not exist`;
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const merged = { ...readAuditRecords(home), ...recordsOf(report, (name) => ctx.target(name).dbName) };
    const tmp = `${file}.${process.pid}.partial`;
    fs.writeFileSync(tmp, JSON.stringify(merged, null, 2) + '\n');
    fs.renameSync(tmp, file);
    return undefined;
  } catch (e) {
    return errorMessage(e);
  }
}
