import { defineTable, ordinalUuid } from '../../src/seed/kit';

export default defineTable({
  table: 'alerts',
  columns: ['id', 'alert_id', 'name', 'description', 'metric_type', 'condition_expression', 'threshold_value', 'comparison_operator', 'time_window', 'notification_channels', 'recipients', 'is_active', 'last_triggered_at', 'trigger_count', 'created_by', 'created_at', 'updated_at'],
  row(g, i, rng) {
    const at = g.time(i);
    const svc = g.services[i % g.services.length];
    return { id: i + 1, alert_id: ordinalUuid(g.seed, 'analytics.alerts', i), name: `Latencia alta ${svc} ${i + 1}`, description: null, metric_type: 'latency', condition_expression: `p95(${svc}.latency) > threshold`, threshold_value: rng.pick([500, 800, 1000]), comparison_operator: '>', time_window: '5m', notification_channels: ['email', 'slack'], recipients: ['oncall@quenty.com.mx'], is_active: true, last_triggered_at: null, trigger_count: 0, created_by: g.ref('created_by', i), created_at: at, updated_at: at };
  },
});
