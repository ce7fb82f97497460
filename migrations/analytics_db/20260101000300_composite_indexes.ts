import type { Knex } from 'knex';

/** analytics_db: the composite indexes of the spec (001, "Composite Indexes for Common Query Patterns"). */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
CREATE INDEX idx_metrics_type_timestamp_service ON metrics(metric_type, timestamp DESC, source_service);
CREATE INDEX idx_reports_type_status_created ON reports(report_type, status, created_at DESC);
`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
DROP INDEX IF EXISTS idx_reports_type_status_created;
DROP INDEX IF EXISTS idx_metrics_type_timestamp_service;
`);
}
