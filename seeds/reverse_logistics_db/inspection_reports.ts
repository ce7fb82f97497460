import { defineTable, ordinalUuid, addDays, person } from '../../src/seed/kit';
import { RETURN_ITEMS } from './return_items';
import { returnFacts, returnLine } from './returns';
import { staffOrdinal } from '../_shared';

/** One inspection per returned line once the return was received (a rejected return never is). */
export default defineTable({
  table: 'inspection_reports',
  columns: ['id', 'inspection_id', 'return_id', 'item_id', 'inspector_id', 'inspector_name', 'inspection_date', 'overall_condition', 'functional_status', 'cosmetic_condition', 'completeness', 'defects_found', 'photos', 'notes', 'original_value', 'current_market_value', 'resale_value', 'salvage_value', 'recommended_action', 'disposition_recommendation', 'repair_cost_estimate', 'refurbishment_cost', 'created_at', 'updated_at'],
  count: (g) => g.count('return_items'),
  row(g, i, rng) {
    const { parent, index } = RETURN_ITEMS.parentOf(i);
    const line = returnLine(g, parent, index);
    const f = returnFacts(g, parent);
    if (!line || ['requested', 'approved', 'in_transit', 'rejected'].includes(f.status)) return null;
    const cond = rng.pick(['excellent', 'good', 'fair', 'poor']);
    const at = addDays(f.created, 4);
    const v = line.unitPrice;
    return {
      id: i + 1, inspection_id: ordinalUuid(g.seed, 'revlog.inspections', i), return_id: parent + 1, item_id: String(line.product + 1),
      inspector_id: g.refAt('inspector_id', staffOrdinal(g, i, 'inspector')), inspector_name: person(rng).full, inspection_date: at, overall_condition: cond,
      functional_status: rng.pick(['working', 'partially_working', 'not_working']), cosmetic_condition: rng.pick(['no_damage', 'minor_scratches', 'damaged']), completeness: rng.pick(['complete', 'missing_accessories']),
      defects_found: [], photos: [], notes: null, original_value: v, current_market_value: Math.round(v * 80) / 100, resale_value: Math.round(v * 60) / 100, salvage_value: Math.round(v * 10) / 100,
      recommended_action: cond === 'poor' ? 'dispose' : 'restock', disposition_recommendation: cond === 'poor' ? 'recycle' : 'resell', repair_cost_estimate: null, refurbishment_cost: null, created_at: at, updated_at: at,
    };
  },
});
