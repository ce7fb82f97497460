/**
 * Pure: which months ahead a partitioned table has no partition for, from the bounds of its
 * partitions as PostgreSQL prints them (`FOR VALUES FROM ('2026-11-01 00:00:00+00') TO (...)`,
 * read with TimeZone UTC). Several partitions may cover one month together; the DEFAULT
 * partition covers nothing here (rows landing in it are what missing months cause).
 *
 * (src/partitions did not export such a function when this was written: this one is small and
 * only reads bounds.)
 */
export interface Range {
  from: number;
  to: number;
}

function parseBoundValue(v: string): number {
  const s = v.trim().replace(/^'(.*)'$/, '$1');
  if (/^MINVALUE$/i.test(s)) return -Infinity;
  if (/^MAXVALUE$/i.test(s)) return Infinity;
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2}):(\d{2})(?:\.\d+)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/.exec(s);
  if (!m) return NaN;
  const [, y, mo, d, h = '0', mi = '0', se = '0', tz] = m;
  let t = Date.UTC(+y, +mo - 1, +d, +h, +mi, +se);
  if (tz && tz !== 'Z') {
    const sign = tz[0] === '-' ? -1 : 1;
    const digits = tz.slice(1).replace(':', '');
    const offMin = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4) || '0');
    t -= sign * offMin * 60_000;
  }
  return t;
}

/** Pure: the range of a `FOR VALUES FROM (..) TO (..)` bound; undefined for DEFAULT or others. */
export function parseRangeBound(bound: string): Range | undefined {
  const m = /FOR VALUES FROM \((.+?)\) TO \((.+?)\)\s*$/i.exec(bound.trim());
  if (!m) return undefined;
  const from = parseBoundValue(m[1]);
  const to = parseBoundValue(m[2]);
  if (Number.isNaN(from) || Number.isNaN(to)) return undefined;
  return { from, to };
}

export function monthLabel(year: number, month0: number): string {
  const d = new Date(Date.UTC(year, month0, 1));
  return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
}

/** Pure: the months (YYYY-MM, UTC) from the current one to `monthsAhead` after it not covered by `bounds`. */
export function missingMonthsAhead(bounds: string[], monthsAhead: number, now = new Date()): string[] {
  const ranges = bounds.map(parseRangeBound).filter((r): r is Range => !!r).sort((a, b) => a.from - b.from);
  const y = now.getUTCFullYear();
  const m0 = now.getUTCMonth();
  const missing: string[] = [];
  for (let i = 0; i <= monthsAhead; i++) {
    const start = Date.UTC(y, m0 + i, 1);
    const end = Date.UTC(y, m0 + i + 1, 1);
    // Walk the sorted ranges: the month is covered when they reach `end` without a gap.
    let reached = start;
    for (const r of ranges) {
      if (r.from > reached) break;
      if (r.to > reached) reached = r.to;
      if (reached >= end) break;
    }
    if (reached < end) missing.push(monthLabel(y, m0 + i));
  }
  return missing;
}
