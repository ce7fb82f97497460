import type { Knex } from 'knex';

/** pickup_db: the composite indexes of the spec (001, "Composite Indexes for Common Query Patterns"). */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
CREATE INDEX idx_pickups_date_status ON pickups(pickup_date, status);
CREATE INDEX idx_pickups_customer_date ON pickups(customer_id, pickup_date DESC);
CREATE INDEX idx_pickup_routes_driver_date ON pickup_routes(driver_id, route_date);
`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
DROP INDEX IF EXISTS idx_pickup_routes_driver_date;
DROP INDEX IF EXISTS idx_pickups_customer_date;
DROP INDEX IF EXISTS idx_pickups_date_status;
`);
}
