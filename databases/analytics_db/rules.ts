import type { Rule } from '../../src/registry/schema';

/** Business rules of analytics_db; each SQL selects the offending rows, primary key first. */
const rules: Array<Partial<Rule> & Pick<Rule, 'name' | 'description' | 'sql'>> = [
  {
    name: 'report_completed_before_created',
    description: 'a report completes after it is requested',
    sql: `SELECT id, status, created_at, completed_at FROM reports WHERE completed_at < created_at`,
    severity: 'warn',
  },
];
export default rules;
