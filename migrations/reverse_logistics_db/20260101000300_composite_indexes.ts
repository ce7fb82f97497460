import type { Knex } from 'knex';

/** reverse_logistics_db: the composite indexes of the spec (001, "Composite Indexes for Common Query Patterns"). */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
CREATE INDEX idx_returns_customer_status_date ON returns(customer_id, status, created_at DESC);
CREATE INDEX idx_returns_order_status ON returns(original_order_id, status);
`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
DROP INDEX IF EXISTS idx_returns_order_status;
DROP INDEX IF EXISTS idx_returns_customer_status_date;
`);
}
