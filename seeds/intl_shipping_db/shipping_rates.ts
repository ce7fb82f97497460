import { defineTable, fanout, addDays } from '../../src/seed/kit';
import { CARRIERS } from './shipping_carriers';

const RATES = fanout([1, 2, 3]);

export default defineTable({
  table: 'shipping_rates',
  columns: ['id', 'manifest_id', 'carrier_name', 'service_type', 'base_rate', 'weight_rate', 'volume_rate', 'fuel_surcharge', 'insurance_rate', 'total_cost', 'currency', 'transit_days', 'valid_until', 'created_at'],
  count: (g) => RATES.total(g.count('manifests')),
  row(g, i, rng) {
    const { parent, index } = RATES.parentOf(i);
    const base = rng.money(15, 80), wr = rng.money(2, 15), vr = rng.money(0, 10), fuel = rng.money(1, 12), ins = rng.money(0, 8);
    const created = g.other('manifests').time(parent);
    return {
      id: i + 1, manifest_id: parent + 1, carrier_name: CARRIERS[(parent + index) % CARRIERS.length][0], service_type: ['express', 'standard', 'economy'][index % 3],
      base_rate: base, weight_rate: wr, volume_rate: vr, fuel_surcharge: fuel, insurance_rate: ins, total_cost: Math.round((base + wr + vr + fuel + ins) * 100) / 100,
      currency: 'USD', transit_days: rng.range(2, 15), valid_until: addDays(created, 30), created_at: created,
    };
  },
});
