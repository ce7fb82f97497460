import { defineTable, addDays, ordinalUuid } from '../../src/seed/kit';
import { COUNTRIES } from './countries';
import { MANIFEST_ITEMS, manifestLine } from './manifest_items';

export default defineTable({
  table: 'manifests',
  columns: ['id', 'unique_id', 'status', 'total_weight', 'total_volume', 'total_value', 'currency', 'origin_country', 'destination_country', 'shipping_zone', 'estimated_delivery', 'tracking_number', 'company_id', 'created_by', 'created_at', 'updated_at'],
  row(g, i, rng) {
    let w = 0, v = 0, val = 0;
    const s = MANIFEST_ITEMS.start(i);
    for (let k = 0; k < MANIFEST_ITEMS.size(i); k++) {
      const l = manifestLine(g, s + k);
      w += Math.round(l.weight * 1000); v += Math.round(l.volume * 1000); val += Math.round(l.value * 100);
    }
    const dest = COUNTRIES[1 + rng.int(COUNTRIES.length - 1)];
    const created = g.time(i);
    const age = (g.now.getTime() - created.getTime()) / 86_400_000;
    const status = age < 3 ? rng.pick(['draft', 'submitted']) : age < 15 ? rng.pick(['in_transit', 'customs']) : rng.weighted([['delivered', 90], ['cancelled', 10]] as const);
    return {
      id: i + 1, unique_id: ordinalUuid(g.seed, 'intl.manifests', i), status,
      total_weight: w / 1000, total_volume: v / 1000, total_value: val / 100, currency: 'USD',
      origin_country: 'MX', destination_country: dest[1], shipping_zone: dest[2],
      estimated_delivery: addDays(created, rng.range(3, 21)),
      tracking_number: status === 'draft' ? null : `QTY${String(i + 1).padStart(10, '0')}MX`,
      company_id: g.ref('company_id', i), created_by: g.ref('created_by', i), created_at: created, updated_at: created,
    };
  },
});
