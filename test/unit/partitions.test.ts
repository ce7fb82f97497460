import {
  ExistingPartition,
  boundLiteral,
  coverageOf,
  formatMonth,
  missingAhead,
  month,
  monthOfDate,
  monthOfPartitionName,
  monthEpochMs,
  parseBound,
  parseBoundValue,
  parseMonth,
  partitionName,
  pastRetention,
  planEnsure,
  summarizePartitions,
} from '../../src/partitions/plan';
import type { PartitionPolicy } from '../../src/registry/schema';

const metrics: PartitionPolicy = { table: 'metrics', column: 'created_at', columnType: 'timestamptz', interval: 'month', monthsAhead: 4, retentionMonths: 24 };
const payments: PartitionPolicy = {
  table: 'loan_payments',
  column: 'payment_date',
  columnType: 'date',
  interval: 'month',
  monthsAhead: 4,
  retentionMonths: 84,
};

/** A partition as PostgreSQL would print it in UTC. */
function part(table: string, y: number, m: number): ExistingPartition {
  const mm = month(y, m);
  return { name: partitionName(table, mm), isDefault: false, from: monthEpochMs(mm), to: monthEpochMs(mm + 1) };
}
const def = (table: string): ExistingPartition => ({ name: `${table}_default`, isDefault: true });

describe('months', () => {
  test('UTC month of an instant, whatever the local time zone', () => {
    // 2025-01-31 23:30 in Mexico City is 2025-02-01 05:30 UTC: February.
    expect(formatMonth(monthOfDate(new Date('2025-01-31T23:30:00-06:00')))).toBe('2025-02');
    // The last millisecond of December 2024 UTC is still December.
    expect(formatMonth(monthOfDate(new Date(Date.UTC(2024, 11, 31, 23, 59, 59, 999))))).toBe('2024-12');
  });
  test('year boundary arithmetic', () => {
    expect(formatMonth(month(2024, 12) + 1)).toBe('2025-01');
    expect(formatMonth(month(2025, 1) - 1)).toBe('2024-12');
    expect(formatMonth(month(2025, 11) + 4)).toBe('2026-03');
  });
  test('names and parsing', () => {
    expect(partitionName('metrics', month(2025, 1))).toBe('metrics_2025_01');
    expect(monthOfPartitionName('metrics', 'metrics_2025_12')).toBe(month(2025, 12));
    expect(monthOfPartitionName('metrics', 'metrics_default')).toBeUndefined();
    expect(monthOfPartitionName('metrics', 'metrics_2025_13')).toBeUndefined();
    expect(parseMonth('2024-02')).toBe(month(2024, 2));
    expect(() => parseMonth('2024-2')).toThrow(/YYYY-MM/);
    expect(() => parseMonth('2024-00')).toThrow();
  });
  test('bounds are UTC literals for timestamptz and plain dates for date', () => {
    expect(boundLiteral(metrics, month(2025, 1))).toBe("'2025-01-01 00:00:00+00'");
    expect(boundLiteral(payments, month(2024, 12) + 1)).toBe("'2025-01-01'");
  });
  test('month ends and leap years: a month is [first day, first day of the next)', () => {
    expect(monthEpochMs(month(2024, 3)) - monthEpochMs(month(2024, 2))).toBe(29 * 86400_000); // leap
    expect(monthEpochMs(month(2025, 3)) - monthEpochMs(month(2025, 2))).toBe(28 * 86400_000);
    expect(monthEpochMs(month(2100, 3)) - monthEpochMs(month(2100, 2))).toBe(28 * 86400_000); // not leap
    expect(monthEpochMs(month(2000, 3)) - monthEpochMs(month(2000, 2))).toBe(29 * 86400_000); // leap
    // Rows of Feb 29 belong to February.
    expect(formatMonth(monthOfDate(new Date('2024-02-29T23:59:59Z')))).toBe('2024-02');
  });
});

describe('reading bounds printed in a non-UTC session TimeZone', () => {
  test('America/Mexico_City (-06) bound is the same instant as the UTC one', () => {
    expect(parseBoundValue("'2024-12-31 18:00:00-06'")).toBe(Date.UTC(2025, 0, 1));
    expect(parseBoundValue('2025-01-01 00:00:00+00')).toBe(Date.UTC(2025, 0, 1));
    expect(parseBoundValue('2025-01-01 05:30:00+05:30')).toBe(Date.UTC(2025, 0, 1));
    expect(parseBoundValue('2024-12-31 17:23:24-06:36:36')).toBe(Date.UTC(2025, 0, 1) - 0); // LMT offsets
    expect(parseBoundValue("'2025-03-01'")).toBe(Date.UTC(2025, 2, 1));
    expect(parseBoundValue('MINVALUE')).toBe('MINVALUE');
  });
  test('a whole bound expression', () => {
    const p = parseBound('metrics_2025_01', "FOR VALUES FROM ('2024-12-31 18:00:00-06') TO ('2025-01-31 18:00:00-06')");
    expect(p).toEqual({ name: 'metrics_2025_01', isDefault: false, from: Date.UTC(2025, 0, 1), to: Date.UTC(2025, 1, 1) });
    expect(coverageOf(month(2025, 1), [p])).toEqual({ kind: 'exact', partition: 'metrics_2025_01' });
    expect(parseBound('metrics_default', 'DEFAULT')).toEqual({ name: 'metrics_default', isDefault: true });
    expect(() => parseBound('x', 'FOR VALUES IN (1)')).toThrow(/RANGE/);
  });
  test('a partition made with local-time boundaries (the pg_partman trap) is a partial overlap, not a month', () => {
    // FROM ('2025-01-01') in a -06 session = 2025-01-01 06:00 UTC.
    const shifted = parseBound('metrics_2025_01', "FOR VALUES FROM ('2025-01-01 00:00:00-06') TO ('2025-02-01 00:00:00-06')");
    expect(coverageOf(month(2025, 1), [shifted]).kind).toBe('partial');
    const plan = planEnsure({ policy: metrics, existing: [shifted], today: new Date('2025-01-15T00:00:00Z'), monthsAhead: 1 });
    expect(plan.conflicts.map((c) => c.month)).toEqual(['2025-01', '2025-02']);
    expect(plan.create).toEqual([]);
  });
});

describe('planEnsure', () => {
  const today = new Date('2026-11-21T23:57:00Z');
  test('creates current through N ahead when nothing exists, across the year boundary', () => {
    const plan = planEnsure({ policy: metrics, existing: [def('metrics')], today });
    expect(plan.create.map((p) => p.name)).toEqual(['metrics_2026_11', 'metrics_2026_12', 'metrics_2027_01', 'metrics_2027_02', 'metrics_2027_03']);
    expect(plan.create[1]).toMatchObject({ from: "'2026-12-01 00:00:00+00'", to: "'2027-01-01 00:00:00+00'", rowsInDefault: 0 });
    expect(plan.firstMonth).toBe('2026-11');
    expect(plan.lastMonth).toBe('2027-03');
  });
  test('idempotent: planning again over the result creates nothing', () => {
    const existing = [def('metrics'), ...[11, 12].map((m) => part('metrics', 2026, m)), ...[1, 2, 3].map((m) => part('metrics', 2027, m))];
    const plan = planEnsure({ policy: metrics, existing, today });
    expect(plan.create).toEqual([]);
    expect(plan.existing).toBe(5);
  });
  test('the oldest month needed: rows in DEFAULT, else --from, whichever is older', () => {
    const plan = planEnsure({
      policy: metrics,
      existing: [def('metrics')],
      today,
      monthsAhead: 0,
      from: month(2026, 9),
      defaultMonths: [{ month: month(2026, 7), rows: 3 }],
    });
    expect(plan.create.map((p) => [p.month, p.rowsInDefault])).toEqual([
      ['2026-07', 3],
      ['2026-08', 0],
      ['2026-09', 0],
      ['2026-10', 0],
      ['2026-11', 0],
    ]);
    const fromOlder = planEnsure({
      policy: metrics,
      existing: [],
      today,
      monthsAhead: 0,
      from: month(2026, 8),
      defaultMonths: [{ month: month(2026, 10), rows: 1 }],
    });
    expect(fromOlder.firstMonth).toBe('2026-08');
  });
  test('months ahead override, and the leap February for date keys', () => {
    const plan = planEnsure({ policy: payments, existing: [], today: new Date('2024-01-31T12:00:00Z'), monthsAhead: 2 });
    expect(plan.create.map((p) => `${p.name} ${p.from}..${p.to}`)).toEqual([
      "loan_payments_2024_01 '2024-01-01'..'2024-02-01'",
      "loan_payments_2024_02 '2024-02-01'..'2024-03-01'",
      "loan_payments_2024_03 '2024-03-01'..'2024-04-01'",
    ]);
  });
  test('today late on the last day of the month in Mexico City is already next month in UTC', () => {
    const plan = planEnsure({ policy: metrics, existing: [], today: new Date('2025-12-31T20:00:00-06:00'), monthsAhead: 0 });
    expect(plan.create.map((p) => p.name)).toEqual(['metrics_2026_01']);
  });
  test('gaps in the middle are filled; a wider partition covers its months; a taken name is reported', () => {
    const quarter: ExistingPartition = { name: 'metrics_q1', isDefault: false, from: Date.UTC(2027, 0, 1), to: Date.UTC(2027, 3, 1) };
    const plan = planEnsure({ policy: metrics, existing: [part('metrics', 2026, 11), quarter], today, otherTables: ['metrics_2026_12'] });
    expect(plan.create.map((p) => p.name)).toEqual([]);
    expect(plan.nameTaken).toEqual([{ month: '2026-12', name: 'metrics_2026_12' }]);
    expect(plan.existing).toBe(4);
  });
});

describe('missingAhead (for verify)', () => {
  test('lists the months from the current one through monthsAhead with no partition', () => {
    const existing = [def('metrics'), part('metrics', 2026, 11), part('metrics', 2027, 1)];
    expect(missingAhead(metrics, existing, new Date('2026-11-02T00:00:00Z'), 3)).toEqual([
      { month: '2026-12', name: 'metrics_2026_12' },
      { month: '2027-02', name: 'metrics_2027_02' },
    ]);
    expect(missingAhead(metrics, existing, new Date('2026-11-02T00:00:00Z'), 0)).toEqual([]);
  });
});

describe('retention', () => {
  test('keeps retentionMonths full months before the current one', () => {
    const existing = [def('metrics'), part('metrics', 2024, 10), part('metrics', 2024, 11), part('metrics', 2024, 12), part('metrics', 2026, 11)];
    const past = pastRetention(existing, new Date('2026-11-15T00:00:00Z'), 24);
    expect(past.map((p) => p.name)).toEqual(['metrics_2024_10']);
    expect(past[0]).toMatchObject({ from: '2024-10-01 00:00:00+00', to: '2024-11-01 00:00:00+00' });
    expect(pastRetention(existing, new Date('2026-11-15T00:00:00Z'), 1).map((p) => p.name)).toEqual(['metrics_2024_10', 'metrics_2024_11', 'metrics_2024_12']);
    expect(() => pastRetention(existing, new Date(), 0)).toThrow();
  });
});

describe('summarizePartitions (status)', () => {
  test('covered ranges, gaps, next missing month, irregular partitions', () => {
    const existing = [
      def('metrics'),
      part('metrics', 2024, 11),
      part('metrics', 2024, 12),
      part('metrics', 2025, 1),
      part('metrics', 2025, 3),
      part('metrics', 2026, 11),
      part('metrics', 2026, 12),
      { name: 'metrics_old', isDefault: false, from: 'MINVALUE', to: Date.UTC(2020, 0, 1) } as ExistingPartition,
    ];
    const s = summarizePartitions(metrics, existing, new Date('2026-11-20T00:00:00Z'), 24);
    expect(s.partitions).toBe(7);
    expect(s.covered[0]).toEqual({ from: '2024-11', to: '2025-01' });
    expect(s.covered[1]).toEqual({ from: '2025-03', to: '2025-03' });
    expect(s.covered[2]).toEqual({ from: '2026-11', to: '2026-12' });
    expect(s.gaps[0]).toBe('2025-02');
    expect(s.gaps).toContain('2026-10');
    expect(s.gaps).toHaveLength(1 + 19);
    expect(s.nextMissing).toBe('2027-01');
    expect(s.missingAhead).toEqual(['2027-01', '2027-02', '2027-03']);
    expect(s.irregular).toEqual(['metrics_old']);
    expect(s.pastRetention).toEqual(['metrics_old']);
  });
});
