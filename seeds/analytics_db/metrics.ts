import { defineTable, ordinalUuid } from '../../src/seed/kit';

const KINDS: Array<[string, string, string, number, number]> = [
  ['latency', 'http_request_duration_p95', 'ms', 20, 1500], ['throughput', 'requests_per_minute', 'rpm', 10, 20000], ['error_rate', 'http_5xx_rate', 'ratio', 0, 0.05],
  ['business', 'orders_created', 'count', 0, 5000], ['business', 'revenue_mxn', 'MXN', 0, 2_000_000], ['resource', 'cpu_utilization', 'percent', 1, 95],
];

/** Metrics from every service, spread over the 18 monthly partitions (created_at drives the partition). */
export default defineTable({
  table: 'metrics',
  columns: ['id', 'metric_id', 'metric_type', 'name', 'description', 'value', 'unit', 'tags', 'timestamp', 'period', 'source_service', 'source_entity_id', 'source_entity_type', 'created_at'],
  row(g, i, rng) {
    const [type, name, unit, lo, hi] = KINDS[i % KINDS.length];
    const service = g.services[Math.floor(i / KINDS.length) % g.services.length];
    const at = g.time(i);
    return { id: i + 1, metric_id: ordinalUuid(g.seed, 'analytics.metrics', i), metric_type: type, name, description: null, value: rng.money(lo, hi, 4), unit, tags: { env: 'staging', region: rng.pick(['mx-central', 'mx-north']) }, timestamp: at, period: rng.pick(['1m', '5m', '1h']), source_service: service, source_entity_id: null, source_entity_type: null, created_at: at };
  },
});
