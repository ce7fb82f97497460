import { defineTable } from '../../src/seed/kit';
import { ACTIONS, RESOURCES } from './permissions';
import { ROLES } from './roles';

/** admin: everything; every other role: read everything, write its own resource. */
const OWN: Record<string, string[]> = {
  customer: ['orders', 'pickups', 'returns'],
  driver: ['pickups'],
  inspector: ['returns'],
  collector: ['loans'],
  analyst: ['reports'],
};
export const PAIRS: Array<[number, number]> = [];
ROLES.forEach(([name], r) => {
  RESOURCES.forEach((res, ri) =>
    ACTIONS.forEach((a, ai) => {
      if (name === 'admin' || a === 'read' || (a === 'write' && OWN[name]?.includes(res))) PAIRS.push([r + 1, ri * ACTIONS.length + ai + 1]);
    }),
  );
});

export default defineTable({
  table: 'role_permissions',
  columns: ['id', 'role_id', 'permission_id', 'assigned_at'],
  count: () => PAIRS.length,
  row(g, i) {
    return { id: i + 1, role_id: PAIRS[i][0], permission_id: PAIRS[i][1], assigned_at: g.time(0, 'roles') };
  },
});
