import { defineTable, GenContext, Rng, rowRng } from '../../src/seed/kit';

export const CATEGORIES: Array<[string, string[], number, number]> = [
  ['Electrónica', ['Audífonos inalámbricos', 'Bocina Bluetooth', 'Cargador USB-C', 'Smartwatch', 'Tableta 10"'], 199, 8999],
  ['Hogar', ['Juego de sartenes', 'Licuadora', 'Cafetera', 'Lámpara de escritorio', 'Juego de toallas'], 149, 2999],
  ['Ropa', ['Playera de algodón', 'Pantalón de mezclilla', 'Chamarra', 'Sudadera', 'Huaraches'], 129, 1499],
  ['Alimentos', ['Café de Chiapas 1 kg', 'Mole poblano 500 g', 'Vainilla de Papantla', 'Miel de abeja', 'Chocolate de Oaxaca'], 59, 599],
  ['Artesanías', ['Alebrije', 'Talavera poblana', 'Rebozo', 'Sarape', 'Barro negro'], 199, 3499],
  ['Papelería', ['Cuaderno profesional', 'Caja de plumas', 'Mochila escolar', 'Calculadora científica', 'Agenda'], 29, 899],
];

export interface ProductFacts { category: string; name: string; price: number; cost: number; weight: number }

/** Facts of product `p` from its own stream (other tables read the price through `keys.price`). */
export function productFacts(g: GenContext, p: number, rng: Rng = rowRng(g.seed, 'order_db.products', p)): ProductFacts {
  const [category, names, lo, hi] = rng.pick(CATEGORIES);
  const name = rng.pick(names);
  const price = rng.money(lo, hi);
  return { category, name, price, cost: Math.round(price * rng.money(0.4, 0.75) * 100) / 100, weight: rng.money(0.05, 12, 3) };
}

export default defineTable({
  table: 'products',
  columns: ['id', 'name', 'description', 'sku', 'category', 'price', 'cost', 'weight', 'dimensions', 'active', 'company_id', 'created_at', 'updated_at'],
  keys: {
    id: (_g, i) => i + 1,
    price: (g, i) => productFacts(g.other('products'), i).price,
    name: (g, i) => productFacts(g.other('products'), i).name,
    sku: (_g, i) => `SKU-${String(i + 1).padStart(8, '0')}`,
  },
  row(g, i, rng) {
    const f = productFacts(g, i, rng);
    const created = g.time(i);
    return {
      id: i + 1,
      name: f.name,
      description: `${f.name} — ${f.category.toLowerCase()}, envío a todo México`,
      sku: `SKU-${String(i + 1).padStart(8, '0')}`,
      category: f.category,
      price: f.price,
      cost: f.cost,
      weight: f.weight,
      dimensions: { length_cm: rng.range(5, 80), width_cm: rng.range(5, 60), height_cm: rng.range(2, 50) },
      active: rng.chance(0.92),
      company_id: g.ref('company_id', i),
      created_at: created,
      updated_at: created,
    };
  },
});
