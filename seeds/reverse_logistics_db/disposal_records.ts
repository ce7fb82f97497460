import { defineTable, addDays } from '../../src/seed/kit';
import { RETURN_ITEMS } from './return_items';
import { returnFacts, returnLine } from './returns';

export default defineTable({
  table: 'disposal_records',
  columns: ['id', 'return_id', 'item_id', 'disposition', 'disposal_method', 'recovery_value', 'environmental_impact', 'disposal_date', 'disposed_by', 'created_at'],
  count: (g) => g.count('return_items'),
  row(g, i, rng) {
    const { parent, index } = RETURN_ITEMS.parentOf(i);
    const line = returnLine(g, parent, index);
    const f = returnFacts(g, parent);
    if (!line || !['refunded', 'closed'].includes(f.status) || !rng.chance(0.3)) return null;
    const at = addDays(f.created, 9);
    return { id: i + 1, return_id: parent + 1, item_id: String(line.product + 1), disposition: rng.pick(['recycle', 'donate', 'liquidate']), disposal_method: 'Reciclaje certificado', recovery_value: Math.round(line.unitPrice * 10) / 100, environmental_impact: { co2_kg: rng.money(0.1, 5) }, disposal_date: at.toISOString().slice(0, 10), disposed_by: 'almacen', created_at: at };
  },
});
