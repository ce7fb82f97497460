import { defineTable, addDays } from '../../src/seed/kit';
import { ITEMS, orderLine } from './order_items';
import { DELIVERED_AFTER_DAYS, RETURNED_STATUSES, orderStatusWithoutReturn, returnFacts, returnOfOrder } from '../reverse_logistics_db/returns';

export const orderNumber = (i: number) => `ORD-${String(i + 1).padStart(9, '0')}`;

export default defineTable({
  table: 'orders',
  columns: ['id', 'order_number', 'status', 'total_amount', 'currency', 'customer_id', 'company_id', 'created_at', 'updated_at'],
  keys: { order_number: (_g, i) => orderNumber(i) },
  row(g, i, rng) {
    let total = 0;
    const start = ITEMS.start(i);
    for (let k = 0; k < ITEMS.size(i); k++) total += Math.round(orderLine(g, start + k).total * 100);
    const created = g.time(i);
    const ageDays = (g.now.getTime() - created.getTime()) / 86_400_000;
    // Delivered orders may have a return (reverse_logistics_db): `returned` once the goods are back.
    const ret = returnOfOrder(g, i);
    const status = ageDays < 2 ? rng.pick(['pending', 'confirmed'])
      : ageDays < DELIVERED_AFTER_DAYS ? rng.pick(['confirmed', 'shipped'])
      : ret !== null ? (RETURNED_STATUSES.includes(returnFacts(g, ret).status) ? 'returned' : 'delivered')
      : orderStatusWithoutReturn(g, i);
    return {
      id: i + 1,
      order_number: orderNumber(i),
      status,
      total_amount: total / 100,
      currency: 'MXN',
      customer_id: g.ref('customer_id', i),
      company_id: g.ref('company_id', i),
      created_at: created,
      updated_at: addDays(created, Math.min(ageDays, rng.int(5))),
    };
  },
});
