import type { Knex } from 'knex';

/** franchise_db: the tables the ERD adds (FranchiseContracts, FranchisePayments, FranchiseAudits). */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
CREATE TABLE franchise_contracts (
    id SERIAL PRIMARY KEY,
    franchise_id INTEGER NOT NULL REFERENCES franchises(id) ON DELETE CASCADE,
    contract_type VARCHAR(50) NOT NULL,
    start_date DATE NOT NULL,
    end_date DATE,
    terms_conditions TEXT,
    renewal_terms TEXT,
    fee_structure JSONB DEFAULT '{}',
    performance_requirements JSONB DEFAULT '{}',
    signed_date DATE,
    status VARCHAR(50) DEFAULT 'draft',
    created_at TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP,
    CHECK (end_date IS NULL OR end_date > start_date)
);
CREATE INDEX idx_franchise_contracts_franchise_id ON franchise_contracts(franchise_id);

CREATE TABLE franchise_payments (
    id SERIAL PRIMARY KEY,
    franchise_id INTEGER NOT NULL REFERENCES franchises(id) ON DELETE CASCADE,
    payment_type VARCHAR(50) NOT NULL,
    amount NUMERIC(12,2) NOT NULL CHECK (amount >= 0),
    due_date DATE NOT NULL,
    paid_date DATE,
    payment_method VARCHAR(50),
    transaction_id VARCHAR(255) UNIQUE,
    status VARCHAR(50) DEFAULT 'pending',
    created_at TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP
);
CREATE INDEX idx_franchise_payments_franchise_id ON franchise_payments(franchise_id, due_date);
CREATE INDEX idx_franchise_payments_status ON franchise_payments(status);

CREATE TABLE franchise_audits (
    id SERIAL PRIMARY KEY,
    franchise_id INTEGER NOT NULL REFERENCES franchises(id) ON DELETE CASCADE,
    audit_type VARCHAR(50) NOT NULL,
    audit_date DATE NOT NULL,
    auditor_id VARCHAR(255),
    findings JSONB DEFAULT '[]',
    compliance_score NUMERIC(5,2) CHECK (compliance_score BETWEEN 0 AND 100),
    action_items JSONB DEFAULT '[]',
    follow_up_date DATE,
    status VARCHAR(50) DEFAULT 'scheduled',
    created_at TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP
);
CREATE INDEX idx_franchise_audits_franchise_id ON franchise_audits(franchise_id, audit_date);
CREATE INDEX idx_franchise_audits_auditor_id ON franchise_audits(auditor_id);
COMMENT ON COLUMN franchise_audits.auditor_id IS 'logical reference to auth_db.users.user_id (another database: no foreign key; checked by quenty-db audit)';
`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP TABLE IF EXISTS franchise_audits, franchise_payments, franchise_contracts CASCADE');
}
