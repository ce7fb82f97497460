import { defineTable, ordinalUuid, addDays, fanout, GenContext, RowFacts, rowRng } from '../../src/seed/kit';

export const REASONS = ['defective', 'wrong_item', 'not_as_described', 'changed_mind', 'damaged_in_transit'];
/** Up to two returned lines per return (return_items ordinals). */
const RETURN_ITEMS = fanout([1, 2, 1]);
const DAY = 86_400_000;

export interface ReturnFacts extends RowFacts {
  /** The order returned, -1 when the return's stratum had no delivered order (no row). */
  order: number;
  customer: number;
  status: string;
  reason: string;
  /** Lines of the order returned (indexes into the order's lines) with the returned quantity. */
  items: Array<{ line: number; product: number; quantity: number; unitPrice: number; refundCents: number | null }>;
  times: {
    requested: Date;
    approved?: Date;
    rejected?: Date;
    in_transit?: Date;
    received?: Date;
    inspected?: Date;
    refunded?: Date;
    exchanged?: Date;
    closed?: Date;
    updated: Date;
  };
}
declare module '../../src/seed/types' {
  interface FactsRegistry {
    'reverse_logistics_db.returns': ReturnFacts;
  }
}

const strideOf = (g: GenContext) => g.count('orders', 'order_db') / Math.max(1, g.count('returns', 'reverse_logistics_db'));

/**
 * Return r belongs to one order of its stratum of orders [r·O/R, (r+1)·O/R) (orders are in time
 * order, so returns are too): the first delivered one from a random start. It is requested
 * days after the delivery, approved or rejected, collected, received, inspected, then refunded
 * (after the inspection), exchanged or closed; each step at its time, as far as the anchor.
 */
function returnFacts(g: GenContext, r: number): ReturnFacts {
  const rng = rowRng(g.seed, 'reverse_logistics_db.returns#facts', r);
  const O = g.count('orders', 'order_db');
  const s = strideOf(g);
  const lo = Math.floor(r * s),
    size = Math.max(1, Math.floor((r + 1) * s) - lo);
  const start = rng.int(size);
  const nowMs = g.now.getTime();
  let order = -1;
  for (let k = 0; k < size && order < 0; k++) {
    const o = lo + ((start + k) % size);
    if (o >= O) continue;
    const f = g.facts('order_db', 'orders', o);
    if (f.times.delivered && f.times.delivered.getTime() < nowMs - 2 * DAY) order = o;
  }
  const empty: ReturnFacts = { born: g.now, order: -1, customer: -1, status: 'none', reason: '', items: [], times: { requested: g.now, updated: g.now } };
  if (order < 0) return empty;
  const of = g.facts('order_db', 'orders', order);
  const tz = of.place.tz;
  const delivered = of.times.delivered!;
  const requested = g.clock.after(delivered, 12 * 60, Math.min(20 * 1440, (nowMs - delivered.getTime()) / 60_000 - 60), rng, tz, 'consumer');
  if (requested.getTime() >= nowMs) return empty;
  const times: ReturnFacts['times'] = { requested, updated: requested };
  const rejected = rng.chance(0.09);
  const outcome = rng.weighted([
    ['refunded', 74],
    ['exchanged', 13],
    ['closed', 13],
  ] as const);
  const step = (from: Date, min: number, max: number) => g.clock.after(from, min, max, rng, 'America/Mexico_City', 'office');
  if (rejected) times.rejected = step(requested, 120, 2 * 1440);
  else {
    times.approved = step(requested, 60, 1440);
    times.in_transit = step(times.approved, 12 * 60, 3 * 1440);
    times.received = step(times.in_transit, 1440, 4 * 1440);
    times.inspected = step(times.received, 60, 2 * 1440);
    times[outcome] = step(times.inspected, 120, 3 * 1440);
  }
  for (const k of ['approved', 'rejected', 'in_transit', 'received', 'inspected', 'refunded', 'exchanged', 'closed'] as const)
    if (times[k] && times[k]!.getTime() >= nowMs) delete times[k];
  const status = times.rejected
    ? 'rejected'
    : times.refunded
      ? 'refunded'
      : times.exchanged
        ? 'exchanged'
        : times.closed
          ? 'closed'
          : times.received
            ? 'received'
            : times.in_transit
              ? 'in_transit'
              : times.approved
                ? 'approved'
                : 'requested';
  times.updated =
    times.refunded ?? times.exchanged ?? times.closed ?? times.inspected ?? times.received ?? times.in_transit ?? times.approved ?? times.rejected ?? requested;
  const items: ReturnFacts['items'] = [];
  const n = Math.min(RETURN_ITEMS.size(r), of.lines.length);
  for (let j = 0; j < n; j++) {
    const line = of.lines[j];
    const quantity = 1 + rng.int(line.quantity);
    items.push({
      line: j,
      product: line.product,
      quantity,
      unitPrice: line.unitPrice,
      refundCents: status === 'refunded' ? Math.round(line.unitPrice * 100) * quantity : null,
    });
  }
  return { born: requested, order, customer: of.customer, place: of.place, status, reason: rng.pick(REASONS), items, times };
}

export default defineTable({
  table: 'returns',
  columns: [
    'id',
    'return_id',
    'original_order_id',
    'customer_id',
    'return_type',
    'return_reason',
    'status',
    'description',
    'preferred_resolution',
    'return_authorization_number',
    'original_order_value',
    'estimated_refund_amount',
    'actual_refund_amount',
    'return_shipping_cost',
    'processing_fee',
    'pickup_address',
    'return_address',
    'tracking_number',
    'carrier',
    'estimated_pickup_date',
    'actual_pickup_date',
    'estimated_processing_time',
    'expires_at',
    'approval_notes',
    'rejection_reason',
    'processing_notes',
    'photos',
    'customer_action_required',
    'requires_customer_action',
    'created_by',
    'processed_by',
    'created_at',
    'updated_at',
  ],
  facts: returnFacts,
  find: {
    /** The return of order `value`, -1 if it has none. */
    order: (g, o, _k) => {
      const s = strideOf(g);
      const r = Math.floor(Number(o) / s);
      for (const c of [r - 1, r, r + 1]) if (c >= 0 && c < g.count('returns') && g.facts('reverse_logistics_db', 'returns', c).order === Number(o)) return c;
      return -1;
    },
    /** Return item ordinal → its return. */
    item: (_g, item) => RETURN_ITEMS.parentOf(Number(item)).parent,
    /** First return item ordinal of return `value` (k-th line: + k). */
    firstItem: (_g, r, k) => RETURN_ITEMS.start(Number(r)) + k,
  },
  tally: {
    items: (g) => RETURN_ITEMS.total(g.count('returns')),
  },
  row(g, i, rng) {
    const f = g.facts('reverse_logistics_db', 'returns', i);
    if (f.order < 0) return null;
    const of = g.facts('order_db', 'orders', f.order);
    const customer = g.refAt('customer_id', f.customer);
    const refund = f.items.reduce((a, x) => a + (x.refundCents ?? 0), 0);
    const user = g.facts('auth_db', 'users', f.customer);
    const picked = f.times.in_transit;
    return {
      id: i + 1,
      return_id: ordinalUuid(g.seed, 'revlog.returns', i),
      original_order_id: g.refAt('original_order_id', f.order),
      customer_id: customer,
      return_type: f.status === 'exchanged' ? 'exchange' : 'return',
      return_reason: f.reason,
      status: f.status,
      description: 'Solicitud de devolución del cliente',
      preferred_resolution: f.status === 'exchanged' ? 'exchange' : rng.pick(['refund', 'refund', 'store_credit']),
      return_authorization_number: `RMA-${String(i + 1).padStart(9, '0')}`,
      original_order_value: of.totalCents / 100,
      estimated_refund_amount: f.items.reduce((a, x) => a + Math.round(x.unitPrice * 100) * x.quantity, 0) / 100,
      actual_refund_amount: f.status === 'refunded' ? refund / 100 : null,
      return_shipping_cost: f.reason === 'changed_mind' ? rng.money(79, 149) : 0,
      processing_fee: 0,
      pickup_address: user.address,
      return_address: 'Centro de devoluciones Quenty, Av. Tláhuac 4000, 09870 Ciudad de México, Ciudad de México',
      tracking_number: picked ? `QR${String(i + 1).padStart(11, '0')}` : null,
      carrier: picked ? rng.pick(['Estafeta', 'Redpack', 'DHL Express']) : null,
      estimated_pickup_date: f.times.approved ? addDays(f.times.approved, 1).toISOString().slice(0, 10) : null,
      actual_pickup_date: picked ? picked.toISOString().slice(0, 10) : null,
      estimated_processing_time: '5-7 días hábiles',
      expires_at: addDays(f.born, 30),
      approval_notes: null,
      rejection_reason: f.status === 'rejected' ? 'Fuera de política de devoluciones' : null,
      processing_notes: null,
      photos: [],
      customer_action_required: null,
      requires_customer_action: false,
      created_by: customer,
      processed_by: null,
      created_at: f.born,
      updated_at: f.times.updated,
    };
  },
});
