import { defineTable, ordinalUuid } from '../../src/seed/kit';

export default defineTable({
  table: 'return_items',
  columns: [
    'id',
    'return_item_id',
    'return_id',
    'item_id',
    'item_name',
    'sku',
    'quantity',
    'unit_price',
    'return_reason',
    'reason_details',
    'condition_received',
    'photos',
    'inspection_result',
    'resale_value',
    'refund_eligible',
    'refund_amount',
    'exchange_item_id',
    'exchange_quantity',
    'created_at',
    'updated_at',
  ],
  count: (g) => g.tally('reverse_logistics_db', 'returns', 'items', 0),
  row(g, i, rng) {
    const r = g.find('reverse_logistics_db', 'returns', 'item', i);
    const f = g.facts('reverse_logistics_db', 'returns', r);
    const x = f.items[i - g.find('reverse_logistics_db', 'returns', 'firstItem', r, 0)];
    if (!x) return null;
    const p = g.facts('order_db', 'products', x.product);
    return {
      id: i + 1,
      return_item_id: ordinalUuid(g.seed, 'revlog.return_items', i),
      return_id: r + 1,
      item_id: String(g.refAt('item_id', x.product)),
      item_name: p.name,
      sku: g.key('order_db', 'products', 'sku', x.product),
      quantity: x.quantity,
      unit_price: x.unitPrice,
      return_reason: f.reason,
      reason_details: null,
      condition_received: f.times.received ? rng.pick(['new', 'like_new', 'used', 'damaged']) : null,
      photos: [],
      inspection_result: null,
      resale_value: null,
      refund_eligible: f.status !== 'rejected',
      refund_amount: x.refundCents === null ? null : x.refundCents / 100,
      exchange_item_id: null,
      exchange_quantity: null,
      created_at: f.born,
      updated_at: f.times.updated,
    };
  },
});
