import { defineTable, addDays, isoDate, GenContext } from '../../src/seed/kit';

interface Day {
  total: number;
  processed: number;
  refunded: number;
  hours: number;
}
/**
 * The returns of each day (Mexico City date of the request, as UTC midnight ms): one pass over
 * every return, once for all threads (each day used to scan the returns of the 63 days around it).
 */
function byDay(g: GenContext): Map<number, Day> {
  return g.memo('byDay', () => {
    const out = new Map<number, Day>();
    for (let r = 0, n = g.count('returns'); r < n; r++) {
      const f = g.facts('reverse_logistics_db', 'returns', r);
      if (f.order < 0) continue;
      const { dayMs } = g.clock.local('America/Mexico_City', f.born);
      let d = out.get(dayMs);
      if (!d) out.set(dayMs, (d = { total: 0, processed: 0, refunded: 0, hours: 0 }));
      d.total++;
      const end = f.times.refunded ?? f.times.exchanged ?? f.times.closed ?? f.times.rejected;
      if (end) {
        d.processed++;
        d.hours += (end.getTime() - f.born.getTime()) / 3_600_000;
        if (f.times.refunded) d.refunded++;
      }
    }
    return out;
  });
}

/**
 * One row per day (unique metric_date), back from yesterday, computed from the returns requested
 * that day (Mexico City date): how many, how many processed by now, refund rate, hours to close.
 */
export default defineTable({
  table: 'return_metrics',
  columns: [
    'id',
    'metric_date',
    'total_returns',
    'processed_returns',
    'refund_rate',
    'avg_processing_time_hours',
    'recovery_rate',
    'customer_satisfaction',
    'created_at',
  ],
  count: (g) => Math.min(g.clock.days - 1, 540),
  kept: () => 1,
  row(g, i, rng) {
    const dayMs = Date.UTC(g.now.getUTCFullYear(), g.now.getUTCMonth(), g.now.getUTCDate()) - (i + 1) * 86_400_000;
    const day = isoDate(new Date(dayMs));
    const { total, processed, refunded, hours } = byDay(g).get(dayMs) ?? { total: 0, processed: 0, refunded: 0, hours: 0 };
    return {
      id: i + 1,
      metric_date: day,
      total_returns: total,
      processed_returns: processed,
      refund_rate: processed ? Math.round((refunded / processed) * 10000) / 10000 : 0,
      avg_processing_time_hours: processed ? Math.round((hours / processed) * 100) / 100 : 0,
      recovery_rate: processed ? rng.money(0.15, 0.45, 4) : 0,
      customer_satisfaction: total ? rng.money(3.6, 4.8) : null,
      created_at: addDays(new Date(dayMs), 1),
    };
  },
});
