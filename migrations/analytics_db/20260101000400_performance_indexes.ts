import type { Knex } from 'knex';
import { createIndexConcurrently, dropIndexConcurrently } from '../../src/migrate/helpers';

/**
 * analytics_db: the performance indexes of the ERD document, created CONCURRENTLY as it asks, so this
 * migration runs outside a transaction (and only it). Safe to run again after a crash.
 *
 * idx_metrics_type_timestamp is also in the SQL document, with the same definition: it exists
 * already (core tables) and IF NOT EXISTS leaves it. metrics is partitioned, so each index is
 * built concurrently per partition and attached to an index ON ONLY the parent.
 */
export const config = { transaction: false };

const INDEXES = [
  { name: 'idx_metrics_type_timestamp', table: 'metrics', definition: '(metric_type, timestamp DESC)' },
  { name: 'idx_metrics_service_timestamp', table: 'metrics', definition: '(source_service, timestamp DESC)' },
];

export async function up(knex: Knex): Promise<void> {
  for (const ix of INDEXES) await createIndexConcurrently(knex, ix);
}

export async function down(knex: Knex): Promise<void> {
  // idx_metrics_type_timestamp belongs to the core tables migration: only drop what this one made.
  for (const ix of [...INDEXES].reverse()) if (ix.name !== 'idx_metrics_type_timestamp') await dropIndexConcurrently(knex, ix.name);
}
