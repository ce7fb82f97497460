import type { Knex } from 'knex';

/**
 * intl_shipping_db: the tables of the SQL document, with their indexes.
 * Generated once from the spec (001, section "intl_shipping_db") and then owned by this file: an applied
 * migration is never edited (its SHA-256 is checked); changes go in a new migration.
 */

export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
-- manifests
CREATE TABLE manifests (
    id SERIAL PRIMARY KEY,
    unique_id VARCHAR(255) UNIQUE NOT NULL,
    status VARCHAR(50) DEFAULT 'draft',
    total_weight DECIMAL(8,3) DEFAULT 0.0,
    total_volume DECIMAL(8,3) DEFAULT 0.0,
    total_value DECIMAL(10,2) DEFAULT 0.0,
    currency VARCHAR(10) DEFAULT 'USD',
    origin_country VARCHAR(100) NOT NULL,
    destination_country VARCHAR(100) NOT NULL,
    shipping_zone VARCHAR(50),
    estimated_delivery TIMESTAMP WITH TIME ZONE,
    tracking_number VARCHAR(255) UNIQUE,
    company_id VARCHAR(255) NOT NULL,
    created_by VARCHAR(255) NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP,
    updated_at TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP
);

CREATE INDEX idx_manifests_unique_id ON manifests(unique_id);
CREATE INDEX idx_manifests_tracking_number ON manifests(tracking_number);
CREATE INDEX idx_manifests_company_id ON manifests(company_id);
CREATE INDEX idx_manifests_status ON manifests(status);
CREATE INDEX idx_manifests_created_at ON manifests(created_at DESC);
CREATE INDEX idx_manifests_destination ON manifests(destination_country);
COMMENT ON COLUMN manifests.company_id IS 'logical reference to customer_db.companies.company_id (another database: no foreign key; checked by quenty-db audit)';
COMMENT ON COLUMN manifests.created_by IS 'logical reference to customer_db.users.unique_id (another database: no foreign key; checked by quenty-db audit)';

-- manifest_items
CREATE TABLE manifest_items (
    id SERIAL PRIMARY KEY,
    manifest_id INTEGER REFERENCES manifests(id) ON DELETE CASCADE,
    description TEXT NOT NULL,
    quantity INTEGER NOT NULL,
    weight DECIMAL(8,3) NOT NULL,
    volume DECIMAL(8,3),
    value DECIMAL(10,2) NOT NULL,
    hs_code VARCHAR(50), -- Harmonized System code
    country_of_origin VARCHAR(100),
    product_id INTEGER, -- Reference to Product from Order service
    created_at TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP
);

CREATE INDEX idx_manifest_items_manifest_id ON manifest_items(manifest_id);
CREATE INDEX idx_manifest_items_product_id ON manifest_items(product_id);
CREATE INDEX idx_manifest_items_hs_code ON manifest_items(hs_code);
COMMENT ON COLUMN manifest_items.product_id IS 'logical reference to order_db.products.id (another database: no foreign key; checked by quenty-db audit)';

-- shipping_rates
CREATE TABLE shipping_rates (
    id SERIAL PRIMARY KEY,
    manifest_id INTEGER REFERENCES manifests(id) ON DELETE CASCADE,
    carrier_name VARCHAR(255) NOT NULL,
    service_type VARCHAR(255) NOT NULL,
    base_rate DECIMAL(10,2) NOT NULL,
    weight_rate DECIMAL(10,2) DEFAULT 0.0,
    volume_rate DECIMAL(10,2) DEFAULT 0.0,
    fuel_surcharge DECIMAL(10,2) DEFAULT 0.0,
    insurance_rate DECIMAL(10,2) DEFAULT 0.0,
    total_cost DECIMAL(10,2) NOT NULL,
    currency VARCHAR(10) DEFAULT 'USD',
    transit_days INTEGER,
    valid_until TIMESTAMP WITH TIME ZONE,
    created_at TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP
);

CREATE INDEX idx_shipping_rates_manifest_id ON shipping_rates(manifest_id);
CREATE INDEX idx_shipping_rates_carrier ON shipping_rates(carrier_name);
CREATE INDEX idx_shipping_rates_total_cost ON shipping_rates(total_cost);

-- countries
CREATE TABLE countries (
    id SERIAL PRIMARY KEY,
    name VARCHAR(255) NOT NULL,
    iso_code VARCHAR(10) UNIQUE NOT NULL,
    zone VARCHAR(50), -- ShippingZone enum
    active BOOLEAN DEFAULT TRUE,
    created_at TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP
);

CREATE INDEX idx_countries_iso_code ON countries(iso_code);
CREATE INDEX idx_countries_zone ON countries(zone);
CREATE INDEX idx_countries_active ON countries(active);

-- shipping_carriers
CREATE TABLE shipping_carriers (
    id SERIAL PRIMARY KEY,
    name VARCHAR(255) NOT NULL,
    code VARCHAR(50) UNIQUE NOT NULL,
    api_endpoint VARCHAR(500),
    api_key VARCHAR(500),
    active BOOLEAN DEFAULT TRUE,
    supported_services JSONB, -- List of service types
    created_at TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP
);

CREATE INDEX idx_shipping_carriers_code ON shipping_carriers(code);
CREATE INDEX idx_shipping_carriers_active ON shipping_carriers(active);
`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
DROP TABLE IF EXISTS shipping_carriers CASCADE;
DROP TABLE IF EXISTS countries CASCADE;
DROP TABLE IF EXISTS shipping_rates CASCADE;
DROP TABLE IF EXISTS manifest_items CASCADE;
DROP TABLE IF EXISTS manifests CASCADE;
`);
}
