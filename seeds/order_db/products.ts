import { defineTable, GenContext, RowFacts, rowRng, MX_TZ } from '../../src/seed/kit';

/** Category, example products with their price (MXN) and weight (kg) ranges, HS heading. */
export const CATEGORIES: Array<{ name: string; hs: string; items: Array<[string, number, number, number, number]> }> = [
  { name: 'Electrónica', hs: '8518.30', items: [['Audífonos inalámbricos', 349, 2499, 0.15, 0.4], ['Bocina Bluetooth', 399, 3499, 0.4, 2.5], ['Cargador USB-C 20 W', 149, 599, 0.08, 0.2], ['Smartwatch', 899, 6999, 0.1, 0.3], ['Tableta 10"', 2999, 9999, 0.5, 0.9]] },
  { name: 'Hogar', hs: '7323.93', items: [['Juego de sartenes', 699, 2999, 2, 5], ['Licuadora', 799, 2499, 2.5, 4.5], ['Cafetera de goteo', 599, 1999, 1.5, 3], ['Lámpara de escritorio', 299, 1299, 0.6, 1.8], ['Juego de toallas', 249, 899, 0.8, 1.6]] },
  { name: 'Ropa', hs: '6109.10', items: [['Playera de algodón', 149, 499, 0.15, 0.3], ['Pantalón de mezclilla', 399, 1299, 0.5, 0.9], ['Chamarra', 699, 2499, 0.8, 1.8], ['Sudadera', 349, 999, 0.5, 0.9], ['Huaraches de piel', 299, 899, 0.5, 1]] },
  { name: 'Alimentos', hs: '0901.21', items: [['Café de Chiapas 1 kg', 189, 449, 1, 1.1], ['Mole poblano 500 g', 89, 199, 0.5, 0.6], ['Vainilla de Papantla 250 ml', 149, 399, 0.3, 0.4], ['Miel de abeja 1 kg', 129, 299, 1.1, 1.3], ['Chocolate de Oaxaca 500 g', 99, 249, 0.5, 0.6]] },
  { name: 'Artesanías', hs: '6913.90', items: [['Alebrije', 299, 2999, 0.2, 1.5], ['Talavera poblana', 349, 3499, 0.8, 4], ['Rebozo', 499, 2499, 0.3, 0.6], ['Sarape', 399, 1499, 0.8, 1.5], ['Barro negro', 249, 1999, 0.6, 3]] },
  { name: 'Papelería', hs: '4820.20', items: [['Cuaderno profesional', 39, 129, 0.3, 0.5], ['Caja de plumas', 49, 199, 0.1, 0.3], ['Mochila escolar', 299, 999, 0.5, 1.2], ['Calculadora científica', 249, 699, 0.15, 0.3], ['Agenda 2026', 149, 449, 0.4, 0.7]] },
];

export interface ProductFacts extends RowFacts { company: number; category: string; name: string; hs: string; price: number; cost: number; weight: number; active: boolean }
declare module '../../src/seed/types' {
  interface FactsRegistry { 'order_db.products': ProductFacts }
}

/**
 * Product p belongs to merchant p mod M (M merchants), as its (p div M)-th product: a merchant's
 * catalogue is p = m, m + M, m + 2M… in creation order. A product is created after its company
 * and along the catalogue timeline, so "products of m existing at t" is a prefix of that list.
 */
function productFacts(g: GenContext, p: number): ProductFacts {
  const rng = rowRng(g.seed, 'order_db.products#facts', p);
  const M = Math.max(1, g.tally('customer_db', 'companies', 'merchant', 0));
  const m = p % M, k = Math.floor(p / M);
  const company = g.find('customer_db', 'companies', 'merchant', 0, m);
  const cf = g.facts('customer_db', 'companies', company);
  // Each merchant sells in one or two categories.
  const cats = rowRng(g.seed, 'order_db.products#merchant', m);
  const c1 = cats.int(CATEGORIES.length), c2 = cats.chance(0.4) ? cats.int(CATEGORIES.length) : c1;
  const cat = CATEGORIES[rng.chance(0.7) ? c1 : c2];
  const [name, lo, hi, wlo, whi] = rng.pick(cat.items);
  // Prices end in .00 or .90 the way shops price them.
  const price = Math.floor(lo + rng.float() * (hi - lo)) + (rng.chance(0.5) ? 0.9 : 0);
  const q = g.clock.at('catalogue', p, g.count('products'), rng, MX_TZ, 'office').getTime();
  const born = new Date(Math.min(g.now.getTime() - 60_000, Math.max(q, cf.born.getTime() + 86_400_000 + k * 3_600_000)));
  return { born, company, category: cat.name, name, hs: cat.hs, price, cost: Math.round(price * rng.money(0.4, 0.7) * 100) / 100, weight: rng.money(wlo, whi, 3), active: rng.chance(0.94) };
}

export default defineTable({
  table: 'products',
  columns: ['id', 'name', 'description', 'sku', 'category', 'price', 'cost', 'weight', 'dimensions', 'active', 'company_id', 'created_at', 'updated_at'],
  keys: {
    id: (_g, i) => i + 1,
    price: (g, i) => g.facts('order_db', 'products', i).price,
    name: (g, i) => g.facts('order_db', 'products', i).name,
    sku: (_g, i) => `SKU-${String(i + 1).padStart(8, '0')}`,
  },
  facts: productFacts,
  find: {
    /** The k-th product of merchant (company ordinal) `value`, -1 past its catalogue. */
    company: (g, company, k) => {
      const M = Math.max(1, g.tally('customer_db', 'companies', 'merchant', 0));
      const m = g.facts('customer_db', 'companies', Number(company)).merchantIndex;
      const p = m + k * M;
      return m >= 0 && p < g.count('products') ? p : -1;
    },
  },
  row(g, i, rng) {
    const f = g.facts('order_db', 'products', i);
    return {
      id: i + 1,
      name: f.name,
      description: `${f.name} — ${f.category.toLowerCase()}, envío a todo México`,
      sku: `SKU-${String(i + 1).padStart(8, '0')}`,
      category: f.category,
      price: f.price,
      cost: f.cost,
      weight: f.weight,
      dimensions: { length_cm: rng.range(5, 60), width_cm: rng.range(5, 40), height_cm: rng.range(2, 30) },
      active: f.active,
      company_id: g.refAt('company_id', f.company),
      created_at: f.born,
      updated_at: f.born,
    };
  },
});
