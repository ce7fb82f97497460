import type { Rule } from '../../src/registry/schema';

/** Business rules of pickup_db; each SQL selects the offending rows, primary key first. */
const rules: Array<Partial<Rule> & Pick<Rule, 'name' | 'description' | 'sql'>> = [
  {
    name: 'capacity_overbooked',
    description: 'a pickup slot never has more bookings than its capacity',
    sql: `SELECT id, postal_code, pickup_date, max_capacity, current_bookings FROM pickup_capacity WHERE current_bookings > max_capacity`,
    severity: 'error',
    source: '000 Pickup ERD: PickupCapacity',
  },
];
export default rules;
