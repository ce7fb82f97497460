import type { Knex } from 'knex';

/** reverse_logistics_db: the tables the ERD adds (ReturnStatusHistory, DisposalRecords, ReturnMetrics). */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
CREATE TABLE return_status_history (
    id SERIAL PRIMARY KEY,
    return_id INTEGER NOT NULL REFERENCES returns(id) ON DELETE CASCADE,
    status VARCHAR(50) NOT NULL,
    status_date TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT CURRENT_TIMESTAMP,
    changed_by VARCHAR(255),
    notes TEXT,
    created_at TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP
);
CREATE INDEX idx_return_status_history_return_id ON return_status_history(return_id, status_date);

CREATE TABLE disposal_records (
    id SERIAL PRIMARY KEY,
    return_id INTEGER NOT NULL REFERENCES returns(id) ON DELETE CASCADE,
    item_id VARCHAR(255) NOT NULL,
    disposition VARCHAR(50) NOT NULL,
    disposal_method VARCHAR(100),
    recovery_value NUMERIC(10,2) DEFAULT 0,
    environmental_impact JSONB DEFAULT '{}',
    disposal_date DATE,
    disposed_by VARCHAR(255),
    created_at TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP
);
CREATE INDEX idx_disposal_records_return_id ON disposal_records(return_id);
CREATE INDEX idx_disposal_records_item_id ON disposal_records(item_id);

CREATE TABLE return_metrics (
    id SERIAL PRIMARY KEY,
    metric_date DATE UNIQUE NOT NULL,
    total_returns INTEGER DEFAULT 0,
    processed_returns INTEGER DEFAULT 0,
    refund_rate NUMERIC(5,4),
    avg_processing_time_hours NUMERIC(10,2),
    recovery_rate NUMERIC(5,4),
    customer_satisfaction NUMERIC(3,2),
    created_at TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP
);
`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP TABLE IF EXISTS return_metrics, disposal_records, return_status_history CASCADE');
}
