import { defineTable, addDays, isoDate } from '../../src/seed/kit';

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
    const tz = 'America/Mexico_City';
    const dayMs = Date.UTC(g.now.getUTCFullYear(), g.now.getUTCMonth(), g.now.getUTCDate()) - (i + 1) * 86_400_000;
    const day = isoDate(new Date(dayMs));
    // Returns are in the time order of their orders: those requested on `day` had their order placed within the 60 days before.
    const from = Math.max(0, g.tally('reverse_logistics_db', 'returns', 'orderedBefore', 0, new Date(dayMs - 60 * 86_400_000)) - 2);
    const to = Math.min(g.count('returns'), g.tally('reverse_logistics_db', 'returns', 'orderedBefore', 0, new Date(dayMs + 3 * 86_400_000)) + 3);
    let total = 0,
      processed = 0,
      refunded = 0,
      hours = 0;
    for (let r = from; r < to; r++) {
      const f = g.facts('reverse_logistics_db', 'returns', r);
      if (f.order < 0) continue;
      const local = g.clock.local(tz, f.born);
      if (local.dayMs !== dayMs) continue;
      total++;
      const end = f.times.refunded ?? f.times.exchanged ?? f.times.closed ?? f.times.rejected;
      if (end) {
        processed++;
        hours += (end.getTime() - f.born.getTime()) / 3_600_000;
        if (f.times.refunded) refunded++;
      }
    }
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
