import { z } from 'zod';
import { QuentyError } from '../util/errors';

/**
 * The limits that turn a figure into a state (ok, warn, critical). Each has a default here and
 * an environment variable (`QUENTY_STATUS_<NAME>`, e.g. QUENTY_STATUS_HEADROOM_WARN_MONTHS=3).
 */
export interface StatusThresholds {
  /** Partition headroom (months created from the current month on) below which: warn / critical. */
  headroomWarnMonths: number;
  headroomCriticalMonths: number;
  /** Rows in a DEFAULT partition at or above which: warn / critical. */
  defaultRowsWarn: number;
  defaultRowsCritical: number;
  /** Age of the newest good backup of a database above which: warn / critical (hours). */
  backupGoodWarnHours: number;
  backupGoodCriticalHours: number;
  /** Age of the newest verified backup above which: warn (hours). */
  backupVerifiedWarnHours: number;
  /** Age of the last audit run above which: warn (hours). */
  auditWarnHours: number;
  /** Connections in use on the server as a share of max_connections (percent): warn / critical. */
  connectionsWarnPct: number;
  connectionsCriticalPct: number;
  /** PgBouncer maxwait (seconds): warn / critical; any waiting client warns. */
  maxwaitWarnSeconds: number;
  maxwaitCriticalSeconds: number;
  /** Dead tuples as a share of all tuples of a table (percent), for tables with at least deadTuplesMin dead rows. */
  deadTuplesWarnPct: number;
  deadTuplesMin: number;
}

export const DEFAULT_THRESHOLDS: StatusThresholds = {
  headroomWarnMonths: 2,
  headroomCriticalMonths: 1,
  defaultRowsWarn: 1,
  defaultRowsCritical: 10_000,
  backupGoodWarnHours: 26,
  backupGoodCriticalHours: 72,
  backupVerifiedWarnHours: 24,
  auditWarnHours: 7 * 24,
  connectionsWarnPct: 80,
  connectionsCriticalPct: 95,
  maxwaitWarnSeconds: 1,
  maxwaitCriticalSeconds: 10,
  deadTuplesWarnPct: 20,
  deadTuplesMin: 10_000,
};

/** `headroomWarnMonths` → `QUENTY_STATUS_HEADROOM_WARN_MONTHS`. */
export function thresholdVariable(key: keyof StatusThresholds): string {
  return `QUENTY_STATUS_${key.replace(/[A-Z]/g, (m) => `_${m}`).toUpperCase()}`;
}

const number = z
  .string()
  .trim()
  .regex(/^\d+(\.\d+)?$/, 'must be a number >= 0')
  .transform(Number);

/** Pure: the thresholds from an environment map; a bad value is an error naming the variable. */
export function thresholdsFromEnv(env: Record<string, string | undefined>): StatusThresholds {
  const out: StatusThresholds = { ...DEFAULT_THRESHOLDS };
  const issues: string[] = [];
  for (const key of Object.keys(DEFAULT_THRESHOLDS) as Array<keyof StatusThresholds>) {
    const variable = thresholdVariable(key);
    const raw = env[variable];
    if (raw === undefined || raw === '') continue;
    const r = number.safeParse(raw);
    if (r.success) out[key] = r.data;
    else issues.push(`${variable} ${r.error.issues[0].message}, got "${raw}"`);
  }
  if (out.headroomCriticalMonths > out.headroomWarnMonths)
    issues.push('QUENTY_STATUS_HEADROOM_CRITICAL_MONTHS must not exceed QUENTY_STATUS_HEADROOM_WARN_MONTHS');
  if (out.connectionsWarnPct > out.connectionsCriticalPct)
    issues.push('QUENTY_STATUS_CONNECTIONS_WARN_PCT must not exceed QUENTY_STATUS_CONNECTIONS_CRITICAL_PCT');
  if (issues.length)
    throw new QuentyError('CONFIG', `invalid status thresholds:\n  - ${issues.join('\n  - ')}`, {
      hint: 'fix the QUENTY_STATUS_* variables in the environment or in .env',
    });
  return out;
}
