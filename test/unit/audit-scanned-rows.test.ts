import { scannedRows, type ExecutedPlanNode } from '../../src/audit/plan';

/**
 * `scannedRows` reads the rows a child's scan emitted from an executed plan. The plans below have
 * the shape `EXPLAIN (ANALYZE, TIMING OFF, VERBOSE, FORMAT JSON)` printed on PostgreSQL 15 for the
 * audit's anti-join (trimmed to the fields read). EXPLAIN prints a node's rows as the average per
 * loop, rounded: 19,999 rows over two workers print as 10,000, so only per-process rows add up.
 */
const keys = 'quenty_audit_k_1_ab';
const isChild = (rel: string) => rel !== keys;
const hash = (rows: number): ExecutedPlanNode => ({
  'Node Type': 'Hash',
  'Actual Rows': rows,
  'Actual Loops': 1,
  Plans: [{ 'Node Type': 'Seq Scan', 'Relation Name': keys, 'Actual Rows': rows, 'Actual Loops': 1 }],
});
/** A scan of `rel` whose node prints `avg` rows over `loops`, and each worker's [rows, loops]. */
const scan = (rel: string, avg: number, loops: number, workers: Array<[number, number]>): ExecutedPlanNode => ({
  'Node Type': 'Seq Scan',
  'Relation Name': rel,
  'Actual Rows': avg,
  'Actual Loops': loops,
  Workers: workers.map(([rows, l]) => ({ 'Actual Rows': rows, 'Actual Loops': l })),
});
const gather = (outer: ExecutedPlanNode, innerRows = 1_000_000): ExecutedPlanNode => ({
  'Node Type': 'Gather',
  'Actual Rows': 19_999,
  'Actual Loops': 1,
  Plans: [{ 'Node Type': 'Hash Join', 'Actual Rows': 10_000, 'Actual Loops': 2, Plans: [outer, hash(innerRows)] }],
});

describe('scannedRows', () => {
  test('workers only (leader not participating): the sum of each worker’s rows, not the rounded average', () => {
    const plan = gather(
      scan('events', 1_000_000, 2, [
        [1_127_089, 1],
        [872_910, 1],
      ]),
    );
    expect(scannedRows(plan, isChild)).toBe(1_999_999);
  });

  test('the leader scanned beside its workers: its share is not printed, so the answer is undefined', () => {
    const plan = gather(
      scan('events', 666_667, 3, [
        [700_000, 1],
        [650_000, 1],
      ]),
    );
    expect(scannedRows(plan, isChild)).toBeUndefined();
  });

  test('a serial plan (no workers launched): the scan’s one loop is exact', () => {
    const plan: ExecutedPlanNode = {
      'Node Type': 'Hash Join',
      'Actual Rows': 77,
      'Actual Loops': 1,
      Plans: [{ 'Node Type': 'Seq Scan', 'Relation Name': 'events', 'Actual Rows': 6_014, 'Actual Loops': 1 }, hash(2_003)],
    };
    expect(scannedRows(plan, isChild)).toBe(6_014);
  });

  test('a partitioned child: every partition’s scan adds up, a partition never scanned adds nothing', () => {
    const plan = gather({
      'Node Type': 'Append',
      'Actual Rows': 5,
      'Actual Loops': 2,
      Workers: [
        { 'Actual Rows': 6, 'Actual Loops': 1 },
        { 'Actual Rows': 4, 'Actual Loops': 1 },
      ],
      Plans: [
        { 'Node Type': 'Seq Scan', 'Relation Name': 'events_2026_01', 'Actual Rows': 3, 'Actual Loops': 1, Workers: [{ 'Actual Rows': 3, 'Actual Loops': 1 }] },
        {
          'Node Type': 'Index Only Scan',
          'Relation Name': 'events_2026_02',
          'Actual Rows': 4,
          'Actual Loops': 2,
          Workers: [
            { 'Actual Rows': 3, 'Actual Loops': 1 },
            { 'Actual Rows': 4, 'Actual Loops': 1 },
          ],
        },
        { 'Node Type': 'Seq Scan', 'Relation Name': 'events_2026_03', 'Actual Rows': 0, 'Actual Loops': 0 },
      ],
    });
    expect(scannedRows(plan, isChild)).toBe(10);
  });

  test('a rescanned scan (loops > 1 in one process) or a worker that looped twice: undefined', () => {
    const rescanned: ExecutedPlanNode = {
      'Node Type': 'Nested Loop',
      'Actual Rows': 1,
      'Actual Loops': 1,
      Plans: [hash(10), { 'Node Type': 'Seq Scan', 'Relation Name': 'events', 'Actual Rows': 3, 'Actual Loops': 10 }],
    };
    expect(scannedRows(rescanned, isChild)).toBeUndefined();
    const twice = gather(
      scan('events', 3, 3, [
        [3, 2],
        [3, 1],
      ]),
    );
    expect(scannedRows(twice, isChild)).toBeUndefined();
  });

  test('no scan of the child, or a field missing: undefined, never a guess', () => {
    expect(scannedRows(hash(5), isChild)).toBeUndefined();
    expect(scannedRows({ 'Node Type': 'Seq Scan', 'Relation Name': 'events', 'Actual Loops': 1 }, isChild)).toBeUndefined();
    expect(scannedRows({ 'Node Type': 'Seq Scan', 'Relation Name': 'events', 'Actual Rows': 2.5, 'Actual Loops': 1 }, isChild)).toBeUndefined();
  });
});
