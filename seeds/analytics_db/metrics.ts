import { defineTable, ordinalUuid, GenContext, rowRng, MX_TZ } from '../../src/seed/kit';

const DAY = 86_400_000;

/**
 * Daily business metrics: counts and sums of the events the other services' rows record, per
 * Mexico City calendar day (the platform's reporting calendar), computed by the nightly job
 * ten minutes after the day ends. [service, name, unit, type].
 */
export const DAILY: ReadonlyArray<readonly [string, string, string, string]> = [
  ['order', 'orders_created', 'count', 'business'],
  ['order', 'revenue_mxn', 'MXN', 'business'],
  ['auth', 'users_registered', 'count', 'business'],
  ['pickup', 'pickups_completed', 'count', 'business'],
  ['revlog', 'returns_requested', 'count', 'business'],
  ['intlship', 'manifests_created', 'count', 'business'],
];
/** Operational measurements per service and hour: [type, name, unit]. */
export const HOURLY: ReadonlyArray<readonly [string, string, string]> = [
  ['latency', 'http_request_duration_p95', 'ms'],
  ['throughput', 'requests_per_minute', 'rpm'],
  ['error_rate', 'http_5xx_rate', 'ratio'],
  ['resource', 'cpu_utilization', 'percent'],
];

/** Events per Mexico City day of each daily metric, from one pass over each event table's facts (per worker). */
function daily(g: GenContext): Map<string, number> {
  return g.memo('daily', () => {
    const m = new Map<string, number>();
    const add = (name: string, at: Date | null | undefined, v = 1) => {
      if (!at) return;
      const k = `${name}|${g.clock.local(MX_TZ, at).dayMs}`;
      m.set(k, (m.get(k) ?? 0) + v);
    };
    for (let i = 0, n = g.count('users', 'auth_db'); i < n; i++) add('users_registered', g.facts('auth_db', 'users', i).born);
    for (let i = 0, n = g.count('pickups', 'pickup_db'); i < n; i++) {
      const f = g.facts('pickup_db', 'pickups', i);
      if (f.status === 'completed') add('pickups_completed', f.attemptAt);
    }
    for (let i = 0, n = g.count('returns', 'reverse_logistics_db'); i < n; i++) {
      const f = g.facts('reverse_logistics_db', 'returns', i);
      if (f.order >= 0) add('returns_requested', f.born);
    }
    for (let i = 0, n = g.count('manifests', 'intl_shipping_db'); i < n; i++) {
      const f = g.facts('intl_shipping_db', 'manifests', i);
      if (f.order >= 0) add('manifests_created', f.born);
    }
    return m;
  });
}

/** The value of daily metric `name` on day label `dayMs`. */
export function dailyValue(g: GenContext, name: string, dayMs: number): number {
  if (name === 'orders_created') return g.tally('order_db', 'orders', 'dayOrders', dayMs);
  if (name === 'revenue_mxn') return g.tally('order_db', 'orders', 'dayRevenueCents', dayMs) / 100;
  return daily(g).get(`${name}|${dayMs}`) ?? 0;
}

/**
 * Days with daily metrics: the most recent ones, as many as the world's size warrants (a small
 * world keeps a few weeks; from a few thousand orders on, the whole window).
 */
export const dailyDays = (g: GenContext) => Math.min(g.clock.days, Math.max(14, Math.ceil(g.count('orders', 'order_db') / 2)));
export const dailyRows = (g: GenContext) => dailyDays(g) * DAILY.length;
const opsRows = (g: GenContext) => Math.round(g.count('orders', 'order_db') * 1.2);

/** An hourly measurement of service s at hour h (pure in the ordinal): follows the day's rhythm. */
export function hourly(g: GenContext, j: number): { service: string; kind: number; at: Date; value: number } {
  const n = opsRows(g);
  const H = g.clock.days * 24;
  const at = new Date(g.clock.firstDay.getTime() + 6 * 3_600_000 + Math.floor((j * H) / Math.max(1, n)) * 3_600_000);
  // Every service of the registry reports (a new database's service too).
  const service = g.services[j % g.services.length];
  const kind = Math.floor(j / g.services.length) % HOURLY.length;
  const rng = rowRng(g.seed, 'analytics_db.metrics#hourly', j);
  const hour = g.clock.local(MX_TZ, at).minutes / 60;
  const load = 0.25 + 0.75 * Math.max(0, Math.sin(((hour - 6) / 18) * Math.PI)) * (0.6 + 0.4 * ((at.getTime() - g.clock.firstDay.getTime()) / (H * 3_600_000)));
  const value =
    kind === 0
      ? Math.round(120 + 380 * load + rng.float() * 200 + (rng.chance(0.02) ? 900 : 0))
      : kind === 1
        ? Math.round((service === 'order' || service === 'auth' ? 900 : 250) * load * (0.85 + 0.3 * rng.float()))
        : kind === 2
          ? Math.round((rng.chance(0.03) ? 0.02 + 0.05 * rng.float() : 0.002 * rng.float()) * 10_000) / 10_000
          : Math.round((15 + 60 * load + 10 * rng.float()) * 10) / 10;
  return { service, kind, at, value };
}

/**
 * Daily business metrics first (day-major, DAILY.length per day), then the hourly measurements.
 * created_at (the partition key) is when the figure was computed.
 */
export default defineTable({
  table: 'metrics',
  columns: [
    'id',
    'metric_id',
    'metric_type',
    'name',
    'description',
    'value',
    'unit',
    'tags',
    'timestamp',
    'period',
    'source_service',
    'source_entity_id',
    'source_entity_type',
    'created_at',
  ],
  count: (g) => dailyRows(g) + opsRows(g),
  kept: (g) => 1 - DAILY.length / Math.max(1, dailyRows(g) + opsRows(g)),
  row(g, i) {
    const B = dailyRows(g);
    if (i < B) {
      const d = g.clock.days - dailyDays(g) + Math.floor(i / DAILY.length);
      const [service, name, unit, type] = DAILY[i % DAILY.length];
      const dayMs = g.clock.firstDay.getTime() + d * DAY;
      const start = g.clock.utc(MX_TZ, dayMs, 0);
      const computed = new Date(g.clock.utc(MX_TZ, dayMs + DAY, 0).getTime() + 10 * 60_000);
      if (computed.getTime() >= g.now.getTime()) return null;
      return {
        id: i + 1,
        metric_id: ordinalUuid(g.seed, 'analytics.metrics', i),
        metric_type: type,
        name,
        description: null,
        value: dailyValue(g, name, dayMs),
        unit,
        tags: { env: 'production', calendar: 'America/Mexico_City' },
        timestamp: start,
        period: '1d',
        source_service: service,
        source_entity_id: null,
        source_entity_type: null,
        created_at: computed,
      };
    }
    const j = i - B;
    const h = hourly(g, j);
    const [type, name, unit] = HOURLY[h.kind];
    const computed = new Date(h.at.getTime() + 3_600_000 + 60_000);
    if (computed.getTime() >= g.now.getTime()) return null;
    return {
      id: i + 1,
      metric_id: ordinalUuid(g.seed, 'analytics.metrics', i),
      metric_type: type,
      name,
      description: null,
      value: h.value,
      unit,
      tags: { env: 'production', region: 'mx-central' },
      timestamp: h.at,
      period: '1h',
      source_service: h.service,
      source_entity_id: null,
      source_entity_type: null,
      created_at: computed,
    };
  },
});
