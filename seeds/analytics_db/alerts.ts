import { defineTable, ordinalUuid, GenContext, MX_TZ } from '../../src/seed/kit';
import { HOURLY, dailyRows, hourly } from './metrics';

/** Alert kinds: [hourly metric index, threshold choices, name]. */
const KINDS: ReadonlyArray<readonly [number, readonly number[], string]> = [
  [0, [800, 1000, 1200], 'Latencia p95 alta'],
  [2, [0.02, 0.05], 'Errores 5xx'],
];

/** The lowest threshold of each alerted kind: a measurement at or below it fires no alert. */
const FLOOR = new Map(KINDS.map(([kind, thresholds]) => [kind, Math.min(...thresholds)]));
type Fired = { at: number[]; value: number[] };
const NONE: Fired = { at: [], value: [] };

/**
 * Hourly measurements of (service, alerted kind) that exceed the kind's lowest threshold: their
 * times and values, in the metrics' order, one pass for all threads. Only these can fire an alert,
 * so only these are kept (a few percent of the hourly rows: at `--scale large` the whole series
 * took 156 MB of each thread's heap).
 */
function series(g: GenContext): Map<string, Fired> {
  return g.memo('series', () => {
    const m = new Map<string, Fired>();
    const metrics = g.other('metrics');
    const B = dailyRows(metrics);
    const n = metrics.count('metrics') - B;
    for (let j = 0; j < n; j++) {
      const h = hourly(metrics, j);
      const floor = FLOOR.get(h.kind);
      if (floor === undefined || !(h.value > floor)) continue;
      if (h.at.getTime() + 3_660_000 >= g.now.getTime()) continue;
      const k = `${h.service}|${h.kind}`;
      let list = m.get(k);
      if (!list) m.set(k, (list = { at: [], value: [] }));
      list.at.push(h.at.getTime());
      list.value.push(h.value);
    }
    return m;
  });
}

/**
 * Alerts on the hourly measurements of one service: how often they fired (measurements above
 * the threshold after the alert was created) and when they last did, from the metrics rows.
 */
export default defineTable({
  table: 'alerts',
  columns: [
    'id',
    'alert_id',
    'name',
    'description',
    'metric_type',
    'condition_expression',
    'threshold_value',
    'comparison_operator',
    'time_window',
    'notification_channels',
    'recipients',
    'is_active',
    'last_triggered_at',
    'trigger_count',
    'created_by',
    'created_at',
    'updated_at',
  ],
  // Every ordinal is a row: no need to sample rows (and build the metrics series) to size the world.
  kept: () => 1,
  row(g, i, rng) {
    const at = g.clock.at('flat', i, g.count('alerts'), rng, MX_TZ, 'office');
    const svc = g.services[i % g.services.length];
    const [kind, thresholds, label] = KINDS[Math.floor(i / g.services.length) % KINDS.length];
    const threshold = rng.pick(thresholds);
    const [type, metric] = HOURLY[kind];
    let count = 0,
      last: number | null = null;
    const fired = series(g).get(`${svc}|${kind}`) ?? NONE;
    for (let k = 0; k < fired.at.length; k++)
      if (fired.at[k] > at.getTime() && fired.value[k] > threshold) {
        count++;
        last = fired.at[k];
      }
    const analysts = Math.max(1, g.tally('auth_db', 'users', 'role', 'analyst', at));
    return {
      id: i + 1,
      alert_id: ordinalUuid(g.seed, 'analytics.alerts', i),
      name: `${label} en ${svc}`,
      description: `Se dispara cuando ${metric} de ${svc} supera ${threshold} ${HOURLY[kind][2]} en una hora`,
      metric_type: type,
      condition_expression: `${metric}{source_service="${svc}",period="1h"} > ${threshold}`,
      threshold_value: threshold,
      comparison_operator: '>',
      time_window: '1h',
      notification_channels: ['email', 'slack'],
      recipients: [`oncall-${svc}@quenty.com.mx`],
      is_active: true,
      last_triggered_at: last === null ? null : new Date(last + 3_660_000),
      trigger_count: count,
      created_by: g.refAt('created_by', g.find('auth_db', 'users', 'role', 'analyst', rng.int(analysts))),
      created_at: at,
      updated_at: last === null ? at : new Date(last + 3_660_000),
    };
  },
});
