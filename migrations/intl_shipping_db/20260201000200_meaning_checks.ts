import type { Knex } from 'knex';
import { MeaningCheck, addChecksNotValid, dropChecks } from '../../src/migrate/meaning';

/**
 * intl_shipping_db: rules the spec states only in words, as CHECK constraints. Added NOT VALID (no scan of
 * the existing rows under lock; new rows must satisfy them at once) and validated by the next
 * migration (20260201000300_validate_meaning_checks). A NULL passes a CHECK: the optional
 * columns stay optional.
 */
export const CHECKS: MeaningCheck[] = [
  { table: "manifest_items", name: "manifest_items_quantity_positive", expression: "quantity > 0", source: "001 intl_shipping_db: manifest_items.quantity" },
];

export async function up(knex: Knex): Promise<void> {
  await addChecksNotValid(knex, CHECKS);
}

export async function down(knex: Knex): Promise<void> {
  await dropChecks(knex, CHECKS);
}
