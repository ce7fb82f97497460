import type { Knex } from 'knex';

/** customer_db: the composite indexes of the spec (001, "Composite Indexes for Common Query Patterns"). */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
CREATE INDEX idx_users_company_active ON users(company_id, active);
CREATE INDEX idx_companies_active_name ON companies(active, name) WHERE active = true;
`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
DROP INDEX IF EXISTS idx_companies_active_name;
DROP INDEX IF EXISTS idx_users_company_active;
`);
}
