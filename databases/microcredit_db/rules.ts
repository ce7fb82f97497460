import type { Rule } from '../../src/registry/schema';

/** Business rules of microcredit_db; each SQL selects the offending rows, primary key first. */
const rules: Array<Partial<Rule> & Pick<Rule, 'name' | 'description' | 'sql'>> = [
  {
    name: 'loan_overpaid',
    description:
      'the payments of a loan (principal and interest parts) never exceed its principal plus interest (total_amount_due, else monthly_payment x term_months), with 1.00 of rounding',
    sql: `SELECT l.id, l.loan_id, l.principal_amount, coalesce(l.total_amount_due, l.monthly_payment * l.term_months) AS principal_plus_interest, p.paid
            FROM loans l
            JOIN (SELECT loan_id, sum(principal_amount + interest_amount) AS paid FROM loan_payments GROUP BY loan_id) p ON p.loan_id = l.id
           WHERE p.paid > greatest(coalesce(l.total_amount_due, l.monthly_payment * l.term_months), l.principal_amount) + 1.00`,
    severity: 'error',
    source: '000 Microcredit ERD: Loans (1) -> LoanPayments (M)',
  },
  {
    name: 'loan_principal_overpaid',
    description: 'the principal repaid on a loan never exceeds the principal lent (1.00 of rounding)',
    sql: `SELECT l.id, l.loan_id, l.principal_amount, p.principal_paid
            FROM loans l
            JOIN (SELECT loan_id, sum(principal_amount) AS principal_paid FROM loan_payments GROUP BY loan_id) p ON p.loan_id = l.id
           WHERE p.principal_paid > l.principal_amount + 1.00`,
    severity: 'error',
  },
  {
    name: 'loan_dates_out_of_order',
    description: 'a loan is disbursed before its first payment, which falls before maturity',
    sql: `SELECT id, loan_id, disbursement_date, first_payment_date, maturity_date FROM loans
           WHERE first_payment_date < disbursement_date OR maturity_date < first_payment_date`,
    severity: 'error',
  },
];
export default rules;
