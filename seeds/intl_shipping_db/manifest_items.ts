import { defineTable, fanout } from '../../src/seed/kit';
import { MAX_LINES } from './manifests';

const SLOTS = fanout([MAX_LINES]);

/** The lines of each manifest: its order's lines, with their product's customs data (manifests.ts). */
export default defineTable({
  table: 'manifest_items',
  columns: ['id', 'manifest_id', 'description', 'quantity', 'weight', 'volume', 'value', 'hs_code', 'country_of_origin', 'product_id', 'created_at'],
  count: (g) => SLOTS.total(g.count('manifests')),
  row(g, i) {
    const { parent, index } = SLOTS.parentOf(i);
    const f = g.facts('intl_shipping_db', 'manifests', parent);
    const l = f.lines[index];
    if (f.order < 0 || !l) return null;
    return {
      id: i + 1,
      manifest_id: parent + 1,
      description: l.name,
      quantity: l.quantity,
      weight: l.weight,
      volume: l.volume,
      value: l.value,
      hs_code: l.hs,
      country_of_origin: 'MX',
      product_id: g.refAt('product_id', l.product),
      created_at: f.born,
    };
  },
});
