import { defineTable } from '../../src/seed/kit';

export default defineTable({
  table: 'stock_movements',
  columns: ['id', 'product_id', 'movement_type', 'quantity', 'reference_number', 'notes', 'created_by', 'created_at'],
  row(g, i, rng) {
    const type = rng.weighted([['in', 40], ['out', 45], ['adjustment', 10], ['return', 5]] as const);
    return {
      id: i + 1,
      product_id: 1 + rng.int(g.count('products')),
      movement_type: type,
      quantity: type === 'out' ? -rng.range(1, 20) : rng.range(1, 200),
      reference_number: `MOV-${String(i + 1).padStart(9, '0')}`,
      notes: type === 'adjustment' ? 'Ajuste por conteo cíclico' : null,
      created_by: g.key('auth_db', 'users', 'user_id', g.find('auth_db', 'users', 'role', 'admin', i)) as string,
      created_at: g.time(i),
    };
  },
});
