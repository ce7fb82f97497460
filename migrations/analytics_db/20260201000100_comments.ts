import type { Knex } from 'knex';
import { CommentSet, clearComments, setComments } from '../../src/migrate/meaning';

/**
 * analytics_db: what each table and column means, in the catalog (COMMENT ON), from the spec's SQL
 * document (001, analytics_db) and its ERD (000), with the units, allowed values and ranges they state.
 * Columns holding a reference to another database keep the comment of that reference.
 * `quenty-db docs` shows them.
 */
export const COMMENTS: CommentSet = {
  tables: {
    metrics: 'Time series of the platform: every service sends its measurements here. Partitioned by month of created_at; tags are JSONB for filtering.',
    dashboards: 'Dashboards of business intelligence: their widgets, layout and who may see them.',
    reports: 'Scheduled or on-demand reports: their parameters, progress and the file produced.',
    alerts: 'Threshold alerts on metrics: the condition, where notifications go, and when they last fired.',
  },
  columns: {
    metrics: {
      id: 'Surrogate key (with created_at, the primary key of the partitioned table).',
      metric_id: 'Public metric identifier (UUID text); unique together with created_at.',
      metric_type: 'Kind of metric, e.g. business, latency, throughput, error_rate, resource.',
      name: 'Metric name, e.g. orders_created, http_request_duration_p95.',
      description: 'What the metric measures.',
      value: 'Measured value, in unit.',
      unit: 'Unit of value, e.g. count, ms, percent, ratio, rpm, MXN.',
      tags: 'Dimensions of the measurement as a JSON object (indexed with GIN).',
      timestamp: 'When the value was measured.',
      period: 'Aggregation period of the value, e.g. 1m, 5m, 1h.',
      source_service: 'Service that sent the metric (a registry service name: auth, customer, order, …).',
      source_entity_id: 'Identifier of the entity measured, in the source service.',
      source_entity_type: 'Kind of the entity measured (order, pickup, …).',
      created_at: 'When the row was written; the partition key (one partition per month).',
    },
    dashboards: {
      id: 'Surrogate key.',
      dashboard_id: 'Public dashboard identifier (UUID text), unique.',
      name: 'Dashboard name.',
      description: 'What the dashboard shows.',
      dashboard_type: 'Kind of dashboard, e.g. standard, executive, operational.',
      widgets: 'Widgets as a JSON array (chart type, metric query).',
      layout: 'Positions of the widgets, as JSON.',
      filters: 'Default filters, as JSON.',
      refresh_interval: 'Seconds between refreshes (default 300).',
      is_public: 'true: every user may see it.',
      allowed_users: 'auth_db user_ids that may see it, as a JSON array.',
      allowed_roles: 'auth_db role names that may see it, as a JSON array.',
      is_active: 'false: hidden.',
      created_at: 'When the dashboard was created.',
      updated_at: 'When the dashboard was last changed.',
    },
    reports: {
      id: 'Surrogate key.',
      report_id: 'Public report identifier (UUID text), unique.',
      name: 'Report name.',
      description: 'What the report contains.',
      report_type: 'Kind of report, e.g. sales, operations, finance.',
      format: 'File format produced: json, csv, pdf or xlsx.',
      parameters: 'Parameters of the report, as JSON.',
      filters: 'Filters applied, as JSON.',
      date_range: 'Period covered, as JSON {"from": …, "to": …}.',
      status: 'pending → running → completed, or failed.',
      progress_percentage: 'Progress of the run, 0 to 100.',
      file_url: 'Where the produced file can be downloaded.',
      file_size: 'Size of the produced file in bytes.',
      is_scheduled: 'true: runs on schedule_expression.',
      schedule_expression: 'Cron expression of a scheduled report.',
      next_run: 'When a scheduled report runs next.',
      created_at: 'When the report was requested.',
      completed_at: 'When the run finished.',
      expires_at: 'When the produced file is deleted.',
    },
    alerts: {
      id: 'Surrogate key.',
      alert_id: 'Public alert identifier (UUID text), unique.',
      name: 'Alert name.',
      description: 'What the alert watches.',
      metric_type: 'Kind of metric watched (metrics.metric_type).',
      condition_expression: 'The condition, as an expression over the metric.',
      threshold_value: 'Threshold compared with the metric.',
      comparison_operator: 'How the metric is compared with the threshold: >, >=, <, <=, = or !=.',
      time_window: 'Window the metric is aggregated over, e.g. 5m, 1h.',
      notification_channels: 'Where notifications go (email, slack, sms, webhook), as a JSON array.',
      recipients: 'Who is notified, as a JSON array.',
      is_active: 'false: the alert is not evaluated.',
      last_triggered_at: 'When the alert last fired; NULL: never.',
      trigger_count: 'How many times the alert has fired.',
      created_at: 'When the alert was created.',
      updated_at: 'When the alert was last changed.',
    },
  },
};

export async function up(knex: Knex): Promise<void> {
  await setComments(knex, COMMENTS);
}

export async function down(knex: Knex): Promise<void> {
  await clearComments(knex, COMMENTS);
}
