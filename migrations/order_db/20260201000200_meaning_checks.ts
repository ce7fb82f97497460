import type { Knex } from 'knex';
import { MeaningCheck, addChecksNotValid, dropChecks } from '../../src/migrate/meaning';

/**
 * order_db: rules the spec states only in words, as CHECK constraints. Added NOT VALID (no scan of
 * the existing rows under lock; new rows must satisfy them at once) and validated by the next
 * migration (20260201000300_validate_meaning_checks). A NULL passes a CHECK: the optional
 * columns stay optional.
 */
export const CHECKS: MeaningCheck[] = [
  { table: "stock_movements", name: "stock_movements_movement_type_check", expression: "movement_type IN ('IN', 'OUT', 'ADJUSTMENT')", source: "001 order_db: stock_movements.movement_type -- 'IN', 'OUT', 'ADJUSTMENT'" },
  { table: "order_items", name: "order_items_quantity_positive", expression: "quantity > 0", source: "000 Order ERD: order items have a quantity (audit rule order_item_quantity_not_positive)" },
  { table: "inventory_items", name: "inventory_items_quantities_check", expression: "quantity >= 0 AND reserved_quantity >= 0 AND reserved_quantity <= quantity", source: "001 order_db: inventory_items (quantity, reserved_quantity); audit rule inventory_reserved_exceeds_stock" },
  { table: "products", name: "products_price_nonnegative", expression: "price >= 0", source: "001 order_db: products.price" },
];

export async function up(knex: Knex): Promise<void> {
  await addChecksNotValid(knex, CHECKS);
}

export async function down(knex: Knex): Promise<void> {
  await dropChecks(knex, CHECKS);
}
