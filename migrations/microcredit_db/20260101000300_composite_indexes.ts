import type { Knex } from 'knex';

/** microcredit_db: the composite indexes of the spec (001, "Composite Indexes for Common Query Patterns"). */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
CREATE INDEX idx_credit_applications_customer_status_date ON credit_applications(customer_id, status, created_at DESC);
CREATE INDEX idx_loans_customer_status_payment ON loans(customer_id, status, next_payment_date);
CREATE INDEX idx_loan_payments_loan_date ON loan_payments(loan_id, payment_date DESC);
`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
DROP INDEX IF EXISTS idx_loan_payments_loan_date;
DROP INDEX IF EXISTS idx_loans_customer_status_payment;
DROP INDEX IF EXISTS idx_credit_applications_customer_status_date;
`);
}
