import type { Knex } from 'knex';
import { createIndexConcurrently, dropIndexConcurrently } from '../../src/migrate/helpers';

/**
 * franchise_db: one franchise per territory (000 Franchise ERD: "One franchise per territory (exclusive assignment)"; Franchises (1) → Territories (1)),
 * as a UNIQUE index built CONCURRENTLY (writes go on while it builds), so this migration runs
 * outside a transaction (and only it). Safe to run again after a crash. NULLs do not collide.
 */
export const config = { transaction: false };

const INDEXES = [
  { name: 'franchises_territory_code_key', table: 'franchises', definition: '(territory_code)', unique: true },
];

export async function up(knex: Knex): Promise<void> {
  for (const ix of INDEXES) await createIndexConcurrently(knex, ix);
}

export async function down(knex: Knex): Promise<void> {
  for (const ix of [...INDEXES].reverse()) await dropIndexConcurrently(knex, ix.name);
}
