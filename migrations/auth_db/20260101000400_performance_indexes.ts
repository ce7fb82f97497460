import type { Knex } from 'knex';
import { createIndexConcurrently, dropIndexConcurrently } from '../../src/migrate/helpers';

/**
 * auth_db: the performance indexes of the ERD document, created CONCURRENTLY as it asks, so this
 * migration runs outside a transaction (and only it). Safe to run again after a crash.
 */
export const config = { transaction: false };

const INDEXES = [
  { name: 'idx_user_roles_permissions', table: 'user_roles', definition: '(user_id) INCLUDE (role_id)' },
];

export async function up(knex: Knex): Promise<void> {
  for (const ix of INDEXES) await createIndexConcurrently(knex, ix);
}

export async function down(knex: Knex): Promise<void> {
  for (const ix of [...INDEXES].reverse()) await dropIndexConcurrently(knex, ix.name);
}
