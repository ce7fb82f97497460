import { defineTable } from '../../src/seed/kit';
import { ROLES } from './roles';

const STAFF_ROLES = ['driver', 'inspector', 'collector', 'analyst', 'admin'];

export default defineTable({
  table: 'user_roles',
  columns: ['id', 'user_id', 'role_id', 'assigned_at', 'assigned_by'],
  count: (g) => g.count('users'),
  row(g, i, rng) {
    const customers = g.count('users', 'customer_db');
    const role = i < customers ? 'customer' : STAFF_ROLES[(i - customers) % STAFF_ROLES.length];
    return { id: i + 1, user_id: i + 1, role_id: ROLES.findIndex(([n]) => n === role) + 1, assigned_at: g.other('users').time(i), assigned_by: rng.chance(0.5) ? 'system' : 'admin' };
  },
});
