import type { Knex } from 'knex';

/** pickup_db: the tables the ERD adds (Drivers, PickupCapacity, PickupZones). */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
CREATE TABLE drivers (
    id SERIAL PRIMARY KEY,
    driver_id VARCHAR(255) UNIQUE NOT NULL,
    user_id VARCHAR(255),
    license_number VARCHAR(100) NOT NULL,
    license_expiry DATE,
    vehicle_type VARCHAR(50) NOT NULL,
    vehicle_plate VARCHAR(50),
    is_active BOOLEAN DEFAULT TRUE,
    current_zone VARCHAR(255),
    total_pickups INTEGER DEFAULT 0,
    success_rate NUMERIC(5,2) DEFAULT 0 CHECK (success_rate BETWEEN 0 AND 100),
    avg_rating NUMERIC(3,2) CHECK (avg_rating BETWEEN 0 AND 5),
    created_at TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP
);
CREATE INDEX idx_drivers_driver_id ON drivers(driver_id);
CREATE INDEX idx_drivers_user_id ON drivers(user_id);
CREATE INDEX idx_drivers_is_active ON drivers(is_active);
COMMENT ON COLUMN drivers.user_id IS 'logical reference to auth_db.users.user_id (another database: no foreign key; checked by quenty-db audit)';

CREATE TABLE pickup_capacity (
    id SERIAL PRIMARY KEY,
    postal_code VARCHAR(20) NOT NULL,
    pickup_date DATE NOT NULL,
    time_slot_start TIME NOT NULL,
    time_slot_end TIME NOT NULL,
    max_capacity INTEGER NOT NULL CHECK (max_capacity >= 0),
    current_bookings INTEGER NOT NULL DEFAULT 0 CHECK (current_bookings >= 0),
    special_event VARCHAR(255),
    created_at TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP,
    CHECK (time_slot_end > time_slot_start),
    UNIQUE (postal_code, pickup_date, time_slot_start)
);
CREATE INDEX idx_pickup_capacity_date_postal ON pickup_capacity(pickup_date, postal_code);

CREATE TABLE pickup_zones (
    id SERIAL PRIMARY KEY,
    zone_id VARCHAR(255) UNIQUE NOT NULL,
    zone_name VARCHAR(255) NOT NULL,
    postal_codes JSONB DEFAULT '[]',
    boundaries JSONB,
    service_available BOOLEAN DEFAULT TRUE,
    pickup_fee NUMERIC(10,2) DEFAULT 0,
    express_fee NUMERIC(10,2) DEFAULT 0,
    service_hours JSONB,
    slot_duration_minutes INTEGER DEFAULT 60,
    created_at TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP
);
CREATE INDEX idx_pickup_zones_zone_id ON pickup_zones(zone_id);
CREATE INDEX idx_pickup_zones_postal_codes_gin ON pickup_zones USING GIN (postal_codes);
`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP TABLE IF EXISTS pickup_zones, pickup_capacity, drivers CASCADE');
}
