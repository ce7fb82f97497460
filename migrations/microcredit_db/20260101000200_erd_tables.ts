import type { Knex } from 'knex';

/** microcredit_db: the tables the ERD adds (CreditChecks, PaymentSchedule, CollectionLog). */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
CREATE TABLE credit_checks (
    id SERIAL PRIMARY KEY,
    application_id INTEGER NOT NULL REFERENCES credit_applications(id) ON DELETE CASCADE,
    check_type VARCHAR(50) NOT NULL,
    check_date TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT CURRENT_TIMESTAMP,
    bureau_name VARCHAR(100),
    credit_score INTEGER CHECK (credit_score BETWEEN 300 AND 850),
    payment_history VARCHAR(50),
    debt_to_income NUMERIC(5,4),
    employment_verified BOOLEAN DEFAULT FALSE,
    income_verified BOOLEAN DEFAULT FALSE,
    risk_factors JSONB DEFAULT '[]',
    recommendations JSONB DEFAULT '[]',
    created_at TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP
);
CREATE INDEX idx_credit_checks_application_id ON credit_checks(application_id);

CREATE TABLE payment_schedules (
    id SERIAL PRIMARY KEY,
    loan_id INTEGER NOT NULL REFERENCES loans(id) ON DELETE CASCADE,
    payment_number INTEGER NOT NULL CHECK (payment_number >= 1),
    due_date DATE NOT NULL,
    payment_amount NUMERIC(10,2) NOT NULL,
    principal_amount NUMERIC(10,2) NOT NULL,
    interest_amount NUMERIC(10,2) NOT NULL,
    remaining_balance NUMERIC(12,2) NOT NULL,
    status VARCHAR(50) DEFAULT 'pending',
    paid_date DATE,
    created_at TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP,
    UNIQUE (loan_id, payment_number)
);
CREATE INDEX idx_payment_schedules_due_date ON payment_schedules(due_date);
CREATE INDEX idx_payment_schedules_status ON payment_schedules(status);

CREATE TABLE collection_logs (
    id SERIAL PRIMARY KEY,
    loan_id INTEGER NOT NULL REFERENCES loans(id) ON DELETE CASCADE,
    collection_date TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT CURRENT_TIMESTAMP,
    collection_type VARCHAR(50) NOT NULL,
    contact_method VARCHAR(50),
    outcome VARCHAR(100),
    next_action VARCHAR(255),
    notes TEXT,
    agent_id VARCHAR(255),
    created_at TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP
);
CREATE INDEX idx_collection_logs_loan_id ON collection_logs(loan_id, collection_date);
CREATE INDEX idx_collection_logs_agent_id ON collection_logs(agent_id);
COMMENT ON COLUMN collection_logs.agent_id IS 'logical reference to auth_db.users.user_id (another database: no foreign key; checked by quenty-db audit)';
`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP TABLE IF EXISTS collection_logs, payment_schedules, credit_checks CASCADE');
}
