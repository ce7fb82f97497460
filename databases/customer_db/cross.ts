import type { CrossRuleInput } from '../../src/registry/schema';

/** Cross-database rules of customer_db: its rows against their parents in other databases (quenty-db audit). */
const crossRules: CrossRuleInput[] = [
  {
    name: 'active_flag_differs_from_auth',
    description: 'a person is active in customer_db exactly when active in auth_db',
    child: { table: 'users', key: 'unique_id', columns: ['active'] },
    parent: { database: 'auth_db', table: 'users', key: 'user_id', columns: ['is_active'] },
    violation: 'c.active IS DISTINCT FROM p.is_active',
    source: 'issue 19: one identity across databases (auth and customer the same person, same flags)',
  },
];
export default crossRules;
