import { defineDatabase } from '../../src/registry/schema';

export default defineDatabase({
  name: 'franchise_db',
  service: 'franchise',
  description: 'Franchise service: franchises, territories, contracts, payments, performance and audits',
  references: [
    {
      table: 'franchises',
      column: 'company_id',
      nullable: true,
      parent: { database: 'customer_db', table: 'companies', column: 'company_id' },
      source: '001 Cross-Service Constraints: companies.company_id <- franchises.*; 000 data flow: Customer.companies.company_id -> Franchises',
      note: 'the spec names no column ("franchises.*"); franchises.company_id is added for it (README: spec choices)',
    },
    {
      table: 'franchise_audits',
      column: 'auditor_id',
      nullable: true,
      parent: { database: 'auth_db', table: 'users', column: 'user_id' },
      source: '000 Franchise ERD: FranchiseAudit.auditor_id -> Auth Service',
    },
  ],
});
