import { defineTable, fanout, monthStart, ordinalUuid } from '../../src/seed/kit';

const MONTHS = fanout([6]);

export default defineTable({
  table: 'franchise_performance',
  columns: ['id', 'performance_id', 'franchise_id', 'period_type', 'period_start', 'period_end', 'revenue', 'costs', 'profit', 'royalties_paid', 'orders_count', 'customers_served', 'average_order_value', 'customer_satisfaction_score', 'performance_score', 'ranking', 'improvement_areas', 'calculated_at', 'created_at'],
  count: (g) => MONTHS.total(g.count('franchises')),
  row(g, i, rng) {
    const { parent, index } = MONTHS.parentOf(i);
    const start = monthStart(g.now, -6 + index);
    const end = new Date(monthStart(g.now, -5 + index).getTime() - 86_400_000);
    const revenue = rng.money(80_000, 900_000), costs = Math.round(revenue * rng.money(0.5, 0.85) * 100) / 100;
    const orders = rng.range(300, 5000);
    return { id: i + 1, performance_id: ordinalUuid(g.seed, 'franchise.performance', i), franchise_id: parent + 1, period_type: 'monthly', period_start: start.toISOString().slice(0, 10), period_end: end.toISOString().slice(0, 10), revenue, costs, profit: Math.round((revenue - costs) * 100) / 100, royalties_paid: Math.round(revenue * 6) / 100, orders_count: orders, customers_served: Math.floor(orders * 0.7), average_order_value: Math.round((revenue / orders) * 100) / 100, customer_satisfaction_score: rng.money(3, 5), performance_score: rng.money(50, 100), ranking: null, improvement_areas: null, calculated_at: end, created_at: end };
  },
});
