import type { Knex } from 'knex';

/**
 * reverse_logistics_db: the tables of the SQL document, with their indexes.
 * Generated once from the spec (001, section "reverse_logistics_db") and then owned by this file: an applied
 * migration is never edited (its SHA-256 is checked); changes go in a new migration.
 */

export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
-- returns
CREATE TABLE returns (
    id SERIAL PRIMARY KEY,
    return_id VARCHAR(255) UNIQUE NOT NULL,
    original_order_id VARCHAR(255) NOT NULL,
    customer_id VARCHAR(255) NOT NULL,
    return_type VARCHAR(50) NOT NULL DEFAULT 'return',
    return_reason VARCHAR(50) NOT NULL,
    status VARCHAR(50) NOT NULL DEFAULT 'requested',
    description TEXT,
    preferred_resolution VARCHAR(50),
    return_authorization_number VARCHAR(255) UNIQUE,
    original_order_value NUMERIC(10,2),
    estimated_refund_amount NUMERIC(10,2),
    actual_refund_amount NUMERIC(10,2),
    return_shipping_cost NUMERIC(10,2) DEFAULT 0,
    processing_fee NUMERIC(10,2) DEFAULT 0,
    pickup_address TEXT,
    return_address TEXT,
    tracking_number VARCHAR(255) UNIQUE,
    carrier VARCHAR(100),
    estimated_pickup_date DATE,
    actual_pickup_date DATE,
    estimated_processing_time VARCHAR(50),
    expires_at TIMESTAMP WITH TIME ZONE NOT NULL,
    approval_notes TEXT,
    rejection_reason TEXT,
    processing_notes TEXT,
    photos JSONB DEFAULT '[]',
    customer_action_required VARCHAR(255),
    requires_customer_action BOOLEAN DEFAULT FALSE,
    created_by VARCHAR(255),
    processed_by VARCHAR(255),
    created_at TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP,
    updated_at TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP
);

CREATE INDEX idx_returns_return_id ON returns(return_id);
CREATE INDEX idx_returns_customer_id ON returns(customer_id);
CREATE INDEX idx_returns_original_order_id ON returns(original_order_id);
CREATE INDEX idx_returns_status ON returns(status);
CREATE INDEX idx_returns_created_at ON returns(created_at DESC);
CREATE INDEX idx_returns_tracking_number ON returns(tracking_number);
COMMENT ON COLUMN returns.original_order_id IS 'logical reference to order_db.orders.order_number (another database: no foreign key; checked by quenty-db audit)';
COMMENT ON COLUMN returns.customer_id IS 'logical reference to customer_db.users.unique_id (another database: no foreign key; checked by quenty-db audit)';

-- return_items
CREATE TABLE return_items (
    id SERIAL PRIMARY KEY,
    return_item_id VARCHAR(255) UNIQUE NOT NULL,
    return_id INTEGER REFERENCES returns(id) ON DELETE CASCADE,
    item_id VARCHAR(255) NOT NULL,
    item_name VARCHAR(255),
    sku VARCHAR(100),
    quantity INTEGER NOT NULL,
    unit_price NUMERIC(10,2),
    return_reason VARCHAR(50),
    reason_details TEXT,
    condition_received VARCHAR(50),
    photos JSONB DEFAULT '[]',
    inspection_result VARCHAR(50),
    resale_value NUMERIC(10,2),
    refund_eligible BOOLEAN DEFAULT TRUE,
    refund_amount NUMERIC(10,2),
    exchange_item_id VARCHAR(255),
    exchange_quantity INTEGER,
    created_at TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP,
    updated_at TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP
);

CREATE INDEX idx_return_items_return_item_id ON return_items(return_item_id);
CREATE INDEX idx_return_items_return_id ON return_items(return_id);
CREATE INDEX idx_return_items_item_id ON return_items(item_id);
COMMENT ON COLUMN return_items.item_id IS 'logical reference to order_db.products.id (another database: no foreign key; checked by quenty-db audit)';

-- inspection_reports
CREATE TABLE inspection_reports (
    id SERIAL PRIMARY KEY,
    inspection_id VARCHAR(255) UNIQUE NOT NULL,
    return_id INTEGER REFERENCES returns(id) ON DELETE CASCADE,
    item_id VARCHAR(255) NOT NULL,
    inspector_id VARCHAR(255) NOT NULL,
    inspector_name VARCHAR(255),
    inspection_date TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP,
    overall_condition VARCHAR(50) NOT NULL,
    functional_status VARCHAR(50),
    cosmetic_condition VARCHAR(50),
    completeness VARCHAR(50),
    defects_found JSONB DEFAULT '[]',
    photos JSONB DEFAULT '[]',
    notes TEXT,
    original_value NUMERIC(10,2),
    current_market_value NUMERIC(10,2),
    resale_value NUMERIC(10,2),
    salvage_value NUMERIC(10,2),
    recommended_action VARCHAR(100),
    disposition_recommendation VARCHAR(50),
    repair_cost_estimate NUMERIC(10,2),
    refurbishment_cost NUMERIC(10,2),
    created_at TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP,
    updated_at TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP
);

CREATE INDEX idx_inspection_reports_inspection_id ON inspection_reports(inspection_id);
CREATE INDEX idx_inspection_reports_return_id ON inspection_reports(return_id);
CREATE INDEX idx_inspection_reports_item_id ON inspection_reports(item_id);
CREATE INDEX idx_inspection_reports_inspector_id ON inspection_reports(inspector_id);
COMMENT ON COLUMN inspection_reports.inspector_id IS 'logical reference to auth_db.users.user_id (another database: no foreign key; checked by quenty-db audit)';
`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
DROP TABLE IF EXISTS inspection_reports CASCADE;
DROP TABLE IF EXISTS return_items CASCADE;
DROP TABLE IF EXISTS returns CASCADE;
`);
}
