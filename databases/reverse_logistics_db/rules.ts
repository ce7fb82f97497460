import type { Rule } from '../../src/registry/schema';

/** Business rules of reverse_logistics_db; each SQL selects the offending rows, primary key first. */
const rules: Array<Partial<Rule> & Pick<Rule, 'name' | 'description' | 'sql'>> = [
  {
    name: 'return_without_items',
    description: 'a return names at least one returned item',
    sql: `SELECT r.id, r.status FROM returns r WHERE NOT EXISTS (SELECT 1 FROM return_items i WHERE i.return_id = r.id)`,
    severity: 'error',
    source: '000 Reverse Logistics ERD: Returns (1) -> ReturnItems (M)',
  },
  {
    name: 'return_item_quantity_not_positive',
    description: 'a returned item has a positive quantity',
    sql: `SELECT id, return_id, quantity FROM return_items WHERE quantity <= 0`,
    severity: 'error',
  },
];
export default rules;
