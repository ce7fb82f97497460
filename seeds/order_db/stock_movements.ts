import { defineTable, GenContext, addDays, rowRng, MX_TZ } from '../../src/seed/kit';
import { ITEMS, orderNumber, productShipments } from './orders';
import { FULFILLED_EVERY } from './products';

/** Receipts per fulfilled product: the first when it is listed, then one every RESTOCK_DAYS while before the anchor. */
const RECEIPTS = 13;
const RESTOCK_DAYS = 45;

export interface ReceiptPlan {
  product: number;
  /** Receipt times and quantities (sized to the shipments until the next receipt, plus a buffer). */
  receipts: Array<{ at: Date; quantity: number }>;
  /** Units shipped in all. */
  shipped: number;
  /** The last movement (receipt or shipment). */
  last: Date;
}

let lastPlan: { g: GenContext; plan: ReceiptPlan } | undefined;

/**
 * The receipts of fulfilled product p: receipt k arrives RESTOCK_DAYS·k days after the product is
 * listed (k = 0: with the listing) and brings what ships until the next receipt, rounded up to a
 * case, plus a little safety stock, so stock never runs negative. Pure; the last plan is kept
 * (rows come product by product).
 */
export function receiptPlan(g: GenContext, p: number): ReceiptPlan {
  if (lastPlan && lastPlan.g === g && lastPlan.plan.product === p) return lastPlan.plan;
  const pf = g.facts('order_db', 'products', p);
  const rng = rowRng(g.seed, 'order_db.stock_movements#plan', p);
  const nowMs = g.now.getTime();
  const times: Date[] = [pf.born];
  for (let k = 1; k < RECEIPTS; k++) {
    const t = g.clock.after(addDays(pf.born, RESTOCK_DAYS * k), 0, 2 * 1440, rng, MX_TZ, 'business');
    if (t.getTime() >= nowMs) break;
    times.push(t);
  }
  const demand = new Array<number>(times.length).fill(0);
  let shipped = 0,
    last = times[times.length - 1];
  const sales = productShipments(g, p);
  let k = 0;
  for (let s = 0; s < sales.orders.length; s++) {
    const at = sales.shipped[s];
    while (k + 1 < times.length && times[k + 1].getTime() <= at) k++;
    demand[k] += sales.units[s];
    shipped += sales.units[s];
    if (at > last.getTime()) last = new Date(at);
  }
  const pack = pf.weight > 5 ? 1 : pf.weight > 1 ? 6 : 12;
  const receipts = times.map((at, j) => ({ at, quantity: Math.ceil((demand[j] + rng.range(2, 12)) / pack) * pack }));
  const plan = { product: p, receipts, shipped, last };
  lastPlan = { g, plan };
  return plan;
}

/** Receipt slots: (fulfilled merchant f, its k-th product, receipt j); merchant m = f·FULFILLED_EVERY, product m + k·M. */
function receiptSlots(g: GenContext) {
  const M = Math.max(1, g.tally('customer_db', 'companies', 'merchant', 0));
  const P = g.count('products');
  return { M, P, F: Math.ceil(M / FULFILLED_EVERY), K: Math.ceil(P / M) };
}
const receiptCount = (g: GenContext) => {
  const s = receiptSlots(g);
  return s.F * s.K * RECEIPTS;
};

/**
 * Stock movements of the fulfilled products (order_db.products facts `fulfilled`): one OUT per
 * order item of such a product, when its order shipped (reference: the order number), then the
 * receipts (IN) of each product. Ordinals: the order items first, then RECEIPTS slots per product of the fulfilled merchants.
 */
export default defineTable({
  table: 'stock_movements',
  columns: ['id', 'product_id', 'movement_type', 'quantity', 'reference_number', 'notes', 'created_by', 'created_at'],
  count: (g) => ITEMS.total(g.count('orders')) + receiptCount(g),
  // Estimated from samples of the facts (sampling rows would need every order's shipments).
  kept: (g) => {
    const items = ITEMS.total(g.count('orders')),
      P = g.count('products');
    let out = 0,
      rec = 0;
    const S = 200;
    for (let k = 0; k < S; k++) {
      const i = Math.floor((k * items) / S);
      const f = g.facts('order_db', 'orders', g.find('order_db', 'orders', 'item', i));
      if (f.times.shipped && g.facts('order_db', 'products', f.lines[i - f.firstItem].product).fulfilled) out++;
      const pf = g.facts('order_db', 'products', Math.floor((k * P) / S));
      if (pf.fulfilled) rec += Math.min(RECEIPTS, 1 + Math.floor((g.now.getTime() - pf.born.getTime()) / (RESTOCK_DAYS * 86_400_000)));
    }
    return ((out / S) * items + (rec / S) * P) / Math.max(1, items + receiptCount(g));
  },
  row(g, i, rng) {
    const items = ITEMS.total(g.count('orders'));
    const staff = (at: Date) =>
      g.key(
        'auth_db',
        'users',
        'user_id',
        g.find('auth_db', 'users', 'role', 'admin', rng.int(Math.max(1, g.tally('auth_db', 'users', 'role', 'admin', at)))),
      ) as string;
    if (i < items) {
      const o = g.find('order_db', 'orders', 'item', i);
      const f = g.facts('order_db', 'orders', o);
      const l = f.lines[i - f.firstItem];
      if (!f.times.shipped || !g.facts('order_db', 'products', l.product).fulfilled) return null;
      return {
        id: i + 1,
        product_id: l.product + 1,
        movement_type: 'OUT',
        quantity: -l.quantity,
        reference_number: orderNumber(o),
        notes: 'Salida por pedido',
        created_by: staff(f.times.shipped),
        created_at: f.times.shipped,
      };
    }
    const r = i - items;
    const s = receiptSlots(g);
    const k = r % RECEIPTS,
      slot = Math.floor(r / RECEIPTS);
    const p = Math.floor(slot / s.K) * FULFILLED_EVERY + (slot % s.K) * s.M;
    if (p >= s.P || !g.facts('order_db', 'products', p).fulfilled) return null;
    const x = receiptPlan(g, p).receipts[k];
    if (!x) return null;
    return {
      id: i + 1,
      product_id: p + 1,
      movement_type: 'IN',
      quantity: x.quantity,
      reference_number: `REC-${String(p + 1).padStart(8, '0')}-${String(k + 1).padStart(2, '0')}`,
      notes: k === 0 ? 'Inventario inicial' : 'Reabasto del proveedor',
      created_by: staff(x.at),
      created_at: x.at,
    };
  },
});
