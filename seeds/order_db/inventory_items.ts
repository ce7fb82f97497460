import { defineTable, addDays } from '../../src/seed/kit';

const WAREHOUSES = ['CDMX-Vallejo', 'GDL-El Salto', 'MTY-Apodaca', 'QRO-Marqués', 'PUE-Cuautlancingo'];

export default defineTable({
  table: 'inventory_items',
  columns: ['id', 'product_id', 'quantity', 'reserved_quantity', 'min_stock_level', 'max_stock_level', 'location', 'batch_number', 'expiry_date', 'created_at', 'updated_at'],
  count: (g) => g.count('products'),
  row(g, i, rng) {
    const q = rng.range(0, 500);
    const created = g.other('products').time(i);
    return {
      id: i + 1, product_id: i + 1, quantity: q, reserved_quantity: rng.int(Math.min(q, 20) + 1), min_stock_level: 10, max_stock_level: 600,
      location: `${rng.pick(WAREHOUSES)} / pasillo ${rng.range(1, 40)}`, batch_number: `LOTE-${rng.hex(8).toUpperCase()}`,
      expiry_date: rng.chance(0.2) ? addDays(g.now, rng.range(30, 720)) : null, created_at: created, updated_at: created,
    };
  },
});
