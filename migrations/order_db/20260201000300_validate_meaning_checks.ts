import type { Knex } from 'knex';
import { validateChecks } from '../../src/migrate/meaning';
import { CHECKS } from './20260201000200_meaning_checks';

/**
 * order_db: validates the CHECK constraints the previous migration added NOT VALID. VALIDATE
 * CONSTRAINT scans the rows under SHARE UPDATE EXCLUSIVE: reads and writes go on meanwhile.
 * A row that breaks a rule stops this migration, naming the constraint; fix the row and run
 * it again. Nothing to undo (the previous migration's down drops the constraints).
 */
export async function up(knex: Knex): Promise<void> {
  await validateChecks(knex, CHECKS);
}

export async function down(): Promise<void> {
  // A validated constraint cannot be made NOT VALID again; dropping it is the previous migration's down.
}
