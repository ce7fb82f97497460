import * as echarts from 'echarts';
import type { Context } from '../db/targets';
import { quoteIdent, withClient } from '../db/targets';
import type { Registry } from '../registry';
import { QuentyError, errorMessage } from '../util/errors';
import { redact } from '../util/redact';
import { escapeXml } from '../util/xml';

/**
 * `quenty-db seed profile`: measures the seeded databases with SQL (never the generator's
 * parameters) and draws the figures as SVG charts (Apache ECharts, server-side rendering).
 * The figures are plain data (`--json`); the HTML is a pure function of them.
 */

export interface ProfileOptions {
  /** Time zone of "local" months and hours (default America/Mexico_City, where most of the country lives). */
  timeZone?: string;
  /** Points of the score/rate scatter at most (a deterministic choice by loan_id hash; default 2000). */
  maxPoints?: number;
}

/** FICO-style bands of a 300–850 score. */
export const SCORE_BANDS = [
  { band: 'poor', from: 300, to: 579 },
  { band: 'fair', from: 580, to: 669 },
  { band: 'good', from: 670, to: 739 },
  { band: 'very good', from: 740, to: 799 },
  { band: 'excellent', from: 800, to: 850 },
] as const;

export interface SeedProfile {
  version: 1;
  tool: 'quenty-db seed profile';
  measuredAt: string;
  timeZone: string;
  /** One result per database read: a database that cannot be read leaves its section null. */
  databases: Array<{ name: string; ok: boolean; error?: string }>;
  ok: boolean;
  orders: null | {
    total: number;
    /** Distinct customers with at least one order, and all customers (the users the orders' customer_id names). */
    customersWithOrders: number;
    customersTotal: number | null;
    perMonth: Array<{ month: string; orders: number }>;
    byHour: Array<{ hour: number; orders: number }>;
    /** Share of orders placed between 00:00 and 05:59 local time. */
    nightShare: number;
    /** How many customers placed exactly `orders` orders (0 counts customers without orders, when the customers' database is read). */
    perCustomer: Array<{ orders: number; customers: number }>;
    /** Share of all orders placed by the top 10% of customers (by order count, customers without orders included). */
    topDecileShare: number;
  };
  credit: null | {
    loans: number;
    /** Loans whose application carries a score (credit_applications.credit_score, else its latest credit check). */
    scored: number;
    /** Pearson correlation of score and interest rate over every scored loan. */
    scoreRateCorrelation: number | null;
    points: Array<{ score: number; rate: number }>;
    bands: Array<{ band: string; from: number; to: number; loans: number; late: number; delinquent: number; lateShare: number; delinquentShare: number }>;
  };
  pickups: null | {
    total: number;
    byState: Array<{ state: string; pickups: number }>;
  };
}

type Query = (sql: string, params?: unknown[]) => Promise<Array<Record<string, unknown>>>;

async function read<T>(ctx: Context, database: string, out: SeedProfile['databases'], fn: (q: Query) => Promise<T>): Promise<T | null> {
  try {
    const t = ctx.target(database);
    const v = await withClient(
      t.url,
      t.name,
      async (c) => {
        await c.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
        try {
          return await fn(async (sql, params) => (await c.query(sql, params)).rows);
        } finally {
          await c.query('ROLLBACK').catch(() => undefined);
        }
      },
      'quenty-db seed profile',
    );
    out.push({ name: database, ok: true });
    return v;
  } catch (e) {
    out.push({ name: database, ok: false, error: redact(errorMessage(e)) });
    return null;
  }
}

const n = (v: unknown) => Number(v);

/** Pure: share of `total` held by the top 10% of customers, from "customers with k orders". */
export function topDecileShare(perCustomer: Array<{ orders: number; customers: number }>): number {
  const customers = perCustomer.reduce((s, x) => s + x.customers, 0);
  const total = perCustomer.reduce((s, x) => s + x.orders * x.customers, 0);
  if (!customers || !total) return 0;
  let left = Math.ceil(customers / 10);
  let top = 0;
  for (const x of [...perCustomer].sort((a, b) => b.orders - a.orders)) {
    const take = Math.min(left, x.customers);
    top += take * x.orders;
    left -= take;
    if (!left) break;
  }
  return top / total;
}

/**
 * The database holding a table, found in the registry (its seed plan or the references it
 * declares): the profile names tables, never databases.
 */
export function holderOf(registry: Registry, table: string): string {
  const found = registry.databases.filter((d) => {
    const plan = d.seed as { tables?: Record<string, number>; fixed?: Record<string, number>; order?: string[] } | undefined;
    return !!plan && (table in (plan.tables ?? {}) || table in (plan.fixed ?? {}) || (plan.order ?? []).includes(table));
  });
  if (found.length !== 1)
    throw new QuentyError('REGISTRY', `seed profile: ${found.length ? 'several databases' : 'no database'} declare table ${table} in their seed plan`);
  return found[0].name;
}

export async function measureProfile(ctx: Context, opts: ProfileOptions = {}): Promise<SeedProfile> {
  const tz = opts.timeZone ?? 'America/Mexico_City';
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
  } catch {
    throw new QuentyError('USAGE', `--time-zone: unknown time zone "${tz}"`, { hint: 'an IANA name, e.g. America/Mexico_City or America/Tijuana' });
  }
  const maxPoints = opts.maxPoints ?? 2000;
  const dbs: SeedProfile['databases'] = [];
  const ordersDb = holderOf(ctx.registry, 'orders');
  // The customers are the parent of orders.customer_id, as the orders' database declares.
  const customerRef = ctx.registry.get(ordersDb).references.find((r) => r.table === 'orders' && r.column === 'customer_id');
  if (!customerRef) throw new QuentyError('REGISTRY', `seed profile: ${ordersDb} declares no reference orders.customer_id`);
  const customersDb = customerRef.parent.database;
  const customersTable = quoteIdent(customerRef.parent.table);
  const loansDb = holderOf(ctx.registry, 'loans');
  const pickupsDb = holderOf(ctx.registry, 'pickups');
  const [orders, customersTotal, credit, pickups] = await Promise.all([
    read(ctx, ordersDb, dbs, async (q) => {
      const local = `(created_at AT TIME ZONE $1)`;
      const perMonth = await q(`SELECT to_char(date_trunc('month', ${local}), 'YYYY-MM') AS month, count(*)::int AS orders FROM orders GROUP BY 1 ORDER BY 1`, [
        tz,
      ]);
      const byHour = await q(
        `SELECT h AS hour, count(o.id)::int AS orders FROM generate_series(0, 23) h LEFT JOIN orders o ON extract(hour FROM o.created_at AT TIME ZONE $1) = h GROUP BY h ORDER BY h`,
        [tz],
      );
      const perCustomer = await q(
        `SELECT k AS orders, count(*)::int AS customers FROM (SELECT count(*)::int AS k FROM orders GROUP BY customer_id) x GROUP BY k ORDER BY k`,
      );
      return {
        perMonth: perMonth.map((r) => ({ month: String(r.month), orders: n(r.orders) })),
        byHour: byHour.map((r) => ({ hour: n(r.hour), orders: n(r.orders) })),
        perCustomer: perCustomer.map((r) => ({ orders: n(r.orders), customers: n(r.customers) })),
      };
    }),
    read(ctx, customersDb, dbs, async (q) => n((await q(`SELECT count(*)::int AS n FROM ${customersTable}`))[0].n)),
    read(ctx, loansDb, dbs, async (q) => {
      const scored = `SELECT l.loan_id, l.interest_rate::float8 AS rate, l.days_past_due, l.status,
          coalesce(a.credit_score, (SELECT cc.credit_score FROM credit_checks cc WHERE cc.application_id = a.id ORDER BY cc.id DESC LIMIT 1)) AS score
        FROM loans l LEFT JOIN credit_applications a ON a.id = l.application_id`;
      const totals = (await q(`SELECT count(*)::int AS loans, count(score)::int AS scored, corr(score, rate)::float8 AS r FROM (${scored}) s`))[0];
      const points = await q(`SELECT score, rate FROM (${scored}) s WHERE score IS NOT NULL ORDER BY md5(loan_id) LIMIT ${Math.max(0, Math.floor(maxPoints))}`);
      const bands = await q(
        `SELECT b.band, b.lo, b.hi, count(s.loan_id)::int AS loans,
                count(*) FILTER (WHERE s.days_past_due > 0)::int AS late,
                count(*) FILTER (WHERE s.days_past_due >= 30 OR s.status = 'defaulted')::int AS delinquent
           FROM unnest($1::text[], $2::int[], $3::int[]) WITH ORDINALITY AS b(band, lo, hi, ord)
           LEFT JOIN (${scored}) s ON s.score BETWEEN b.lo AND b.hi
          GROUP BY b.band, b.lo, b.hi, b.ord ORDER BY b.ord`,
        [SCORE_BANDS.map((b) => b.band), SCORE_BANDS.map((b) => b.from), SCORE_BANDS.map((b) => b.to)],
      );
      return {
        loans: n(totals.loans),
        scored: n(totals.scored),
        scoreRateCorrelation: totals.r === null ? null : n(totals.r),
        points: points.map((r) => ({ score: n(r.score), rate: n(r.rate) })),
        bands: bands.map((r) => {
          const loans = n(r.loans);
          return {
            band: String(r.band),
            from: n(r.lo),
            to: n(r.hi),
            loans,
            late: n(r.late),
            delinquent: n(r.delinquent),
            lateShare: loans ? n(r.late) / loans : 0,
            delinquentShare: loans ? n(r.delinquent) / loans : 0,
          };
        }),
      };
    }),
    read(ctx, pickupsDb, dbs, async (q) => {
      const rows = await q(`SELECT coalesce(state, '(none)') AS state, count(*)::int AS pickups FROM pickups GROUP BY 1 ORDER BY 2 DESC, 1`);
      const byState = rows.map((r) => ({ state: String(r.state), pickups: n(r.pickups) }));
      return { total: byState.reduce((s, x) => s + x.pickups, 0), byState };
    }),
  ]);
  let ordersFig: SeedProfile['orders'] = null;
  if (orders) {
    const total = orders.perMonth.reduce((s, x) => s + x.orders, 0);
    const withOrders = orders.perCustomer.reduce((s, x) => s + x.customers, 0);
    const perCustomer =
      customersTotal !== null && customersTotal > withOrders
        ? [{ orders: 0, customers: customersTotal - withOrders }, ...orders.perCustomer]
        : orders.perCustomer;
    const night = orders.byHour.filter((h) => h.hour < 6).reduce((s, x) => s + x.orders, 0);
    ordersFig = {
      total,
      customersWithOrders: withOrders,
      customersTotal,
      perMonth: orders.perMonth,
      byHour: orders.byHour,
      nightShare: total ? night / total : 0,
      perCustomer,
      topDecileShare: topDecileShare(perCustomer),
    };
  }
  const order = [ordersDb, customersDb, loansDb, pickupsDb];
  dbs.sort((a, b) => order.indexOf(a.name) - order.indexOf(b.name));
  return {
    version: 1,
    tool: 'quenty-db seed profile',
    measuredAt: new Date().toISOString(),
    timeZone: tz,
    databases: dbs,
    ok: dbs.every((d) => d.ok),
    orders: ordersFig,
    credit,
    pickups,
  };
}

/** Buckets of "orders per customer" for the chart: 0..10 one by one, then ranges. */
export function customerBuckets(perCustomer: Array<{ orders: number; customers: number }>): Array<{ label: string; customers: number }> {
  const ranges: Array<[string, number, number]> = [
    ...Array.from({ length: 11 }, (_, i) => [String(i), i, i] as [string, number, number]),
    ['11–20', 11, 20],
    ['21–50', 21, 50],
    ['51+', 51, Infinity],
  ];
  const max = Math.max(0, ...perCustomer.map((x) => x.orders));
  return ranges
    .filter(([, lo]) => lo <= max)
    .map(([label, lo, hi]) => ({ label, customers: perCustomer.filter((x) => x.orders >= lo && x.orders <= hi).reduce((s, x) => s + x.customers, 0) }));
}

export interface ProfileChart {
  id: string;
  title: string;
  caption: string;
  svg: string;
}

const WIDTH = 720;
const HEIGHT = 340;

function svgOf(option: echarts.EChartsOption, height = HEIGHT): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width: WIDTH, height });
  try {
    chart.setOption({ animation: false, textStyle: { fontFamily: 'system-ui, sans-serif' }, grid: { left: 70, right: 30, top: 40, bottom: 60 }, ...option });
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

/** The charts of a profile (a section that could not be measured has no chart). */
export function profileCharts(p: SeedProfile): ProfileChart[] {
  const out: ProfileChart[] = [];
  if (p.orders) {
    const o = p.orders;
    out.push({
      id: 'orders-per-month',
      title: 'Orders per month',
      caption: `${o.total.toLocaleString('en')} orders; months in ${p.timeZone}.`,
      svg: svgOf({
        xAxis: { type: 'category', data: o.perMonth.map((m) => m.month), axisLabel: { rotate: 45 } },
        yAxis: { type: 'value', name: 'orders' },
        series: [{ type: 'bar', data: o.perMonth.map((m) => m.orders), itemStyle: { color: '#2f6fb0' } }],
      }),
    });
    out.push({
      id: 'orders-by-hour',
      title: 'Orders by local hour of day',
      caption: `Hour in ${p.timeZone}; ${pct(o.nightShare)} of orders between 00:00 and 05:59.`,
      svg: svgOf({
        xAxis: { type: 'category', data: o.byHour.map((h) => String(h.hour).padStart(2, '0')), name: 'hour', axisLabel: { interval: 0 } },
        yAxis: { type: 'value', name: 'orders' },
        series: [{ type: 'bar', data: o.byHour.map((h) => h.orders), itemStyle: { color: '#3f9b6b' } }],
      }),
    });
    const buckets = customerBuckets(o.perCustomer);
    out.push({
      id: 'orders-per-customer',
      title: 'Orders per customer',
      caption: `${o.customersWithOrders.toLocaleString('en')} customers with orders${o.customersTotal !== null ? ` of ${o.customersTotal.toLocaleString('en')}` : ''}; the top 10% of customers placed ${pct(o.topDecileShare)} of the orders.`,
      svg: svgOf({
        xAxis: { type: 'category', data: buckets.map((b) => b.label), name: 'orders' },
        yAxis: { type: 'value', name: 'customers' },
        series: [{ type: 'bar', data: buckets.map((b) => b.customers), itemStyle: { color: '#8a5cc2' } }],
      }),
    });
  }
  if (p.credit) {
    const c = p.credit;
    out.push({
      id: 'score-vs-rate',
      title: 'Credit score against interest rate',
      caption: `${c.points.length.toLocaleString('en')} of ${c.scored.toLocaleString('en')} scored loans shown; correlation over all: ${c.scoreRateCorrelation === null ? 'n/a' : c.scoreRateCorrelation.toFixed(2)}.`,
      svg: svgOf({
        xAxis: { type: 'value', name: 'score', min: 300, max: 850 },
        yAxis: { type: 'value', name: 'annual rate', axisLabel: { formatter: (v: number) => `${Math.round(v * 100)}%` } },
        series: [{ type: 'scatter', symbolSize: 6, data: c.points.map((x) => [x.score, x.rate]), itemStyle: { color: '#c2562f', opacity: 0.6 } }],
      }),
    });
    out.push({
      id: 'delinquency-by-band',
      title: 'Delinquency by score band',
      caption: 'Late: days_past_due > 0. Delinquent: 30+ days past due or defaulted. Share of the loans of each band.',
      svg: svgOf({
        legend: { top: 5 },
        xAxis: { type: 'category', data: c.bands.map((b) => `${b.band}\n${b.from}–${b.to}`), axisLabel: { interval: 0 } },
        yAxis: { type: 'value', axisLabel: { formatter: (v: number) => `${Math.round(v * 100)}%` } },
        series: [
          { name: 'late', type: 'bar', data: c.bands.map((b) => b.lateShare), itemStyle: { color: '#e0a030' } },
          { name: 'delinquent (30+ / default)', type: 'bar', data: c.bands.map((b) => b.delinquentShare), itemStyle: { color: '#b03030' } },
        ],
      }),
    });
  }
  if (p.pickups) {
    const s = [...p.pickups.byState].reverse();
    out.push({
      id: 'pickups-by-state',
      title: 'Pickups by state',
      caption: `${p.pickups.total.toLocaleString('en')} pickups in ${p.pickups.byState.length} states.`,
      svg: svgOf(
        {
          grid: { left: 170, right: 30, top: 20, bottom: 40 },
          xAxis: { type: 'value', name: 'pickups' },
          yAxis: { type: 'category', data: s.map((x) => x.state), axisLabel: { interval: 0 } },
          series: [{ type: 'bar', data: s.map((x) => x.pickups), itemStyle: { color: '#2f8fa0' } }],
        },
        Math.max(HEIGHT, 60 + 16 * s.length),
      ),
    });
  }
  return out;
}

/** A self-contained HTML page (no script): one figure per chart, the SVG inline. */
export function renderProfileHtml(p: SeedProfile): string {
  const h = escapeXml;
  const figures = profileCharts(p)
    .map((c) => `<figure id="${h(c.id)}"><h2>${h(c.title)}</h2>${c.svg}<figcaption>${h(c.caption)}</figcaption></figure>`)
    .join('\n');
  const failed = p.databases
    .filter((d) => !d.ok)
    .map((d) => `<li><code>${h(d.name)}</code>: ${h(d.error ?? '')}</li>`)
    .join('');
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Quenty seed profile</title>
<style>body{font-family:system-ui,sans-serif;margin:2em;color:#222}figure{margin:0 0 2em 0}h2{font-size:1.1em;margin:0 0 .3em 0}figcaption{color:#555;font-size:.9em}main{display:grid;grid-template-columns:repeat(auto-fill,740px);gap:1em;align-items:start}</style></head>
<body><h1>Quenty seed profile</h1>
<p>Measured with SQL over the seeded databases at ${h(p.measuredAt)} (local time: ${h(p.timeZone)}).</p>
${failed ? `<p><strong>Not measured:</strong></p><ul>${failed}</ul>` : ''}<main>
${figures}
</main></body></html>
`;
}
