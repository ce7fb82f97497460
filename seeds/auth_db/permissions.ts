import { defineTable, ordinalUuid } from '../../src/seed/kit';

export const RESOURCES = ['users', 'orders', 'pickups', 'manifests', 'returns', 'franchises', 'loans', 'reports'];
export const ACTIONS = ['read', 'write', 'delete'];

export default defineTable({
  table: 'permissions',
  columns: ['id', 'permission_id', 'name', 'resource', 'action', 'description', 'is_active', 'created_at'],
  count: () => RESOURCES.length * ACTIONS.length,
  row(g, i) {
    const resource = RESOURCES[Math.floor(i / ACTIONS.length)];
    const action = ACTIONS[i % ACTIONS.length];
    return {
      id: i + 1,
      permission_id: ordinalUuid(g.seed, 'auth.permissions', i),
      name: `${resource}:${action}`,
      resource,
      action,
      description: `${action} ${resource}`,
      is_active: true,
      created_at: g.time(0, 'roles'),
    };
  },
});
