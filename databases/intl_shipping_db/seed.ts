/** Seed plan of intl_shipping_db: relative sizes; items and rates derive from manifests. */
export default {
  order: ['countries', 'shipping_carriers', 'manifests', 'manifest_items', 'shipping_rates'],
  tables: { manifests: 0.4 },
};
