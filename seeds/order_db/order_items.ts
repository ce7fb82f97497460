import { defineTable } from '../../src/seed/kit';

/** The lines of each order (its facts): products of the order's merchant that existed when it was placed. */
export default defineTable({
  table: 'order_items',
  columns: ['id', 'order_id', 'product_id', 'quantity', 'unit_price', 'total_price', 'created_at'],
  count: (g) => g.tally('order_db', 'orders', 'items', 0),
  row(g, i) {
    const o = g.find('order_db', 'orders', 'item', i);
    const f = g.facts('order_db', 'orders', o);
    const l = f.lines[i - f.firstItem];
    return { id: i + 1, order_id: o + 1, product_id: l.product + 1, quantity: l.quantity, unit_price: l.unitPrice, total_price: l.total, created_at: f.born };
  },
});
