import type { CrossRuleInput } from '../../src/registry/schema';

/** Cross-database rules of pickup_db: its rows against their parents in other databases (quenty-db audit). */
const crossRules: CrossRuleInput[] = [
  {
    name: 'package_order_of_another_customer',
    description: "a pickup package names an order of the pickup's own customer",
    child: {
      table: 'pickup_packages',
      key: 'order_id',
      join: 'JOIN pickups pu ON pu.id = c.pickup_id',
      columns: { customer_id: 'pu.customer_id' },
    },
    parent: { database: 'order_db', table: 'orders', key: 'order_number', columns: ['customer_id'] },
    violation: 'c.customer_id IS DISTINCT FROM p.customer_id',
    source: "issue 19: ownership (pickups of the customer's own orders)",
  },
];
export default crossRules;
