import type { Knex } from 'knex';
import { createIndexConcurrently, dropIndexConcurrently } from '../../src/migrate/helpers';

/**
 * microcredit_db: one loan per credit application (000 Microcredit ERD: CreditApplications (1) → Loans (1)),
 * as a UNIQUE index built CONCURRENTLY (writes go on while it builds), so this migration runs
 * outside a transaction (and only it). Safe to run again after a crash. NULLs do not collide.
 */
export const config = { transaction: false };

const INDEXES = [
  { name: 'loans_application_id_key', table: 'loans', definition: '(application_id)', unique: true },
];

export async function up(knex: Knex): Promise<void> {
  for (const ix of INDEXES) await createIndexConcurrently(knex, ix);
}

export async function down(knex: Knex): Promise<void> {
  for (const ix of [...INDEXES].reverse()) await dropIndexConcurrently(knex, ix.name);
}
