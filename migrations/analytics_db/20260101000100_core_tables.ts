import type { Knex } from 'knex';

/**
 * analytics_db: the tables of the SQL document, with their indexes.
 * Generated once from the spec (001, section "analytics_db") and then owned by this file: an applied
 * migration is never edited (its SHA-256 is checked); changes go in a new migration.
 */

export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
-- metrics
CREATE TABLE metrics (
    id SERIAL,
    metric_id VARCHAR(255) NOT NULL,
    metric_type VARCHAR(50) NOT NULL,
    name VARCHAR(255) NOT NULL,
    description TEXT,
    value NUMERIC(20,4) NOT NULL,
    unit VARCHAR(50),
    tags JSONB DEFAULT '{}',
    timestamp TIMESTAMP WITH TIME ZONE NOT NULL,
    period VARCHAR(20),
    source_service VARCHAR(100),
    source_entity_id VARCHAR(255),
    source_entity_type VARCHAR(100),
    created_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT CURRENT_TIMESTAMP,
    PRIMARY KEY (id, created_at),
    UNIQUE (metric_id, created_at)
) PARTITION BY RANGE (created_at);

-- Rows outside every monthly partition land here instead of failing; quenty-db partitions ensure
-- creates the months and moves such rows out.
CREATE TABLE metrics_default PARTITION OF metrics DEFAULT;

CREATE INDEX idx_metrics_metric_id ON metrics(metric_id);
CREATE INDEX idx_metrics_type ON metrics(metric_type);
CREATE INDEX idx_metrics_timestamp ON metrics(timestamp);
CREATE INDEX idx_metrics_source_service ON metrics(source_service);
CREATE INDEX idx_metrics_tags_gin ON metrics USING GIN (tags);
CREATE INDEX idx_metrics_type_timestamp ON metrics(metric_type, timestamp DESC);

-- dashboards
CREATE TABLE dashboards (
    id SERIAL PRIMARY KEY,
    dashboard_id VARCHAR(255) UNIQUE NOT NULL,
    name VARCHAR(255) NOT NULL,
    description TEXT,
    dashboard_type VARCHAR(50) DEFAULT 'standard',
    widgets JSONB DEFAULT '[]',
    layout JSONB DEFAULT '{}',
    filters JSONB DEFAULT '{}',
    refresh_interval INTEGER DEFAULT 300,
    owner_id VARCHAR(255),
    is_public BOOLEAN DEFAULT FALSE,
    allowed_users JSONB DEFAULT '[]',
    allowed_roles JSONB DEFAULT '[]',
    is_active BOOLEAN DEFAULT TRUE,
    created_at TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP,
    updated_at TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP
);

CREATE INDEX idx_dashboards_dashboard_id ON dashboards(dashboard_id);
CREATE INDEX idx_dashboards_owner_id ON dashboards(owner_id);
CREATE INDEX idx_dashboards_is_public ON dashboards(is_public);
CREATE INDEX idx_dashboards_is_active ON dashboards(is_active);
COMMENT ON COLUMN dashboards.owner_id IS 'logical reference to auth_db.users.user_id (another database: no foreign key; checked by quenty-db audit)';

-- reports
CREATE TABLE reports (
    id SERIAL PRIMARY KEY,
    report_id VARCHAR(255) UNIQUE NOT NULL,
    name VARCHAR(255) NOT NULL,
    description TEXT,
    report_type VARCHAR(50) NOT NULL,
    format VARCHAR(20) DEFAULT 'json',
    parameters JSONB DEFAULT '{}',
    filters JSONB DEFAULT '{}',
    date_range JSONB,
    status VARCHAR(20) DEFAULT 'pending' NOT NULL,
    progress_percentage INTEGER DEFAULT 0,
    file_url VARCHAR(500),
    file_size INTEGER,
    is_scheduled BOOLEAN DEFAULT FALSE,
    schedule_expression VARCHAR(100),
    next_run TIMESTAMP WITH TIME ZONE,
    requested_by VARCHAR(255),
    created_at TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP,
    completed_at TIMESTAMP WITH TIME ZONE,
    expires_at TIMESTAMP WITH TIME ZONE
);

CREATE INDEX idx_reports_report_id ON reports(report_id);
CREATE INDEX idx_reports_type ON reports(report_type);
CREATE INDEX idx_reports_status ON reports(status);
CREATE INDEX idx_reports_requested_by ON reports(requested_by);
CREATE INDEX idx_reports_is_scheduled ON reports(is_scheduled);
CREATE INDEX idx_reports_next_run ON reports(next_run) WHERE is_scheduled = true;
COMMENT ON COLUMN reports.requested_by IS 'logical reference to auth_db.users.user_id (another database: no foreign key; checked by quenty-db audit)';

-- alerts
CREATE TABLE alerts (
    id SERIAL PRIMARY KEY,
    alert_id VARCHAR(255) UNIQUE NOT NULL,
    name VARCHAR(255) NOT NULL,
    description TEXT,
    metric_type VARCHAR(50) NOT NULL,
    condition_expression VARCHAR(500) NOT NULL,
    threshold_value NUMERIC(20,4),
    comparison_operator VARCHAR(10),
    time_window VARCHAR(20),
    notification_channels JSONB DEFAULT '[]',
    recipients JSONB DEFAULT '[]',
    is_active BOOLEAN DEFAULT TRUE,
    last_triggered_at TIMESTAMP WITH TIME ZONE,
    trigger_count INTEGER DEFAULT 0,
    created_by VARCHAR(255),
    created_at TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP,
    updated_at TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP
);

CREATE INDEX idx_alerts_alert_id ON alerts(alert_id);
CREATE INDEX idx_alerts_metric_type ON alerts(metric_type);
CREATE INDEX idx_alerts_is_active ON alerts(is_active);
CREATE INDEX idx_alerts_created_by ON alerts(created_by);
COMMENT ON COLUMN alerts.created_by IS 'logical reference to auth_db.users.user_id (another database: no foreign key; checked by quenty-db audit)';
`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
DROP TABLE IF EXISTS alerts CASCADE;
DROP TABLE IF EXISTS reports CASCADE;
DROP TABLE IF EXISTS dashboards CASCADE;
DROP TABLE IF EXISTS metrics CASCADE;
`);
}
