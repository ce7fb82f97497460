import { defineTable, addDays } from '../../src/seed/kit';
import { receiptPlan } from './stock_movements';

const WAREHOUSES = ['CDMX-Vallejo', 'GDL-El Salto', 'MTY-Apodaca', 'QRO-Marqués', 'PUE-Cuautlancingo'];
/** Categories whose goods expire. */
const PERISHABLE = new Set(['alimentos', 'bebidas', 'farmacia', 'belleza', 'mascotas']);

/**
 * Stock of each fulfilled product in Quenty's warehouses: its quantity is the sum of its stock
 * movements (receipts minus shipments, stock_movements.ts), updated at the last movement.
 */
export default defineTable({
  table: 'inventory_items',
  columns: [
    'id',
    'product_id',
    'quantity',
    'reserved_quantity',
    'min_stock_level',
    'max_stock_level',
    'location',
    'batch_number',
    'expiry_date',
    'created_at',
    'updated_at',
  ],
  count: (g) => g.count('products'),
  kept: (g) => {
    const P = g.count('products'),
      S = Math.min(P, 400);
    let n = 0;
    for (let k = 0; k < S; k++) if (g.facts('order_db', 'products', Math.floor((k * P) / S)).fulfilled) n++;
    return n / Math.max(1, S);
  },
  row(g, i, rng) {
    const pf = g.facts('order_db', 'products', i);
    if (!pf.fulfilled) return null;
    const plan = receiptPlan(g.other('stock_movements'), i);
    const received = plan.receipts.reduce((a, x) => a + x.quantity, 0);
    const q = received - plan.shipped;
    const biggest = Math.max(...plan.receipts.map((x) => x.quantity));
    return {
      id: i + 1,
      product_id: i + 1,
      quantity: q,
      reserved_quantity: 0,
      min_stock_level: Math.max(2, Math.round(biggest / 4)),
      max_stock_level: Math.max(10, biggest * 2),
      location: `${WAREHOUSES[pf.merchant % WAREHOUSES.length]} / pasillo ${1 + (i % 40)}`,
      batch_number: `LOTE-${rng.hex(8).toUpperCase()}`,
      expiry_date: PERISHABLE.has(pf.categoryId) ? addDays(plan.receipts[plan.receipts.length - 1].at, rng.range(120, 540)) : null,
      created_at: pf.born,
      updated_at: plan.last,
    };
  },
});
