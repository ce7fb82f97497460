import { defineTable, ordinalUuid } from '../../src/seed/kit';
import { REASONS, RETURN_ITEMS, returnItemFacts } from './returns';

export { RETURN_ITEMS };

export default defineTable({
  table: 'return_items',
  columns: ['id', 'return_item_id', 'return_id', 'item_id', 'item_name', 'sku', 'quantity', 'unit_price', 'return_reason', 'reason_details', 'condition_received', 'photos', 'inspection_result', 'resale_value', 'refund_eligible', 'refund_amount', 'exchange_item_id', 'exchange_quantity', 'created_at', 'updated_at'],
  count: (g) => RETURN_ITEMS.total(g.count('returns')),
  row(g, i, rng) {
    const { parent } = RETURN_ITEMS.parentOf(i);
    const x = returnItemFacts(g, i);
    if (!x) return null;
    const { line, f, quantity: qty } = x;
    return {
      id: i + 1, return_item_id: ordinalUuid(g.seed, 'revlog.return_items', i), return_id: parent + 1, item_id: String(g.refAt('item_id', line.product)),
      item_name: g.key('order_db', 'products', 'name', line.product), sku: g.key('order_db', 'products', 'sku', line.product), quantity: qty, unit_price: line.unitPrice,
      return_reason: rng.pick(REASONS), reason_details: null, condition_received: f.status === 'requested' ? null : rng.pick(['new', 'like_new', 'used', 'damaged']), photos: [],
      inspection_result: null, resale_value: null, refund_eligible: f.status !== 'rejected', refund_amount: x.refundCents === null ? null : x.refundCents / 100,
      exchange_item_id: null, exchange_quantity: null, created_at: f.created, updated_at: f.created,
    };
  },
});
