import { defineDatabase } from '../../src/registry/schema';

export default defineDatabase({
  name: 'pickup_db',
  service: 'pickup',
  description: 'Pickup service: pickups, routes, packages, attempts, drivers, capacity and zones',
  references: [
    {
      table: 'pickups',
      column: 'customer_id',
      nullable: false,
      parent: { database: 'customer_db', table: 'users', column: 'unique_id' },
      source: '001 Cross-Service Constraints: customers.unique_id <- pickups.customer_id; 000 Pickup ERD',
    },
    {
      table: 'pickup_packages',
      column: 'order_id',
      nullable: true,
      parent: { database: 'order_db', table: 'orders', column: 'order_number' },
      source: '000 Pickup ERD: PickupPackages.order_id -> Order Service (Orders.order_number); 000 data flow: Orders.order_number -> Pickups.packages.order_id',
      note: '001 lists pickup_packages.order_id under products.id; the column is a VARCHAR named order_id and both ERD sections say orders.order_number, so the ERD wins (README: spec choices).',
    },
    {
      table: 'drivers',
      column: 'user_id',
      nullable: true,
      parent: { database: 'auth_db', table: 'users', column: 'user_id' },
      source: '000 Pickup ERD: Drivers.user_id -> Auth Service (Users.user_id)',
    },
  ],
});
