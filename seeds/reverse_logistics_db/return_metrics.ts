import { defineTable, addDays } from '../../src/seed/kit';

/** One row per day, going back from yesterday (unique metric_date). */
export default defineTable({
  table: 'return_metrics',
  columns: ['id', 'metric_date', 'total_returns', 'processed_returns', 'refund_rate', 'avg_processing_time_hours', 'recovery_rate', 'customer_satisfaction', 'created_at'],
  count: (g) => Math.min(540, Math.max(30, Math.round(g.count('returns') / 20))),
  row(g, i, rng) {
    const day = addDays(g.now, -(i + 1));
    const total = rng.range(0, 200);
    return { id: i + 1, metric_date: day.toISOString().slice(0, 10), total_returns: total, processed_returns: Math.floor(total * rng.money(0.6, 1)), refund_rate: rng.money(0.5, 0.95, 4), avg_processing_time_hours: rng.money(24, 160), recovery_rate: rng.money(0.1, 0.7, 4), customer_satisfaction: rng.money(3, 5), created_at: addDays(day, 1) };
  },
});
