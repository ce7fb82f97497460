import { defineDatabase } from '../../src/registry/schema';

export default defineDatabase({
  name: 'intl_shipping_db',
  service: 'intlship',
  description: 'International shipping service: manifests, their items, rates, countries and carriers',
  references: [
    {
      table: 'manifests',
      column: 'company_id',
      nullable: false,
      parent: { database: 'customer_db', table: 'companies', column: 'company_id' },
      source: '001 Cross-Service Constraints: companies.company_id <- manifests.company_id; 000 Shipping ERD',
    },
    {
      table: 'manifests',
      column: 'created_by',
      nullable: false,
      parent: { database: 'customer_db', table: 'users', column: 'unique_id' },
      source: '001 Cross-Service Constraints: customers.unique_id <- manifests.created_by; 000 Shipping ERD',
    },
    {
      table: 'manifest_items',
      column: 'product_id',
      nullable: true,
      parent: { database: 'order_db', table: 'products', column: 'id' },
      source: '001 Cross-Service Constraints: products.id <- manifest_items.product_id; 000 Shipping ERD',
    },
  ],
});
