import { defineTable } from '../../src/seed/kit';

/** Each user holds the role of their facts (customers: customer; staff: driver, inspector…), from sign-up on. */
export default defineTable({
  table: 'user_roles',
  columns: ['id', 'user_id', 'role_id', 'assigned_at', 'assigned_by'],
  count: (g) => g.count('users'),
  row(g, i) {
    const u = g.facts('auth_db', 'users', i);
    return {
      id: i + 1,
      user_id: i + 1,
      role_id: g.find('auth_db', 'roles', 'name', u.role) + 1,
      assigned_at: u.born,
      assigned_by: u.staff ? 'admin' : 'system',
    };
  },
});
