import { defineTable, fanout, GenContext, rowRng } from '../../src/seed/kit';

export const MANIFEST_ITEMS = fanout([2, 3, 1, 4]);
const HS = ['8517.12', '8471.30', '6109.10', '0901.21', '9403.60', '4202.92', '6403.99', '3304.99'];

export interface ManifestLine { manifest: number; quantity: number; weight: number; volume: number; value: number; productId: number | null; description: string; hs: string }

/** Line `item` of manifest_items, pure (the manifest's totals are its sums). */
export function manifestLine(g: GenContext, item: number): ManifestLine {
  const ctx = g.other('manifest_items', 'intl_shipping_db');
  const rng = rowRng(g.seed, 'intl_shipping_db.manifest_items#line', item);
  const quantity = rng.range(1, 20);
  const hasProduct = rng.chance(0.9);
  const productId = hasProduct ? (ctx.ref('product_id', item) as number) : null;
  const unit = productId ? (ctx.key('order_db', 'products', 'price', productId - 1) as number) / 17.5 : rng.money(5, 200);
  return {
    manifest: MANIFEST_ITEMS.parentOf(item).parent,
    quantity,
    weight: Math.round(quantity * rng.money(0.1, 5, 3) * 1000) / 1000,
    volume: Math.round(quantity * rng.money(0.001, 0.05, 3) * 1000) / 1000,
    value: Math.round(quantity * unit * 100) / 100,
    productId,
    description: productId ? (ctx.key('order_db', 'products', 'name', productId - 1) as string) : 'Muestras sin valor comercial',
    hs: rng.pick(HS),
  };
}

export default defineTable({
  table: 'manifest_items',
  columns: ['id', 'manifest_id', 'description', 'quantity', 'weight', 'volume', 'value', 'hs_code', 'country_of_origin', 'product_id', 'created_at'],
  count: (g) => MANIFEST_ITEMS.total(g.count('manifests')),
  row(g, i) {
    const l = manifestLine(g, i);
    return { id: i + 1, manifest_id: l.manifest + 1, description: l.description, quantity: l.quantity, weight: l.weight, volume: l.volume, value: l.value, hs_code: l.hs, country_of_origin: 'MX', product_id: l.productId, created_at: g.other('manifests').time(l.manifest) };
  },
});
