import type { CrossRuleInput } from '../../src/registry/schema';

/** Cross-database rules of reverse_logistics_db: its rows against their parents in other databases (quenty-db audit). */
const crossRules: CrossRuleInput[] = [
  {
    name: 'return_before_order_delivery',
    description: 'a return is created after its order was delivered',
    child: { table: 'returns', key: 'original_order_id', columns: ['created_at'] },
    parent: { database: 'order_db', table: 'orders', key: 'order_number', columns: ['status', 'created_at', 'updated_at'] },
    // order_db keeps no delivery timestamp: a delivered order's last status change is its
    // delivery, so its updated_at is the delivery time; a returned order was delivered before
    // its return (only its creation bounds the return); any other status was never delivered.
    violation: `p.status IS NULL OR p.status NOT IN ('delivered', 'returned')
      OR c.created_at < p.created_at
      OR (p.status = 'delivered' AND c.created_at < p.updated_at)`,
    source: 'issue 19: causal timeline (delivery -> returns); order_db.orders has no delivery column (docs/audit-cross-database.md)',
    note: 'delivery time = orders.updated_at of a delivered order (its last status change)',
  },
];
export default crossRules;
