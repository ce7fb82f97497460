import type { Knex } from 'knex';

/**
 * customer_db: the tables of the SQL document, with their indexes.
 * Generated once from the spec (001, section "customer_db") and then owned by this file: an applied
 * migration is never edited (its SHA-256 is checked); changes go in a new migration.
 */

export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
-- companies
CREATE TABLE companies (
    id SERIAL PRIMARY KEY,
    company_id VARCHAR(255) UNIQUE NOT NULL,
    name VARCHAR(500),
    business_name VARCHAR(500),
    document_type VARCHAR(50),
    document_number VARCHAR(100) UNIQUE,
    active BOOLEAN DEFAULT TRUE,
    created_at TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP,
    updated_at TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP
);

CREATE INDEX idx_companies_company_id ON companies(company_id);
CREATE INDEX idx_companies_document_number ON companies(document_number);
CREATE INDEX idx_companies_active ON companies(active);
CREATE INDEX idx_companies_name ON companies(name);

-- users
CREATE TABLE users (
    id SERIAL PRIMARY KEY,
    unique_id VARCHAR(255) UNIQUE NOT NULL,
    username VARCHAR(255) UNIQUE NOT NULL,
    email VARCHAR(255) UNIQUE NOT NULL,
    password_hash VARCHAR(255) NOT NULL,
    first_name VARCHAR(255),
    last_name VARCHAR(255),
    phone VARCHAR(50),
    role VARCHAR(50) DEFAULT 'customer',
    active BOOLEAN DEFAULT TRUE,
    last_login TIMESTAMP WITH TIME ZONE,
    company_id VARCHAR(255) REFERENCES companies(company_id),
    created_at TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP,
    updated_at TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP
);

CREATE INDEX idx_users_unique_id ON users(unique_id);
CREATE INDEX idx_users_username ON users(username);
CREATE INDEX idx_users_email ON users(email);
CREATE INDEX idx_users_company_id ON users(company_id);
CREATE INDEX idx_users_role ON users(role);
CREATE INDEX idx_users_active ON users(active);
COMMENT ON COLUMN users.unique_id IS 'logical reference to auth_db.users.user_id (another database: no foreign key; checked by quenty-db audit)';

-- document_types
CREATE TABLE document_types (
    id SERIAL PRIMARY KEY,
    name VARCHAR(255) NOT NULL,
    code VARCHAR(50) UNIQUE NOT NULL,
    description TEXT,
    active BOOLEAN DEFAULT TRUE,
    created_at TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP
);

CREATE INDEX idx_document_types_code ON document_types(code);
CREATE INDEX idx_document_types_active ON document_types(active);
`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
DROP TABLE IF EXISTS document_types CASCADE;
DROP TABLE IF EXISTS users CASCADE;
DROP TABLE IF EXISTS companies CASCADE;
`);
}
