import { defineTable, streetNamePool, ordinalUuid, address, addDays, fanout, GenContext, rowRng } from '../../src/seed/kit';
import { ITEMS, orderLine } from '../order_db/order_items';

export const REASONS = ['defective', 'wrong_item', 'not_as_described', 'changed_mind', 'damaged_in_transit'];

/** A bijection of [0, n): x -> (x * stride + 7) mod n, with a stride coprime with n. */
function stridePerm(n: number) {
  const gcd = (a: number, b: number): number => (b ? gcd(b, a % b) : a);
  const stride = [7919, 104_729, 1_299_709, 15_485_863, 179_424_673].find((p) => gcd(p % n || 1, n) === 1 && p % n !== 0) ?? 1;
  // Modular inverse of the stride (extended Euclid, in BigInt: products exceed 2^53 at scale).
  let [r0, r1, t0, t1] = [BigInt(n), BigInt(stride % n), 0n, 1n];
  while (r1 !== 0n) {
    const q = r0 / r1;
    [r0, r1] = [r1, r0 - q * r1];
    [t0, t1] = [t1, t0 - q * t1];
  }
  const inv = ((t0 % BigInt(n)) + BigInt(n)) % BigInt(n);
  return {
    to: (x: number) => Number((BigInt(x % n) * BigInt(stride) + 7n) % BigInt(n)),
    from: (y: number) => Number((((BigInt(y) - 7n) % BigInt(n) + BigInt(n)) * inv) % BigInt(n)),
  };
}
const perms = new Map<number, ReturnType<typeof stridePerm>>();
const permOf = (n: number) => perms.get(n) ?? perms.set(n, stridePerm(n)).get(n)!;

/** Orders younger than this are not delivered yet (pending, confirmed, shipped): no return. */
export const DELIVERED_AFTER_DAYS = 7;

function orderCreated(g: GenContext, o: number): Date {
  return g.other('orders', 'order_db').time(o);
}
const isDeliveredAge = (g: GenContext, o: number) => g.now.getTime() - orderCreated(g, o).getTime() >= DELIVERED_AFTER_DAYS * 86_400_000;

/**
 * The return of order `o`, if it has one "of its own": returns map onto orders by a bijection
 * (return r -> order perm(r)), so an order knows its return without a search. Only orders old
 * enough to be delivered have one.
 */
export function returnOfOrder(g: GenContext, o: number): number | null {
  const returns = g.count('returns', 'reverse_logistics_db');
  const orders = g.count('orders', 'order_db');
  if (!returns || !isDeliveredAge(g, o)) return null;
  const r = permOf(orders).from(o);
  return r < returns ? r : null;
}

/** Statuses of a return after which its order counts as `returned` (goods back at Quenty). */
export const RETURNED_STATUSES = ['received', 'refunded', 'exchanged', 'closed'];

/**
 * The status an order has when it has no return of its own, once delivered: delivered or
 * cancelled (pure, shared by orders.ts and returns.ts).
 */
export function orderStatusWithoutReturn(g: GenContext, o: number): 'delivered' | 'cancelled' {
  return rowRng(g.seed, 'order_db.orders#status', o).chance(0.9) ? 'delivered' : 'cancelled';
}

/**
 * The order of return `r`: its own order perm(r) when that order is delivered by now; otherwise
 * (the order is too young) the next order along a fixed stride that is delivered or returned.
 */
export function returnOrder(g: GenContext, r: number): number {
  const orders = g.count('orders', 'order_db');
  const own = permOf(orders).to(r);
  if (isDeliveredAge(g, own)) return own;
  for (let k = 1; k < orders; k++) {
    const o = (own + k * 9973) % orders;
    if (!isDeliveredAge(g, o)) continue;
    if (returnOfOrder(g, o) !== null || orderStatusWithoutReturn(g, o) === 'delivered') return o;
  }
  return own;
}

/** The order of return `r` and the facts its items and history follow. */
export function returnFacts(g: GenContext, r: number) {
  const order = returnOrder(g, r);
  const orderAt = orderCreated(g, order);
  const rng = rowRng(g.seed, 'reverse_logistics_db.returns#facts', r);
  const created = new Date(Math.min(orderAt.getTime() + rng.range(DELIVERED_AFTER_DAYS, 25) * 86_400_000, g.now.getTime() - 3_600_000));
  const age = (g.now.getTime() - created.getTime()) / 86_400_000;
  const status = age < 3 ? 'requested' : age < 10 ? rng.pick(['approved', 'in_transit', 'received']) : rng.weighted([['refunded', 70], ['rejected', 10], ['exchanged', 10], ['closed', 10]] as const);
  return { order, created, status, lines: ITEMS.size(order), firstLine: ITEMS.start(order) };
}

export const returnLine = (g: GenContext, r: number, index: number) => {
  const f = returnFacts(g, r);
  return index < f.lines ? orderLine(g, f.firstLine + index) : null;
};

/** Up to two returned lines per return (return_items ordinals), taken from the order's lines. */
export const RETURN_ITEMS = fanout([1, 2, 1]);

/** Returned quantity and refund (cents; 95% of the price, refunded returns only) of return item `item`. */
export function returnItemFacts(g: GenContext, item: number) {
  const { parent, index } = RETURN_ITEMS.parentOf(item);
  const line = returnLine(g, parent, index);
  if (!line) return null;
  const f = returnFacts(g, parent);
  const quantity = 1 + rowRng(g.seed, 'reverse_logistics_db.return_items#qty', item).int(line.quantity);
  return { line, f, quantity, refundCents: f.status === 'refunded' ? Math.round(quantity * line.unitPrice * 95) : null };
}

export default defineTable({
  table: 'returns',
  columns: ['id', 'return_id', 'original_order_id', 'customer_id', 'return_type', 'return_reason', 'status', 'description', 'preferred_resolution', 'return_authorization_number', 'original_order_value', 'estimated_refund_amount', 'actual_refund_amount', 'return_shipping_cost', 'processing_fee', 'pickup_address', 'return_address', 'tracking_number', 'carrier', 'estimated_pickup_date', 'actual_pickup_date', 'estimated_processing_time', 'expires_at', 'approval_notes', 'rejection_reason', 'processing_notes', 'photos', 'customer_action_required', 'requires_customer_action', 'created_by', 'processed_by', 'created_at', 'updated_at'],
  row(g, i, rng) {
    const f = returnFacts(g, i);
    const orders = g.other('orders', 'order_db');
    // The customer of the return is the customer of the order.
    const customer = orders.ref('customer_id', f.order);
    let value = 0;
    for (let k = 0; k < f.lines; k++) value += Math.round(orderLine(g, f.firstLine + k).total * 100);
    const refunded = f.status === 'refunded';
    const est = Math.round(value * 0.95) / 100;
    // A refunded return pays back exactly what its items refund.
    let refund = 0;
    for (let k = 0; k < RETURN_ITEMS.size(i); k++) refund += returnItemFacts(g, RETURN_ITEMS.start(i) + k)?.refundCents ?? 0;
    return {
      id: i + 1, return_id: ordinalUuid(g.seed, 'revlog.returns', i), original_order_id: g.refAt('original_order_id', f.order), customer_id: customer,
      return_type: f.status === 'exchanged' ? 'exchange' : 'return', return_reason: rng.pick(REASONS), status: f.status, description: 'Solicitud de devolución del cliente',
      preferred_resolution: rng.pick(['refund', 'exchange', 'store_credit']), return_authorization_number: `RMA-${String(i + 1).padStart(9, '0')}`,
      original_order_value: value / 100, estimated_refund_amount: est, actual_refund_amount: refunded ? refund / 100 : null, return_shipping_cost: rng.money(0, 150), processing_fee: 0,
      pickup_address: address(rng, undefined, streetNamePool(g.seed)).full, return_address: 'Centro de devoluciones Quenty, Av. Tlahuac 4000, 09870 Ciudad de México, Ciudad de México',
      tracking_number: f.status === 'requested' ? null : `QR${String(i + 1).padStart(11, '0')}`, carrier: f.status === 'requested' ? null : rng.pick(['Estafeta', 'Redpack', 'DHL Express']),
      estimated_pickup_date: addDays(f.created, 2).toISOString().slice(0, 10), actual_pickup_date: f.status === 'requested' ? null : addDays(f.created, 2 + rng.int(2)).toISOString().slice(0, 10),
      estimated_processing_time: '5-7 días hábiles', expires_at: addDays(f.created, 30), approval_notes: null, rejection_reason: f.status === 'rejected' ? 'Fuera de política de devoluciones' : null,
      processing_notes: null, photos: [], customer_action_required: null, requires_customer_action: false, created_by: customer, processed_by: null, created_at: f.created, updated_at: f.created,
    };
  },
});
