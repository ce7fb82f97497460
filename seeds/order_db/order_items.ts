import { defineTable, fanout, GenContext, rowRng, mix, hashString } from '../../src/seed/kit';

/** Items per order repeat this pattern (2 on average). */
export const ITEMS = fanout([1, 3, 2, 1, 4, 2, 1, 2]);

export interface OrderLine { order: number; product: number; quantity: number; unitPrice: number; total: number }

/** Line `item` (ordinal of order_items): pure, used by orders (totals) and returns. */
export function orderLine(g: GenContext, item: number): OrderLine {
  const itemsCtx = g.other('order_items', 'order_db');
  const { parent } = ITEMS.parentOf(item);
  const products = itemsCtx.count('products');
  const product = mix(hashString('order_items.product', g.seed >>> 0), item) % products;
  const rng = rowRng(g.seed, 'order_db.order_items#qty', item);
  const quantity = rng.weighted([[1, 60], [2, 25], [3, 10], [5, 5]] as const);
  const unitPrice = itemsCtx.key('order_db', 'products', 'price', product) as number;
  return { order: parent, product, quantity, unitPrice, total: Math.round(quantity * unitPrice * 100) / 100 };
}

export default defineTable({
  table: 'order_items',
  columns: ['id', 'order_id', 'product_id', 'quantity', 'unit_price', 'total_price', 'created_at'],
  count: (g) => ITEMS.total(g.count('orders')),
  row(g, i) {
    const l = orderLine(g, i);
    return { id: i + 1, order_id: l.order + 1, product_id: l.product + 1, quantity: l.quantity, unit_price: l.unitPrice, total_price: l.total, created_at: g.other('orders').time(l.order) };
  },
});
