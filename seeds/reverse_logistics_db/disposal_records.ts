import { defineTable } from '../../src/seed/kit';

/** Items the inspection found beyond repair are recycled (some fair ones liquidated) days after the inspection, once the return is settled. */
export default defineTable({
  table: 'disposal_records',
  columns: [
    'id',
    'return_id',
    'item_id',
    'disposition',
    'disposal_method',
    'recovery_value',
    'environmental_impact',
    'disposal_date',
    'disposed_by',
    'created_at',
  ],
  count: (g) => g.count('return_items'),
  row(g, i, rng) {
    const x = g.facts('reverse_logistics_db', 'inspection_reports', i);
    // Beyond repair: recycled; a fair item is sometimes liquidated rather than refurbished.
    if (x.r < 0 || !('condition' in x) || !['refunded', 'closed', 'exchanged'].includes(x.status ?? '')) return null;
    if (x.condition !== 'poor' && !(x.condition === 'fair' && rng.chance(0.4))) return null;
    const disposition = x.condition === 'poor' ? 'recycle' : 'liquidate';
    const at = g.clock.after(x.born, 1440, 7 * 1440, rng, 'America/Mexico_City', 'office');
    if (at.getTime() >= g.now.getTime()) return null;
    return {
      id: i + 1,
      return_id: x.r + 1,
      item_id: String(x.product + 1),
      disposition,
      disposal_method: disposition === 'recycle' ? 'Reciclaje certificado' : 'Venta a liquidador',
      recovery_value: Math.round(x.unitPrice * (disposition === 'recycle' ? 5 : 30)) / 100,
      environmental_impact: { co2_kg: rng.money(0.1, 5) },
      disposal_date: at.toISOString().slice(0, 10),
      disposed_by: 'almacen',
      created_at: at,
    };
  },
});
