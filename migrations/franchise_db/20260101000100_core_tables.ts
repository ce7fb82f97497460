import type { Knex } from 'knex';

/**
 * franchise_db: the tables of the SQL document, with their indexes.
 * Generated once from the spec (001, section "franchise_db") and then owned by this file: an applied
 * migration is never edited (its SHA-256 is checked); changes go in a new migration.
 */

export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
-- territories
CREATE TABLE territories (
    id SERIAL PRIMARY KEY,
    territory_code VARCHAR(50) UNIQUE NOT NULL,
    name VARCHAR(255) NOT NULL,
    description TEXT,
    country VARCHAR(100) NOT NULL,
    state VARCHAR(100) NOT NULL,
    region VARCHAR(100),
    boundaries JSONB,
    area_size NUMERIC(10,2),
    population INTEGER,
    market_potential VARCHAR(20),
    competition_level VARCHAR(20),
    average_income NUMERIC(12,2),
    demographic_data JSONB,
    status VARCHAR(20) DEFAULT 'available',
    reserved_until TIMESTAMP WITH TIME ZONE,
    reserved_by VARCHAR(255),
    is_active BOOLEAN DEFAULT TRUE,
    created_at TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP,
    updated_at TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP
);

CREATE INDEX idx_territories_territory_code ON territories(territory_code);
CREATE INDEX idx_territories_status ON territories(status);
CREATE INDEX idx_territories_country_state ON territories(country, state);
CREATE INDEX idx_territories_is_active ON territories(is_active);

-- franchises
CREATE TABLE franchises (
    id SERIAL PRIMARY KEY,
    franchise_id VARCHAR(255) UNIQUE NOT NULL,
    name VARCHAR(255) NOT NULL,
    franchisee_name VARCHAR(255) NOT NULL,
    email VARCHAR(255) UNIQUE,
    phone VARCHAR(50),
    address TEXT,
    city VARCHAR(100),
    state VARCHAR(100),
    country VARCHAR(100),
    postal_code VARCHAR(20),
    business_license VARCHAR(100),
    tax_id VARCHAR(100),
    territory_code VARCHAR(50) REFERENCES territories(territory_code),
    contract_start_date DATE,
    contract_end_date DATE,
    contract_terms JSONB,
    status VARCHAR(50) DEFAULT 'pending',
    opening_date DATE,
    closure_date DATE,
    operational_hours JSONB,
    services_offered JSONB,
    equipment_list JSONB,
    initial_fee NUMERIC(10,2),
    monthly_fee NUMERIC(10,2),
    royalty_rate NUMERIC(5,2),
    is_active BOOLEAN DEFAULT TRUE,
    -- not in the spec's column list: 001 names "franchises.*" as referencing companies.company_id
    company_id VARCHAR(255),
    created_by VARCHAR(255),
    updated_by VARCHAR(255),
    created_at TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP,
    updated_at TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP
);

CREATE INDEX idx_franchises_franchise_id ON franchises(franchise_id);
CREATE INDEX idx_franchises_email ON franchises(email);
CREATE INDEX idx_franchises_territory_code ON franchises(territory_code);
CREATE INDEX idx_franchises_status ON franchises(status);
CREATE INDEX idx_franchises_is_active ON franchises(is_active);
COMMENT ON COLUMN franchises.company_id IS 'logical reference to customer_db.companies.company_id (another database: no foreign key; checked by quenty-db audit)';

-- franchise_performance
CREATE TABLE franchise_performance (
    id SERIAL PRIMARY KEY,
    performance_id VARCHAR(255) UNIQUE NOT NULL,
    franchise_id INTEGER REFERENCES franchises(id) ON DELETE CASCADE,
    period_type VARCHAR(20),
    period_start DATE NOT NULL,
    period_end DATE NOT NULL,
    revenue NUMERIC(12,2) DEFAULT 0,
    costs NUMERIC(12,2) DEFAULT 0,
    profit NUMERIC(12,2) DEFAULT 0,
    royalties_paid NUMERIC(12,2) DEFAULT 0,
    orders_count INTEGER DEFAULT 0,
    customers_served INTEGER DEFAULT 0,
    average_order_value NUMERIC(10,2) DEFAULT 0,
    customer_satisfaction_score NUMERIC(3,2) DEFAULT 0,
    performance_score NUMERIC(5,2) DEFAULT 0,
    ranking INTEGER,
    improvement_areas JSONB,
    calculated_at TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP,
    created_at TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP
);

CREATE INDEX idx_franchise_performance_performance_id ON franchise_performance(performance_id);
CREATE INDEX idx_franchise_performance_franchise_id ON franchise_performance(franchise_id);
CREATE INDEX idx_franchise_performance_period ON franchise_performance(period_start, period_end);
CREATE INDEX idx_franchise_performance_score ON franchise_performance(performance_score DESC);
`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
DROP TABLE IF EXISTS franchise_performance CASCADE;
DROP TABLE IF EXISTS franchises CASCADE;
DROP TABLE IF EXISTS territories CASCADE;
`);
}
