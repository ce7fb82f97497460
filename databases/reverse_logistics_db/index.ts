import { defineDatabase } from '../../src/registry/schema';

export default defineDatabase({
  name: 'reverse_logistics_db',
  service: 'revlog',
  description: 'Reverse logistics service: returns, return items, inspections, status history, disposals and metrics',
  references: [
    {
      table: 'returns',
      column: 'original_order_id',
      nullable: false,
      parent: { database: 'order_db', table: 'orders', column: 'order_number' },
      source: '001 Cross-Service Constraints: orders.order_number <- returns.original_order_id; 000 Reverse Logistics ERD',
    },
    {
      table: 'returns',
      column: 'customer_id',
      nullable: false,
      parent: { database: 'customer_db', table: 'users', column: 'unique_id' },
      source: '001 Cross-Service Constraints: customers.unique_id <- returns.customer_id; 000 Reverse Logistics ERD',
    },
    {
      table: 'return_items',
      column: 'item_id',
      nullable: false,
      parent: { database: 'order_db', table: 'products', column: 'id' },
      source: '001 Cross-Service Constraints: products.id <- return_items.item_id; 000 Reverse Logistics ERD',
      note: 'item_id is VARCHAR, products.id is INTEGER: compared as text',
    },
    {
      table: 'inspection_reports',
      column: 'inspector_id',
      nullable: false,
      parent: { database: 'auth_db', table: 'users', column: 'user_id' },
      source: '000 Reverse Logistics ERD: InspectionReports.inspector_id -> Auth Service (Users.user_id)',
    },
  ],
});
