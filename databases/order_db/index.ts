import { defineDatabase } from '../../src/registry/schema';

export default defineDatabase({
  name: 'order_db',
  service: 'order',
  description: 'Order service: products, orders and their items, inventory and stock movements',
  partitioned: [{ table: 'stock_movements', column: 'created_at', columnType: 'timestamptz', monthsAhead: 4, retentionMonths: 24 }],
  references: [
    {
      table: 'orders',
      column: 'customer_id',
      nullable: false,
      parent: { database: 'customer_db', table: 'users', column: 'unique_id' },
      source: '001 Cross-Service Constraints: customers.unique_id <- orders.customer_id; 000 Order ERD',
    },
    {
      table: 'orders',
      column: 'company_id',
      nullable: false,
      parent: { database: 'customer_db', table: 'companies', column: 'company_id' },
      source: '000 Order ERD: Orders.company_id -> Customer Service (Companies.company_id)',
    },
    {
      table: 'products',
      column: 'company_id',
      nullable: false,
      parent: { database: 'customer_db', table: 'companies', column: 'company_id' },
      source: '001 Cross-Service Constraints: companies.company_id <- products.company_id; 000 complete ERD',
    },
  ],
});
