import type { Rule } from '../../src/registry/schema';

/** Business rules of franchise_db; each SQL selects the offending rows, primary key first. */
const rules: Array<Partial<Rule> & Pick<Rule, 'name' | 'description' | 'sql'>> = [
  {
    name: 'franchise_closed_before_opening',
    description: 'a franchise closes after it opens',
    sql: `SELECT id, opening_date, closure_date FROM franchises WHERE closure_date < opening_date`,
    severity: 'error',
  },
  {
    name: 'payment_paid_without_date',
    description: 'a franchise payment marked paid has its paid date',
    sql: `SELECT id, franchise_id, status, paid_date FROM franchise_payments WHERE status = 'paid' AND paid_date IS NULL`,
    severity: 'warn',
  },
];
export default rules;
