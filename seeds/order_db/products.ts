import { defineTable, GenContext, RowFacts, rowRng, MX_TZ } from '../../src/seed/kit';
import { SECTORS, sector as sectorOf } from '../../src/seed/companies';
import { categoryById, priced } from '../../src/seed/catalogue';

export interface ProductFacts extends RowFacts {
  company: number;
  /** Index of the company among the merchants. */
  merchant: number;
  /** Catalogue category id (catalogue.ts) and its display name (the products.category column). */
  categoryId: string;
  category: string;
  name: string;
  /** HS 2022 subheading, 'NNNN.NN' (customs: manifest items of this product carry it). */
  hs: string;
  price: number;
  cost: number;
  /** Shipped weight of one unit, kg. */
  weight: number;
  /** Package of one unit, cm. */
  dims: { length_cm: number; width_cm: number; height_cm: number };
  active: boolean;
  /** The merchant keeps stock in Quenty's warehouses: inventory_items and stock_movements track it. */
  fulfilled: boolean;
}
declare module '../../src/seed/types' {
  interface FactsRegistry {
    'order_db.products': ProductFacts;
  }
}

/**
 * One merchant in FULFILLED_EVERY (those ≡ 0 modulo it, so the first merchant, the oldest, is one)
 * stores its stock with Quenty Fulfillment: a small world still has a warehouse history.
 */
export const FULFILLED_EVERY = 3;
export const isFulfilledMerchant = (m: number) => m % FULFILLED_EVERY === 0;

/** The sector a merchant sells in: the company's own when customer_db states it, else one drawn per merchant. */
function merchantSector(g: GenContext, m: number, companyFacts: RowFacts): string {
  const s = (companyFacts as RowFacts & { sector?: string }).sector;
  return s ?? rowRng(g.seed, 'order_db.products#merchant', m).pick(SECTORS).id;
}

/**
 * Product p belongs to merchant p mod M (M merchants), as its (p div M)-th product: a merchant's
 * catalogue is p = m, m + M, m + 2M… in creation order. A product is created after its company
 * and along the catalogue timeline, so "products of m existing at t" is a prefix of that list.
 * What it is comes from the catalogue (catalogue.ts) of the merchant's sector: name, price and
 * weight inside the category's ranges, the product's HS subheading, a box that fits the weight.
 */
function productFacts(g: GenContext, p: number): ProductFacts {
  const rng = rowRng(g.seed, 'order_db.products#facts', p);
  const M = Math.max(1, g.tally('customer_db', 'companies', 'merchant', 0));
  const m = p % M,
    k = Math.floor(p / M);
  const company = g.find('customer_db', 'companies', 'merchant', 0, m);
  const cf = g.facts('customer_db', 'companies', company);
  const cats = sectorOf(merchantSector(g, m, cf)).categories;
  const cat = categoryById(rng.chance(0.75) ? cats[0] : rng.pick(cats));
  const item = priced(cat, rng.pick(cat.products), rng);
  const q = g.clock.at('catalogue', p, g.count('products'), rng, MX_TZ, 'office').getTime();
  const born = new Date(Math.min(g.now.getTime() - 60_000, Math.max(q, cf.born.getTime() + 86_400_000 + k * 3_600_000)));
  // A box that fits the weight: density 0.1-0.5 kg per litre, proportions ~ 3:2:1.
  const litres = Math.max(0.05, item.weightKg / rng.money(0.1, 0.5, 3));
  const unit = Math.cbrt((litres * 1000) / 6);
  const dims = { length_cm: Math.max(2, Math.round(unit * 3)), width_cm: Math.max(2, Math.round(unit * 2)), height_cm: Math.max(1, Math.round(unit)) };
  return {
    born,
    company,
    merchant: m,
    categoryId: cat.id,
    category: cat.name,
    name: item.name,
    hs: `${item.hsCode.slice(0, 4)}.${item.hsCode.slice(4, 6)}`,
    price: item.price,
    cost: Math.round(item.price * rng.money(0.45, 0.7) * 100) / 100,
    weight: item.weightKg,
    dims,
    active: rng.chance(0.94),
    fulfilled: isFulfilledMerchant(m),
  };
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
  row(g, i) {
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
      dimensions: f.dims,
      active: f.active,
      company_id: g.refAt('company_id', f.company),
      created_at: f.born,
      updated_at: f.born,
    };
  },
});
