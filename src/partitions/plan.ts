import type { PartitionPolicy } from '../registry/schema';

/**
 * Pure planning for monthly range partitions: no server, no clock (today is an argument).
 *
 * Months are integers (`year * 12 + month - 1`) so that arithmetic never touches a Date in a
 * local time zone. Boundaries are written as UTC literals: `'2025-01-01 00:00:00+00'` for
 * timestamptz keys (never depending on the session TimeZone), `'2025-01-01'` for date keys.
 */

/** A month as `year * 12 + (month - 1)`. */
export type Month = number;

export function month(year: number, monthOfYear: number): Month {
  return year * 12 + (monthOfYear - 1);
}

/** The UTC month of an instant. */
export function monthOfDate(d: Date): Month {
  return month(d.getUTCFullYear(), d.getUTCMonth() + 1);
}

export function yearOf(m: Month): number {
  return Math.floor(m / 12);
}

export function monthOfYear(m: Month): number {
  return (m % 12) + 1;
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** `2025-01` */
export function formatMonth(m: Month): string {
  return `${pad(yearOf(m), 4)}-${pad(monthOfYear(m))}`;
}

/** Parses `YYYY-MM` (as given to --from); throws on anything else. */
export function parseMonth(text: string): Month {
  const m = /^(\d{4})-(\d{2})$/.exec(text.trim());
  if (!m || Number(m[2]) < 1 || Number(m[2]) > 12) throw new Error(`"${text}" is not a month: expected YYYY-MM, e.g. 2025-01`);
  return month(Number(m[1]), Number(m[2]));
}

/** The spec's naming: `<table>_YYYY_MM`. */
export function partitionName(table: string, m: Month): string {
  return `${table}_${pad(yearOf(m), 4)}_${pad(monthOfYear(m))}`;
}

/** Parses `<table>_YYYY_MM` back to its month (undefined for other names). */
export function monthOfPartitionName(table: string, name: string): Month | undefined {
  if (!name.startsWith(table + '_')) return undefined;
  const m = /^(\d{4})_(\d{2})$/.exec(name.slice(table.length + 1));
  if (!m || Number(m[2]) < 1 || Number(m[2]) > 12) return undefined;
  return month(Number(m[1]), Number(m[2]));
}

/** First day of the month, as the SQL literal of the policy's key type (quoted). */
export function boundLiteral(policy: Pick<PartitionPolicy, 'columnType'>, m: Month): string {
  const day = `${pad(yearOf(m), 4)}-${pad(monthOfYear(m))}-01`;
  return policy.columnType === 'date' ? `'${day}'` : `'${day} 00:00:00+00'`;
}

/** The typed bound expression, e.g. `'2025-01-01 00:00:00+00'::timestamptz`. */
export function boundExpr(policy: Pick<PartitionPolicy, 'columnType'>, m: Month): string {
  return `${boundLiteral(policy, m)}::${policy.columnType}`;
}

// ---------------------------------------------------------------------------------------------
// Existing partitions, as read from pg_catalog (pg_get_expr(relpartbound)).

/** A partition bound value: a UTC instant in ms, or the open ends. */
export type BoundValue = number | 'MINVALUE' | 'MAXVALUE';

export interface ExistingPartition {
  name: string;
  isDefault: boolean;
  /** Lower bound (inclusive), as an instant in ms since the epoch (UTC), or MINVALUE. */
  from?: BoundValue;
  /** Upper bound (exclusive). */
  to?: BoundValue;
}

/**
 * Parses one literal of a bound as PostgreSQL prints it with DateStyle ISO: `2025-01-01` (date),
 * `2025-01-01 00:00:00+00`, `2024-12-31 18:00:00-06` or `2025-01-01 05:30:00+05:30` (timestamptz
 * in the session TimeZone, whatever it is), MINVALUE/MAXVALUE.
 */
export function parseBoundValue(text: string): BoundValue {
  const t = text.trim().replace(/^'|'$/g, '');
  if (/^minvalue$/i.test(t)) return 'MINVALUE';
  if (/^maxvalue$/i.test(t)) return 'MAXVALUE';
  const m = /^(\d{4,})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?)?\s*(?:([+-])(\d{2})(?::?(\d{2}))?(?::?(\d{2}))?|Z|UTC)?$/i.exec(t);
  if (!m) throw new Error(`cannot read partition bound value "${text}"`);
  const [, y, mo, d, hh = '0', mi = '0', ss = '0', frac, sign, oh = '0', om = '0', os = '0'] = m;
  let ms = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(hh), Number(mi), Number(ss), frac ? Math.round(Number(frac) * 1000) : 0);
  if (sign) {
    const off = (Number(oh) * 3600 + Number(om) * 60 + Number(os)) * 1000;
    ms -= sign === '+' ? off : -off;
  }
  return ms;
}

/** Parses `FOR VALUES FROM (...) TO (...)` or `DEFAULT` (single-column range bounds). */
export function parseBound(name: string, expr: string): ExistingPartition {
  const e = expr.trim();
  if (/^default$/i.test(e)) return { name, isDefault: true };
  const m = /^FOR VALUES FROM \((.+)\) TO \((.+)\)$/i.exec(e);
  if (!m) throw new Error(`partition ${name}: cannot read bound "${expr}" (only single-column RANGE bounds are managed)`);
  return { name, isDefault: false, from: parseBoundValue(m[1]), to: parseBoundValue(m[2]) };
}

/** Instant (ms, UTC) of the first day of a month. */
export function monthEpochMs(m: Month): number {
  return Date.UTC(yearOf(m), monthOfYear(m) - 1, 1);
}

const lo = (v: BoundValue | undefined) => (v === 'MINVALUE' || v === undefined ? -Infinity : v === 'MAXVALUE' ? Infinity : v);
const hi = (v: BoundValue | undefined) => (v === 'MAXVALUE' || v === undefined ? Infinity : v === 'MINVALUE' ? -Infinity : v);

/** How a month relates to the existing (non-default) partitions. */
export type Coverage =
  { kind: 'none' } | { kind: 'exact'; partition: string } | { kind: 'within'; partition: string } | { kind: 'partial'; partitions: string[] };

export function coverageOf(m: Month, existing: readonly ExistingPartition[]): Coverage {
  const a = monthEpochMs(m);
  const b = monthEpochMs(m + 1);
  const overlapping = existing.filter((p) => !p.isDefault && lo(p.from) < b && hi(p.to) > a);
  if (overlapping.length === 0) return { kind: 'none' };
  if (overlapping.length === 1) {
    const p = overlapping[0];
    if (lo(p.from) === a && hi(p.to) === b) return { kind: 'exact', partition: p.name };
    if (lo(p.from) <= a && hi(p.to) >= b) return { kind: 'within', partition: p.name };
  }
  return { kind: 'partial', partitions: overlapping.map((p) => p.name) };
}

/** The month a partition covers exactly, if it covers exactly one month. */
export function exactMonth(p: ExistingPartition): Month | undefined {
  if (p.isDefault || typeof p.from !== 'number' || typeof p.to !== 'number') return undefined;
  const d = new Date(p.from);
  const m = monthOfDate(d);
  return monthEpochMs(m) === p.from && monthEpochMs(m + 1) === p.to ? m : undefined;
}

// ---------------------------------------------------------------------------------------------
// Plans.

export interface MonthCount {
  month: Month;
  rows: number;
}

export interface PlannedPartition {
  table: string;
  name: string;
  month: string;
  /** Quoted SQL literals of the bounds (UTC). */
  from: string;
  to: string;
  /** Rows of this month now in the DEFAULT partition, to move into the new partition. */
  rowsInDefault: number;
}

export interface EnsurePlan {
  table: string;
  firstMonth: string;
  lastMonth: string;
  create: PlannedPartition[];
  /** Months already covered (exactly or by a wider partition). */
  existing: number;
  /** Months that overlap an existing partition only partly: not created, reported. */
  conflicts: Array<{ month: string; partitions: string[] }>;
  /** A partition named like the month exists with other bounds (or not attached). */
  nameTaken: Array<{ month: string; name: string }>;
}

export interface EnsureInput {
  policy: PartitionPolicy;
  existing: readonly ExistingPartition[];
  today: Date;
  /** Months ahead of the current month (default: the policy's). */
  monthsAhead?: number;
  /** Oldest month to create from (--from). */
  from?: Month;
  /** Months of the rows in the DEFAULT partition, with their counts. */
  defaultMonths?: readonly MonthCount[];
  /** Names of tables that exist but are not partitions of this parent (e.g. detached ones). */
  otherTables?: readonly string[];
}

/**
 * Which monthly partitions to create: from the oldest month needed (the oldest month of rows in
 * DEFAULT or `from`, whichever is older; never later than the current month) through the current
 * month plus `monthsAhead`. Months already covered are skipped, so the plan is idempotent.
 */
export function planEnsure(input: EnsureInput): EnsurePlan {
  const { policy, existing } = input;
  const current = monthOfDate(input.today);
  const ahead = input.monthsAhead ?? policy.monthsAhead;
  if (!Number.isInteger(ahead) || ahead < 0) throw new Error(`months ahead must be a whole number >= 0, got ${ahead}`);
  const defaultMonths = input.defaultMonths ?? [];
  let first = current;
  if (input.from !== undefined) first = Math.min(first, input.from);
  for (const d of defaultMonths) if (d.rows > 0) first = Math.min(first, d.month);
  const last = current + ahead;
  const rowsOf = new Map(defaultMonths.map((d) => [d.month, d.rows]));
  const names = new Set(existing.map((p) => p.name));
  const others = new Set(input.otherTables ?? []);
  const plan: EnsurePlan = {
    table: policy.table,
    firstMonth: formatMonth(first),
    lastMonth: formatMonth(last),
    create: [],
    existing: 0,
    conflicts: [],
    nameTaken: [],
  };
  for (let m = first; m <= last; m++) {
    const cov = coverageOf(m, existing);
    if (cov.kind === 'exact' || cov.kind === 'within') {
      plan.existing++;
      continue;
    }
    if (cov.kind === 'partial') {
      plan.conflicts.push({ month: formatMonth(m), partitions: cov.partitions });
      continue;
    }
    const name = partitionName(policy.table, m);
    if (names.has(name) || others.has(name)) {
      plan.nameTaken.push({ month: formatMonth(m), name });
      continue;
    }
    plan.create.push({
      table: policy.table,
      name,
      month: formatMonth(m),
      from: boundLiteral(policy, m),
      to: boundLiteral(policy, m + 1),
      rowsInDefault: rowsOf.get(m) ?? 0,
    });
  }
  return plan;
}

/**
 * The monthly partitions missing for the months ahead: every month from the current one (UTC)
 * through `monthsAhead` months later that no partition covers. For `verify`.
 */
export function missingAhead(
  policy: PartitionPolicy,
  existing: readonly ExistingPartition[],
  today: Date,
  monthsAhead = policy.monthsAhead,
): Array<{ month: string; name: string }> {
  const current = monthOfDate(today);
  const out: Array<{ month: string; name: string }> = [];
  for (let m = current; m <= current + monthsAhead; m++) {
    const cov = coverageOf(m, existing);
    if (cov.kind === 'exact' || cov.kind === 'within') continue;
    out.push({ month: formatMonth(m), name: partitionName(policy.table, m) });
  }
  return out;
}

/**
 * Retention: a partition is past retention when all of it is older than `retentionMonths` full
 * months before the current month (UTC): with 24 months on 2026-11-15, everything before
 * 2024-11-01 is past retention and 2024-11 is kept. DEFAULT is never past retention; neither is a
 * partition with an open (MINVALUE/MAXVALUE) end other than MINVALUE as lower bound.
 */
export function retentionCutoff(today: Date, retentionMonths: number): Month {
  if (!Number.isInteger(retentionMonths) || retentionMonths < 1) throw new Error(`retention must be a whole number of months >= 1, got ${retentionMonths}`);
  return monthOfDate(today) - retentionMonths;
}

export function pastRetention(
  existing: readonly ExistingPartition[],
  today: Date,
  retentionMonths: number,
): Array<{ name: string; from?: string; to: string }> {
  const cutoff = monthEpochMs(retentionCutoff(today, retentionMonths));
  return existing
    .filter((p) => !p.isDefault && typeof p.to === 'number' && p.to <= cutoff)
    .sort((a, b) => hi(a.to) - hi(b.to))
    .map((p) => ({ name: p.name, from: describeBound(p.from), to: describeBound(p.to)! }));
}

export function describeBound(v: BoundValue | undefined): string | undefined {
  if (v === undefined) return undefined;
  if (typeof v !== 'number') return v;
  return new Date(v)
    .toISOString()
    .replace('T', ' ')
    .replace(/:00\.000Z$/, ':00+00')
    .replace(/\.000Z$/, '+00');
}

export interface StatusSummary {
  table: string;
  partitions: number;
  /** Covered month ranges, e.g. [{ from: '2025-01', to: '2026-03' }] (inclusive). */
  covered: Array<{ from: string; to: string }>;
  /** Months between the first and the last covered month that no partition covers. */
  gaps: string[];
  /** The first month from the current one that is not created yet. */
  nextMissing: string;
  /** Months ahead (current through current + monthsAhead) not created. */
  missingAhead: string[];
  /** Partitions that are not exactly one month (named otherwise or wider). */
  irregular: string[];
  pastRetention: string[];
}

/** Summarizes the partitions of one table (pure). */
export function summarizePartitions(
  policy: PartitionPolicy,
  existing: readonly ExistingPartition[],
  today: Date,
  retentionMonths = policy.retentionMonths,
): StatusSummary {
  const parts = existing.filter((p) => !p.isDefault);
  const coveredMonths = new Set<Month>();
  const irregular: string[] = [];
  let minM = Infinity;
  let maxM = -Infinity;
  for (const p of parts) {
    const em = exactMonth(p);
    if (em === undefined || partitionName(policy.table, em) !== p.name) irregular.push(p.name);
    if (typeof p.from !== 'number' || typeof p.to !== 'number') continue; // open ends: not counted as months
    const a = monthOfDate(new Date(p.from));
    const b = monthOfDate(new Date(p.to - 1));
    for (let m = a; m <= b; m++) {
      if (coverageOf(m, parts).kind === 'exact' || coverageOf(m, parts).kind === 'within') coveredMonths.add(m);
    }
  }
  for (const m of coveredMonths) {
    minM = Math.min(minM, m);
    maxM = Math.max(maxM, m);
  }
  const covered: Array<{ from: string; to: string }> = [];
  const gaps: string[] = [];
  if (coveredMonths.size) {
    let start: Month | undefined;
    for (let m = minM; m <= maxM + 1; m++) {
      if (coveredMonths.has(m)) {
        if (start === undefined) start = m;
      } else {
        if (start !== undefined) covered.push({ from: formatMonth(start), to: formatMonth(m - 1) });
        start = undefined;
        if (m <= maxM) gaps.push(formatMonth(m));
      }
    }
  }
  let next = monthOfDate(today);
  while (coverageOf(next, parts).kind === 'exact' || coverageOf(next, parts).kind === 'within') next++;
  return {
    table: policy.table,
    partitions: parts.length,
    covered,
    gaps,
    nextMissing: formatMonth(next),
    missingAhead: missingAhead(policy, parts, today).map((m) => m.month),
    irregular,
    pastRetention: pastRetention(parts, today, retentionMonths).map((p) => p.name),
  };
}
