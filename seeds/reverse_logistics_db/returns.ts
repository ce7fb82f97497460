import { defineTable, ordinalUuid, address, addDays, GenContext, rowRng } from '../../src/seed/kit';
import { ITEMS, orderLine } from '../order_db/order_items';

export const REASONS = ['defective', 'wrong_item', 'not_as_described', 'changed_mind', 'damaged_in_transit'];

/** The order of return `r` and the facts its items and history follow. */
export function returnFacts(g: GenContext, r: number) {
  const ctx = g.other('returns', 'reverse_logistics_db');
  const order = ctx.refOrdinal('original_order_id', r);
  const orderCreated = ctx.other('orders', 'order_db').time(order);
  const rng = rowRng(g.seed, 'reverse_logistics_db.returns#facts', r);
  const created = new Date(Math.min(orderCreated.getTime() + rng.range(3, 25) * 86_400_000, g.now.getTime() - 3_600_000));
  const age = (g.now.getTime() - created.getTime()) / 86_400_000;
  const status = age < 3 ? 'requested' : age < 10 ? rng.pick(['approved', 'in_transit', 'received']) : rng.weighted([['refunded', 70], ['rejected', 10], ['exchanged', 10], ['closed', 10]] as const);
  return { order, created, status, lines: ITEMS.size(order), firstLine: ITEMS.start(order) };
}

export const returnLine = (g: GenContext, r: number, index: number) => {
  const f = returnFacts(g, r);
  return index < f.lines ? orderLine(g, f.firstLine + index) : null;
};

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
    return {
      id: i + 1, return_id: ordinalUuid(g.seed, 'revlog.returns', i), original_order_id: g.refAt('original_order_id', f.order), customer_id: customer,
      return_type: f.status === 'exchanged' ? 'exchange' : 'return', return_reason: rng.pick(REASONS), status: f.status, description: 'Solicitud de devolución del cliente',
      preferred_resolution: rng.pick(['refund', 'exchange', 'store_credit']), return_authorization_number: `RMA-${String(i + 1).padStart(9, '0')}`,
      original_order_value: value / 100, estimated_refund_amount: est, actual_refund_amount: refunded ? est : null, return_shipping_cost: rng.money(0, 150), processing_fee: 0,
      pickup_address: address(rng).full, return_address: 'Centro de devoluciones Quenty, Av. Tlahuac 4000, 09870 Ciudad de México, Ciudad de México',
      tracking_number: f.status === 'requested' ? null : `QR${String(i + 1).padStart(11, '0')}`, carrier: f.status === 'requested' ? null : rng.pick(['Estafeta', 'Redpack', 'DHL Express']),
      estimated_pickup_date: addDays(f.created, 2).toISOString().slice(0, 10), actual_pickup_date: f.status === 'requested' ? null : addDays(f.created, 2 + rng.int(2)).toISOString().slice(0, 10),
      estimated_processing_time: '5-7 días hábiles', expires_at: addDays(f.created, 30), approval_notes: null, rejection_reason: f.status === 'rejected' ? 'Fuera de política de devoluciones' : null,
      processing_notes: null, photos: [], customer_action_required: null, requires_customer_action: false, created_by: customer, processed_by: null, created_at: f.created, updated_at: f.created,
    };
  },
});
