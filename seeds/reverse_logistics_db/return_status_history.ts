import { defineTable, fanout } from '../../src/seed/kit';

const STEPS = ['requested', 'approved', 'rejected', 'in_transit', 'received', 'refunded', 'exchanged', 'closed'] as const;
const SLOTS = fanout([STEPS.length]);

/** The life of each return, one row per status it reached, at the time it reached it. */
export default defineTable({
  table: 'return_status_history',
  columns: ['id', 'return_id', 'status', 'status_date', 'changed_by', 'notes', 'created_at'],
  count: (g) => SLOTS.total(g.count('returns')),
  row(g, i) {
    const { parent, index } = SLOTS.parentOf(i);
    const f = g.facts('reverse_logistics_db', 'returns', parent);
    const at = f.order < 0 ? undefined : f.times[STEPS[index]];
    if (!at) return null;
    return {
      id: i + 1,
      return_id: parent + 1,
      status: STEPS[index],
      status_date: at,
      changed_by: index === 0 ? 'customer' : 'system',
      notes: null,
      created_at: at,
    };
  },
});
