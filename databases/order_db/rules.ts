import type { Rule } from '../../src/registry/schema';

/** Business rules of order_db that no foreign key expresses; each SQL selects the offending rows, primary key first. */
const rules: Array<Partial<Rule> & Pick<Rule, 'name' | 'description' | 'sql'>> = [
  {
    name: 'order_without_items',
    description: 'an order has at least one item',
    sql: `SELECT o.id, o.order_number, o.status FROM orders o WHERE NOT EXISTS (SELECT 1 FROM order_items i WHERE i.order_id = o.id)`,
    severity: 'error',
    source: '000 Order ERD: Orders (1) -> OrderItems (M)',
  },
  {
    name: 'order_item_total_mismatch',
    description: 'an order item costs its quantity times its unit price',
    sql: `SELECT id, order_id, quantity, unit_price, total_price FROM order_items WHERE total_price <> quantity * unit_price`,
    severity: 'error',
    source: '001 order_db: order_items (quantity, unit_price, total_price)',
  },
  {
    name: 'order_item_quantity_not_positive',
    description: 'an order item has a positive quantity',
    sql: `SELECT id, order_id, quantity FROM order_items WHERE quantity <= 0`,
    severity: 'error',
  },
  {
    name: 'inventory_reserved_exceeds_stock',
    description: 'reserved stock never exceeds the stock on hand',
    sql: `SELECT id, product_id, quantity, reserved_quantity FROM inventory_items WHERE reserved_quantity > quantity OR quantity < 0 OR reserved_quantity < 0`,
    severity: 'error',
    source: '001 order_db: inventory_items (quantity, reserved_quantity)',
  },
];
export default rules;
