import type { Knex } from 'knex';

/**
 * pickup_db: the tables of the SQL document, with their indexes.
 * Generated once from the spec (001, section "pickup_db") and then owned by this file: an applied
 * migration is never edited (its SHA-256 is checked); changes go in a new migration.
 */

export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
-- pickup_routes
CREATE TABLE pickup_routes (
    id SERIAL PRIMARY KEY,
    route_id VARCHAR(255) UNIQUE NOT NULL,
    driver_id VARCHAR(255) NOT NULL,
    route_name VARCHAR(255),
    route_date DATE NOT NULL,
    status VARCHAR(50) DEFAULT 'planned' NOT NULL,
    vehicle_type VARCHAR(50) NOT NULL,
    vehicle_license_plate VARCHAR(50),
    total_distance_km REAL,
    estimated_duration_minutes INTEGER,
    actual_duration_minutes INTEGER,
    total_pickups INTEGER DEFAULT 0,
    completed_pickups INTEGER DEFAULT 0,
    optimized_waypoints JSONB,
    route_start_time TIMESTAMP WITH TIME ZONE,
    route_end_time TIMESTAMP WITH TIME ZONE,
    created_at TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP,
    updated_at TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP
);

CREATE INDEX idx_pickup_routes_route_id ON pickup_routes(route_id);
CREATE INDEX idx_pickup_routes_driver_id ON pickup_routes(driver_id);
CREATE INDEX idx_pickup_routes_date ON pickup_routes(route_date);
CREATE INDEX idx_pickup_routes_status ON pickup_routes(status);

-- pickups
CREATE TABLE pickups (
    id SERIAL PRIMARY KEY,
    pickup_id VARCHAR(255) UNIQUE NOT NULL,
    customer_id VARCHAR(255) NOT NULL,
    pickup_type VARCHAR(50) NOT NULL, -- on_demand, scheduled, recurring, express
    status VARCHAR(50) DEFAULT 'scheduled' NOT NULL,
    pickup_date DATE NOT NULL,
    time_window_start TIME NOT NULL,
    time_window_end TIME NOT NULL,
    pickup_address TEXT NOT NULL,
    pickup_latitude REAL,
    pickup_longitude REAL,
    postal_code VARCHAR(20),
    city VARCHAR(100),
    state VARCHAR(100),
    country VARCHAR(10) DEFAULT 'MX',
    contact_name VARCHAR(255) NOT NULL,
    contact_phone VARCHAR(50) NOT NULL,
    contact_email VARCHAR(255),
    package_count INTEGER NOT NULL,
    estimated_weight_kg REAL NOT NULL,
    actual_weight_kg REAL,
    estimated_volume_m3 REAL,
    actual_volume_m3 REAL,
    requires_packaging BOOLEAN DEFAULT FALSE,
    fragile_items BOOLEAN DEFAULT FALSE,
    special_instructions TEXT,
    assigned_driver_id VARCHAR(255),
    assigned_vehicle_type VARCHAR(50),
    assigned_route_id INTEGER REFERENCES pickup_routes(id),
    estimated_arrival_time TIMESTAMP WITH TIME ZONE,
    actual_pickup_time TIMESTAMP WITH TIME ZONE,
    completion_notes TEXT,
    customer_signature TEXT,
    driver_notes TEXT,
    completion_photos JSONB,
    pickup_cost REAL,
    currency VARCHAR(10) DEFAULT 'MXN',
    created_at TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP,
    updated_at TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP
);

CREATE INDEX idx_pickups_pickup_id ON pickups(pickup_id);
CREATE INDEX idx_pickups_customer_id ON pickups(customer_id);
CREATE INDEX idx_pickups_status ON pickups(status);
CREATE INDEX idx_pickups_pickup_date ON pickups(pickup_date);
CREATE INDEX idx_pickups_assigned_driver_id ON pickups(assigned_driver_id);
COMMENT ON COLUMN pickups.customer_id IS 'logical reference to customer_db.users.unique_id (another database: no foreign key; checked by quenty-db audit)';

-- pickup_packages
CREATE TABLE pickup_packages (
    id SERIAL PRIMARY KEY,
    pickup_id INTEGER REFERENCES pickups(id) ON DELETE CASCADE,
    package_reference VARCHAR(255),
    description VARCHAR(500),
    category VARCHAR(100),
    weight_kg REAL,
    length_cm REAL,
    width_cm REAL,
    height_cm REAL,
    is_fragile BOOLEAN DEFAULT FALSE,
    requires_signature BOOLEAN DEFAULT TRUE,
    insurance_value REAL,
    destination_address TEXT,
    destination_contact_name VARCHAR(255),
    destination_contact_phone VARCHAR(50),
    tracking_number VARCHAR(255) UNIQUE,
    order_id VARCHAR(255),
    created_at TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP
);

CREATE INDEX idx_pickup_packages_pickup_id ON pickup_packages(pickup_id);
CREATE INDEX idx_pickup_packages_tracking_number ON pickup_packages(tracking_number);
CREATE INDEX idx_pickup_packages_order_id ON pickup_packages(order_id);
COMMENT ON COLUMN pickup_packages.order_id IS 'logical reference to order_db.orders.order_number (another database: no foreign key; checked by quenty-db audit)';

-- pickup_attempts
CREATE TABLE pickup_attempts (
    id SERIAL PRIMARY KEY,
    pickup_id INTEGER REFERENCES pickups(id) ON DELETE CASCADE,
    attempt_number INTEGER NOT NULL,
    attempted_at TIMESTAMP WITH TIME ZONE NOT NULL,
    driver_id VARCHAR(255),
    attempt_status VARCHAR(50) NOT NULL,
    failure_reason VARCHAR(500),
    failure_category VARCHAR(100),
    reschedule_date DATE,
    reschedule_time_start TIME,
    reschedule_time_end TIME,
    driver_notes TEXT,
    attempt_photos JSONB,
    gps_coordinates JSONB,
    created_at TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP
);

CREATE INDEX idx_pickup_attempts_pickup_id ON pickup_attempts(pickup_id);
CREATE INDEX idx_pickup_attempts_driver_id ON pickup_attempts(driver_id);
CREATE INDEX idx_pickup_attempts_attempted_at ON pickup_attempts(attempted_at);
`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
DROP TABLE IF EXISTS pickup_attempts CASCADE;
DROP TABLE IF EXISTS pickup_packages CASCADE;
DROP TABLE IF EXISTS pickups CASCADE;
DROP TABLE IF EXISTS pickup_routes CASCADE;
`);
}
