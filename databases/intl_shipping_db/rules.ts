import type { Rule } from '../../src/registry/schema';

/** Business rules of intl_shipping_db; each SQL selects the offending rows, primary key first. */
const rules: Array<Partial<Rule> & Pick<Rule, 'name' | 'description' | 'sql'>> = [
  {
    name: 'manifest_item_quantity_not_positive',
    description: 'a manifest item has a positive quantity',
    sql: `SELECT id, manifest_id, quantity FROM manifest_items WHERE quantity <= 0`,
    severity: 'error',
  },
];
export default rules;
