import type { Knex } from 'knex';

/** order_db: the composite indexes of the spec (001, "Composite Indexes for Common Query Patterns"). */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
CREATE INDEX idx_products_company_category_active ON products(company_id, category, active);
CREATE INDEX idx_orders_customer_status_date ON orders(customer_id, status, created_at DESC);
CREATE INDEX idx_inventory_low_stock ON inventory_items(product_id) WHERE (quantity - reserved_quantity) <= min_stock_level;
`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
DROP INDEX IF EXISTS idx_inventory_low_stock;
DROP INDEX IF EXISTS idx_orders_customer_status_date;
DROP INDEX IF EXISTS idx_products_company_category_active;
`);
}
