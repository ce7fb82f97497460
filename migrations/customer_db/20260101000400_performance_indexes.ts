import type { Knex } from 'knex';
import { createIndexConcurrently, dropIndexConcurrently } from '../../src/migrate/helpers';

/**
 * customer_db: the performance indexes of the ERD document, created CONCURRENTLY as it asks, so this
 * migration runs outside a transaction (and only it). Safe to run again after a crash.
 *
 * The ERD's `idx_users_company_active ... WHERE active = true` shares its name with the SQL
 * document's composite index (company_id, active) (without WHERE). Both are kept: the SQL one
 * under its name, the ERD's partial one as idx_users_company_active_partial (README: spec choices).
 */
export const config = { transaction: false };

const INDEXES = [
  { name: 'idx_users_company_active_partial', table: 'users', definition: '(company_id, active) WHERE active = true' },
];

export async function up(knex: Knex): Promise<void> {
  for (const ix of INDEXES) await createIndexConcurrently(knex, ix);
}

export async function down(knex: Knex): Promise<void> {
  for (const ix of [...INDEXES].reverse()) await dropIndexConcurrently(knex, ix.name);
}
