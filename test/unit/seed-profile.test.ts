import { customerBuckets, profileCharts, renderProfileHtml, topDecileShare, SeedProfile } from '../../src/seed/profile';

/** The pure parts of `seed profile`: shares, buckets and the page (no server). */

test('top-decile share: the 10% of customers (rounded up) with most orders, zeros included', () => {
  // 20 customers: 2 with 10 orders, 8 with 1, 10 with none -> top 2 hold 20 of 28.
  expect(
    topDecileShare([
      { orders: 0, customers: 10 },
      { orders: 1, customers: 8 },
      { orders: 10, customers: 2 },
    ]),
  ).toBeCloseTo(20 / 28);
  // 5 customers -> the top 1.
  expect(
    topDecileShare([
      { orders: 2, customers: 4 },
      { orders: 3, customers: 1 },
    ]),
  ).toBeCloseTo(3 / 11);
  expect(topDecileShare([])).toBe(0);
});

test('orders-per-customer buckets: one by one up to 10, then ranges, up to the largest count', () => {
  const b = customerBuckets([
    { orders: 0, customers: 5 },
    { orders: 2, customers: 3 },
    { orders: 12, customers: 1 },
    { orders: 19, customers: 2 },
  ]);
  expect(b.map((x) => x.label)).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '10', '11–20']);
  expect(b.find((x) => x.label === '11–20')!.customers).toBe(3);
  expect(b.reduce((s, x) => s + x.customers, 0)).toBe(11);
});

const profile = (over: Partial<SeedProfile> = {}): SeedProfile => ({
  version: 1,
  tool: 'quenty-db seed profile',
  measuredAt: '2026-01-01T00:00:00.000Z',
  timeZone: 'America/Mexico_City',
  ok: true,
  databases: [{ name: 'order_db', ok: true }],
  orders: {
    total: 3,
    customersWithOrders: 2,
    customersTotal: 4,
    perMonth: [{ month: '2025-12', orders: 3 }],
    byHour: Array.from({ length: 24 }, (_, hour) => ({ hour, orders: hour === 12 ? 3 : 0 })),
    nightShare: 0,
    perCustomer: [
      { orders: 0, customers: 2 },
      { orders: 1, customers: 1 },
      { orders: 2, customers: 1 },
    ],
    topDecileShare: 2 / 3,
  },
  credit: {
    loans: 2,
    scored: 2,
    scoreRateCorrelation: -1,
    points: [
      { score: 500, rate: 0.5 },
      { score: 800, rate: 0.2 },
    ],
    bands: [{ band: 'poor', from: 300, to: 579, loans: 1, late: 1, delinquent: 0, lateShare: 1, delinquentShare: 0 }],
  },
  pickups: { total: 1, byState: [{ state: '<script>alert(1)</script>', pickups: 1 }] },
  ...over,
});

test('one SVG per chart, values from the data escaped, no script in the page', () => {
  const html = renderProfileHtml(profile());
  expect((html.match(/<svg/g) ?? []).length).toBe(6);
  expect(html).not.toContain('<script');
  expect(html).toContain('&lt;script&gt;');
});

test('a section that could not be measured has no chart, and the page names the database', () => {
  const p = profile({ credit: null, ok: false, databases: [{ name: 'microcredit_db', ok: false, error: 'connection refused' }] });
  expect(profileCharts(p).map((c) => c.id)).toEqual(['orders-per-month', 'orders-by-hour', 'orders-per-customer', 'pickups-by-state']);
  expect(renderProfileHtml(p)).toMatch(/Not measured:.*microcredit_db.*connection refused/s);
});
