import { defineTable, fanout, addDays } from '../../src/seed/kit';
import { SERVICES } from './manifests';

const RATES = fanout([SERVICES.length]);

/** The carriers' quotes of each manifest, one per service level, obtained when it was drawn up (manifests.ts). */
export default defineTable({
  table: 'shipping_rates',
  columns: [
    'id',
    'manifest_id',
    'carrier_name',
    'service_type',
    'base_rate',
    'weight_rate',
    'volume_rate',
    'fuel_surcharge',
    'insurance_rate',
    'total_cost',
    'currency',
    'transit_days',
    'valid_until',
    'created_at',
  ],
  count: (g) => RATES.total(g.count('manifests')),
  row(g, i) {
    const { parent, index } = RATES.parentOf(i);
    const f = g.facts('intl_shipping_db', 'manifests', parent);
    if (f.order < 0) return null;
    const q = f.quotes[index];
    return {
      id: i + 1,
      manifest_id: parent + 1,
      carrier_name: q.carrier,
      service_type: q.service,
      base_rate: q.base,
      weight_rate: q.weight,
      volume_rate: q.volume,
      fuel_surcharge: q.fuel,
      insurance_rate: q.insurance,
      total_cost: q.total,
      currency: 'USD',
      transit_days: q.days,
      valid_until: addDays(f.born, 7),
      created_at: f.born,
    };
  },
});
