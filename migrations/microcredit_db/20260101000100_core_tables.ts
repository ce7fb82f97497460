import type { Knex } from 'knex';

/**
 * microcredit_db: the tables of the SQL document, with their indexes.
 * Generated once from the spec (001, section "microcredit_db") and then owned by this file: an applied
 * migration is never edited (its SHA-256 is checked); changes go in a new migration.
 */

export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
-- credit_applications
CREATE TABLE credit_applications (
    id SERIAL PRIMARY KEY,
    application_id VARCHAR(255) UNIQUE NOT NULL,
    customer_id VARCHAR(255) NOT NULL,
    customer_type VARCHAR(50) DEFAULT 'individual',
    requested_amount NUMERIC(12,2) NOT NULL,
    requested_term_months INTEGER NOT NULL,
    purpose VARCHAR(100) NOT NULL,
    application_type VARCHAR(50) DEFAULT 'new',
    monthly_income NUMERIC(12,2),
    employment_status VARCHAR(50),
    employment_duration INTEGER,
    existing_debts NUMERIC(12,2) DEFAULT 0,
    credit_score INTEGER,
    risk_category VARCHAR(20),
    approved_amount NUMERIC(12,2),
    approved_term_months INTEGER,
    interest_rate NUMERIC(5,4),
    status VARCHAR(50) DEFAULT 'pending',
    decision_reason TEXT,
    processed_by VARCHAR(255),
    decision_date TIMESTAMP WITH TIME ZONE,
    documents_submitted JSONB DEFAULT '[]',
    verification_status VARCHAR(50) DEFAULT 'pending',
    created_at TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP,
    updated_at TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP,
    expires_at TIMESTAMP WITH TIME ZONE
);

CREATE INDEX idx_credit_applications_application_id ON credit_applications(application_id);
CREATE INDEX idx_credit_applications_customer_id ON credit_applications(customer_id);
CREATE INDEX idx_credit_applications_status ON credit_applications(status);
CREATE INDEX idx_credit_applications_created_at ON credit_applications(created_at DESC);
COMMENT ON COLUMN credit_applications.customer_id IS 'logical reference to customer_db.users.unique_id (another database: no foreign key; checked by quenty-db audit)';

-- loans
CREATE TABLE loans (
    id SERIAL PRIMARY KEY,
    loan_id VARCHAR(255) UNIQUE NOT NULL,
    application_id INTEGER REFERENCES credit_applications(id),
    customer_id VARCHAR(255) NOT NULL,
    principal_amount NUMERIC(12,2) NOT NULL,
    interest_rate NUMERIC(5,4) NOT NULL,
    term_months INTEGER NOT NULL,
    monthly_payment NUMERIC(10,2) NOT NULL,
    status VARCHAR(50) DEFAULT 'active',
    disbursement_date DATE NOT NULL,
    first_payment_date DATE NOT NULL,
    maturity_date DATE NOT NULL,
    total_amount_due NUMERIC(12,2),
    amount_paid NUMERIC(12,2) DEFAULT 0,
    outstanding_balance NUMERIC(12,2),
    accrued_interest NUMERIC(12,2) DEFAULT 0,
    late_fees NUMERIC(10,2) DEFAULT 0,
    next_payment_date DATE,
    next_payment_amount NUMERIC(10,2),
    payments_made INTEGER DEFAULT 0,
    payments_remaining INTEGER,
    days_past_due INTEGER DEFAULT 0,
    risk_category VARCHAR(20),
    collection_status VARCHAR(50),
    restructured BOOLEAN DEFAULT FALSE,
    created_at TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP,
    updated_at TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP,
    closed_at TIMESTAMP WITH TIME ZONE
);

CREATE INDEX idx_loans_loan_id ON loans(loan_id);
CREATE INDEX idx_loans_customer_id ON loans(customer_id);
CREATE INDEX idx_loans_application_id ON loans(application_id);
CREATE INDEX idx_loans_status ON loans(status);
CREATE INDEX idx_loans_next_payment_date ON loans(next_payment_date);
CREATE INDEX idx_loans_days_past_due ON loans(days_past_due);
COMMENT ON COLUMN loans.customer_id IS 'logical reference to customer_db.users.unique_id (another database: no foreign key; checked by quenty-db audit)';

-- loan_payments
CREATE TABLE loan_payments (
    id SERIAL,
    payment_id VARCHAR(255) NOT NULL,
    loan_id INTEGER REFERENCES loans(id) ON DELETE CASCADE,
    payment_amount NUMERIC(10,2) NOT NULL,
    principal_amount NUMERIC(10,2) NOT NULL,
    interest_amount NUMERIC(10,2) NOT NULL,
    late_fee_amount NUMERIC(10,2) DEFAULT 0,
    payment_date DATE NOT NULL,
    payment_method VARCHAR(50),
    payment_reference VARCHAR(255),
    payment_status VARCHAR(50) DEFAULT 'completed',
    remaining_balance NUMERIC(12,2),
    created_at TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP,
    PRIMARY KEY (id, payment_date),
    UNIQUE (payment_id, payment_date)
) PARTITION BY RANGE (payment_date);

-- Rows outside every monthly partition land here instead of failing; quenty-db partitions ensure
-- creates the months and moves such rows out.
CREATE TABLE loan_payments_default PARTITION OF loan_payments DEFAULT;

CREATE INDEX idx_loan_payments_payment_id ON loan_payments(payment_id);
CREATE INDEX idx_loan_payments_loan_id ON loan_payments(loan_id);
CREATE INDEX idx_loan_payments_payment_date ON loan_payments(payment_date DESC);
CREATE INDEX idx_loan_payments_status ON loan_payments(payment_status);

-- credit_scores
CREATE TABLE credit_scores (
    id SERIAL PRIMARY KEY,
    score_id VARCHAR(255) UNIQUE NOT NULL,
    customer_id VARCHAR(255) NOT NULL,
    score INTEGER NOT NULL, -- 300-850 range
    score_date TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP,
    score_version VARCHAR(10) DEFAULT 'v2.0',
    payment_history_score INTEGER,
    credit_utilization_score INTEGER,
    length_of_history_score INTEGER,
    credit_mix_score INTEGER,
    new_credit_score INTEGER,
    risk_category VARCHAR(20),
    default_probability NUMERIC(5,4),
    recommended_limit NUMERIC(12,2),
    positive_factors JSONB DEFAULT '[]',
    negative_factors JSONB DEFAULT '[]',
    improvement_suggestions JSONB DEFAULT '[]',
    previous_score INTEGER,
    score_change INTEGER,
    calculated_by VARCHAR(100) DEFAULT 'system',
    created_at TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP
);

CREATE INDEX idx_credit_scores_score_id ON credit_scores(score_id);
CREATE INDEX idx_credit_scores_customer_id ON credit_scores(customer_id);
CREATE INDEX idx_credit_scores_score_date ON credit_scores(score_date DESC);
CREATE INDEX idx_credit_scores_score ON credit_scores(score);
COMMENT ON COLUMN credit_scores.customer_id IS 'logical reference to customer_db.users.unique_id (another database: no foreign key; checked by quenty-db audit)';
`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
DROP TABLE IF EXISTS credit_scores CASCADE;
DROP TABLE IF EXISTS loan_payments CASCADE;
DROP TABLE IF EXISTS loans CASCADE;
DROP TABLE IF EXISTS credit_applications CASCADE;
`);
}
