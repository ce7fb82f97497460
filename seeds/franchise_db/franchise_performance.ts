import { defineTable, fanout, monthStart, ordinalUuid, GenContext, isoDate, MX_TZ } from '../../src/seed/kit';
import { periodStart } from './franchises';

const MONTHS = fanout([18]);
const DAY = 86_400_000;

export interface PeriodFigures {
  orders: number;
  revenueCents: number;
  customers: number;
  royaltyCents: number;
}

/** The orders of franchise f's plaza in its k-th period (order_db, Mexico City month), and the royalty at the contract's rate. */
export function periodFigures(g: GenContext, f: number, k: number): PeriodFigures {
  const x = g.facts('franchise_db', 'franchises', f);
  const key = `${x.plaza.lada}|${isoDate(periodStart(x, k)).slice(0, 7)}`;
  const revenueCents = g.tally('order_db', 'orders', 'plazaRevenueCents', key);
  return {
    orders: g.tally('order_db', 'orders', 'plazaOrders', key),
    revenueCents,
    customers: g.tally('order_db', 'orders', 'plazaCustomers', key),
    royaltyCents: Math.round((revenueCents * x.royaltyRate) / 100),
  };
}

/** Rank of franchise f by revenue among the franchises with the same period (1 = most). */
function rankOf(g: GenContext, f: number, month: string, revenueCents: number): number {
  const byMonth = g.memo(`rank|${month}`, () => {
    const list: number[] = [];
    for (let j = 0; j < g.count('franchises'); j++) {
      const y = g.facts('franchise_db', 'franchises', j);
      for (let k = 0; k < y.periods; k++)
        if (isoDate(periodStart(y, k)).slice(0, 7) === month) list.push(periodFigures(g, j, k).revenueCents * 1000 + (999 - (j % 1000)));
    }
    return list.sort((a, b) => b - a);
  });
  return byMonth.indexOf(revenueCents * 1000 + (999 - (f % 1000))) + 1;
}

/**
 * One row per full month after the opening: orders, revenue and customers of the plaza's
 * orders that month (not cancelled), royalties at the contract's rate when paid.
 */
export default defineTable({
  table: 'franchise_performance',
  columns: [
    'id',
    'performance_id',
    'franchise_id',
    'period_type',
    'period_start',
    'period_end',
    'revenue',
    'costs',
    'profit',
    'royalties_paid',
    'orders_count',
    'customers_served',
    'average_order_value',
    'customer_satisfaction_score',
    'performance_score',
    'ranking',
    'improvement_areas',
    'calculated_at',
    'created_at',
  ],
  count: (g) => MONTHS.total(g.count('franchises')),
  kept: (g) => {
    let n = 0;
    const F = g.count('franchises');
    for (let j = 0; j < F; j++) n += g.facts('franchise_db', 'franchises', j).periods;
    return n / Math.max(1, MONTHS.total(F));
  },
  row(g, i, rng) {
    const { parent, index } = MONTHS.parentOf(i);
    const x = g.facts('franchise_db', 'franchises', parent);
    if (index >= x.periods) return null;
    const start = periodStart(x, index);
    const end = new Date(monthStart(start, 1).getTime() - DAY);
    const fig = periodFigures(g, parent, index);
    const revenue = fig.revenueCents / 100;
    const costs = Math.round(revenue * rng.money(0.55, 0.8) * 100) / 100;
    const paid = g.facts('franchise_db', 'franchise_payments', parent * 19 + 1 + index);
    const calculated = g.clock.utc(MX_TZ, end.getTime() + DAY, 3 * 60 + rng.int(60));
    const sat = rng.money(3.6, 4.9);
    const score = Math.round(Math.min(100, 40 + 10 * sat + rng.float() * 10) * 100) / 100;
    return {
      id: i + 1,
      performance_id: ordinalUuid(g.seed, 'franchise.performance', i),
      franchise_id: parent + 1,
      period_type: 'monthly',
      period_start: isoDate(start),
      period_end: isoDate(end),
      revenue,
      costs,
      profit: Math.round((revenue - costs) * 100) / 100,
      royalties_paid: paid.status === 'paid' ? fig.royaltyCents / 100 : 0,
      orders_count: fig.orders,
      customers_served: fig.customers,
      average_order_value: fig.orders ? Math.round(fig.revenueCents / fig.orders) / 100 : 0,
      customer_satisfaction_score: sat,
      performance_score: score,
      ranking: rankOf(g, parent, isoDate(start).slice(0, 7), fig.revenueCents),
      improvement_areas: sat < 4 ? ['tiempos de entrega', 'atención al cliente'] : score < 85 ? ['volumen de envíos'] : [],
      calculated_at: new Date(Math.max(calculated.getTime(), paid.status === 'paid' && paid.times?.paid ? paid.times.paid.getTime() : 0)),
      created_at: calculated,
    };
  },
});
