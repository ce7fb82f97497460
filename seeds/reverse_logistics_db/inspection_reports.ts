import { defineTable, ordinalUuid, GenContext, RowFacts } from '../../src/seed/kit';

export interface InspectionFacts extends RowFacts {
  r: number;
  product: number;
  unitPrice: number;
  functional: string;
  cosmetic: string;
  condition: string;
}
declare module '../../src/seed/types' {
  interface FactsRegistry {
    'reverse_logistics_db.inspection_reports': InspectionFacts | (RowFacts & { r: -1 });
  }
}

/** The inspection of a returned line (a return that reached inspection), one per return item ordinal. */
function inspection(g: GenContext, i: number) {
  const rng = g.rng(i, 'grade');
  const r = g.find('reverse_logistics_db', 'returns', 'item', i);
  const f = g.facts('reverse_logistics_db', 'returns', r);
  const x = f.items[i - g.find('reverse_logistics_db', 'returns', 'firstItem', r, 0)];
  if (!x || !f.times.inspected) return null;
  // What the inspector finds drives every grade of the row.
  const functional =
    f.reason === 'defective' || f.reason === 'damaged_in_transit'
      ? rng.weighted([
          ['not_working', 55],
          ['partially_working', 30],
          ['working', 15],
        ] as const)
      : rng.weighted([
          ['working', 90],
          ['partially_working', 10],
        ] as const);
  const cosmetic =
    f.reason === 'damaged_in_transit'
      ? rng.pick(['minor_scratches', 'damaged'])
      : rng.weighted([
          ['no_damage', 70],
          ['minor_scratches', 25],
          ['damaged', 5],
        ] as const);
  const condition =
    functional === 'not_working'
      ? 'poor'
      : functional === 'partially_working' || cosmetic === 'damaged'
        ? 'fair'
        : cosmetic === 'minor_scratches'
          ? 'good'
          : 'excellent';
  return { r, f, x, functional, cosmetic, condition };
}

function inspectionFacts(g: GenContext, i: number): InspectionFacts | (RowFacts & { r: -1 }) {
  const a = inspection(g, i);
  if (!a) return { born: g.now, r: -1 };
  return {
    born: a.f.times.inspected!,
    r: a.r,
    product: a.x.product,
    unitPrice: a.x.unitPrice,
    functional: a.functional,
    cosmetic: a.cosmetic,
    condition: a.condition,
    status: a.f.status,
  };
}

export default defineTable({
  table: 'inspection_reports',
  columns: [
    'id',
    'inspection_id',
    'return_id',
    'item_id',
    'inspector_id',
    'inspector_name',
    'inspection_date',
    'overall_condition',
    'functional_status',
    'cosmetic_condition',
    'completeness',
    'defects_found',
    'photos',
    'notes',
    'original_value',
    'current_market_value',
    'resale_value',
    'salvage_value',
    'recommended_action',
    'disposition_recommendation',
    'repair_cost_estimate',
    'refurbishment_cost',
    'created_at',
    'updated_at',
  ],
  count: (g) => g.count('return_items'),
  facts: inspectionFacts,
  row(g, i, rng) {
    const a = inspection(g, i);
    if (!a) return null;
    const { r, f, x, functional, cosmetic, condition } = a;
    const at = f.times.inspected!;
    // An inspector hired before the inspection; their name is their user's name.
    const hired = Math.max(1, g.tally('auth_db', 'users', 'role', 'inspector', at));
    const inspector = g.find('auth_db', 'users', 'role', 'inspector', rng.int(hired));
    const who = g.facts('auth_db', 'users', inspector).person;
    const v = x.unitPrice;
    const restock = condition === 'excellent' || condition === 'good';
    const action = restock ? 'restock' : condition === 'fair' ? 'refurbish' : 'dispose';
    return {
      id: i + 1,
      inspection_id: ordinalUuid(g.seed, 'revlog.inspections', i),
      return_id: r + 1,
      item_id: String(x.product + 1),
      inspector_id: g.refAt('inspector_id', inspector),
      inspector_name: `${who.first} ${who.last1} ${who.last2}`,
      inspection_date: at,
      overall_condition: condition,
      functional_status: functional,
      cosmetic_condition: cosmetic,
      completeness: rng.chance(0.9) ? 'complete' : 'missing_accessories',
      defects_found: functional === 'working' ? [] : ['No enciende / falla de funcionamiento'],
      photos: [],
      notes: null,
      original_value: v,
      current_market_value: Math.round(v * (restock ? 85 : condition === 'fair' ? 50 : 10)) / 100,
      resale_value: Math.round(v * (restock ? 70 : condition === 'fair' ? 40 : 0)) / 100,
      salvage_value: Math.round(v * 8) / 100,
      recommended_action: action,
      disposition_recommendation: restock ? 'resell' : condition === 'fair' ? 'refurbish' : 'recycle',
      repair_cost_estimate: condition === 'fair' ? Math.round(v * 15) / 100 : null,
      refurbishment_cost: null,
      created_at: at,
      updated_at: at,
    };
  },
});
