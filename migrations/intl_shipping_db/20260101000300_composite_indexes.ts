import type { Knex } from 'knex';

/** intl_shipping_db: the composite indexes of the spec (001, "Composite Indexes for Common Query Patterns"). */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
CREATE INDEX idx_manifests_company_status_date ON manifests(company_id, status, created_at DESC);
CREATE INDEX idx_shipping_rates_manifest_carrier_cost ON shipping_rates(manifest_id, carrier_name, total_cost);
`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
DROP INDEX IF EXISTS idx_shipping_rates_manifest_carrier_cost;
DROP INDEX IF EXISTS idx_manifests_company_status_date;
`);
}
