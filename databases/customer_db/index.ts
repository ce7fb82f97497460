import { defineDatabase } from '../../src/registry/schema';

export default defineDatabase({
  name: 'customer_db',
  service: 'customer',
  description: 'Customer service: customer users, companies and document types',
  references: [
    {
      table: 'users',
      column: 'unique_id',
      nullable: false,
      parent: { database: 'auth_db', table: 'users', column: 'user_id' },
      source: '000 complete ERD: Auth.users.user_id <-> Customer.users.unique_id; 000 Customer ERD: Users.unique_id -> Auth Service users',
    },
  ],
});
