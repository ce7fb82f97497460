import type { CrossRuleInput } from '../../src/registry/schema';

/** Cross-database rules of intl_shipping_db: its rows against their parents in other databases (quenty-db audit). */
const crossRules: CrossRuleInput[] = [
  {
    name: 'manifest_item_before_product',
    description: 'a manifest item ships a product that existed when the item was written',
    child: { table: 'manifest_items', key: 'product_id', columns: ['created_at'] },
    parent: { database: 'order_db', table: 'products', key: 'id', columns: ['created_at'] },
    violation: 'c.created_at < p.created_at',
    source: 'issue 19: causal timeline (products -> orders -> manifests of their items)',
  },
];
export default crossRules;
