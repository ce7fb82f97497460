import type { Knex } from 'knex';

/** franchise_db: the composite indexes of the spec (001, "Composite Indexes for Common Query Patterns"). */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
CREATE INDEX idx_franchises_territory_status ON franchises(territory_code, status);
CREATE INDEX idx_franchise_performance_franchise_period ON franchise_performance(franchise_id, period_start, period_end);
`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
DROP INDEX IF EXISTS idx_franchise_performance_franchise_period;
DROP INDEX IF EXISTS idx_franchises_territory_status;
`);
}
