import type { CrossRuleInput } from '../../src/registry/schema';

/** Cross-database rules of order_db: its rows against their parents in other databases (quenty-db audit). */
const crossRules: CrossRuleInput[] = [
  {
    name: 'order_before_customer_signup',
    description: 'an order is placed at or after its customer signed up',
    child: { table: 'orders', key: 'customer_id', columns: ['created_at'] },
    parent: { database: 'customer_db', table: 'users', key: 'unique_id', columns: ['created_at'] },
    violation: 'c.created_at < p.created_at',
    source: 'issue 19: causal timeline (sign-up -> orders)',
  },
];
export default crossRules;
