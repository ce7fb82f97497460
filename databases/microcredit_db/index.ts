import { defineDatabase } from '../../src/registry/schema';

export default defineDatabase({
  name: 'microcredit_db',
  service: 'microcredit',
  description: 'Microcredit service: applications, loans, payments (partitioned by month), schedules, scores, checks and collections',
  partitioned: [{ table: 'loan_payments', column: 'payment_date', columnType: 'date', monthsAhead: 4, retentionMonths: 84 }],
  references: [
    {
      table: 'credit_applications',
      column: 'customer_id',
      nullable: false,
      parent: { database: 'customer_db', table: 'users', column: 'unique_id' },
      source: '001 Cross-Service Constraints: customers.unique_id <- credit_applications.customer_id; 000 Microcredit ERD',
    },
    {
      table: 'loans',
      column: 'customer_id',
      nullable: false,
      parent: { database: 'customer_db', table: 'users', column: 'unique_id' },
      source: '000 data flow: Customer.users.unique_id -> Microcredit; loans carry the customer of their application',
    },
    {
      table: 'credit_scores',
      column: 'customer_id',
      nullable: false,
      parent: { database: 'customer_db', table: 'users', column: 'unique_id' },
      source: '000 Microcredit ERD: Customers (1) -> CreditScores (M)',
    },
    {
      table: 'collection_logs',
      column: 'agent_id',
      nullable: true,
      parent: { database: 'auth_db', table: 'users', column: 'user_id' },
      source: '000 Microcredit ERD: CollectionLog.agent_id -> Auth Service (Users.user_id)',
    },
  ],
});
