import { defineTable, fanout, addDays } from '../../src/seed/kit';
import { returnFacts } from './returns';

const LIFE: Record<string, string[]> = {
  requested: ['requested'], approved: ['requested', 'approved'], in_transit: ['requested', 'approved', 'in_transit'], received: ['requested', 'approved', 'in_transit', 'received'],
  refunded: ['requested', 'approved', 'in_transit', 'received', 'refunded'], exchanged: ['requested', 'approved', 'in_transit', 'received', 'exchanged'],
  closed: ['requested', 'approved', 'in_transit', 'received', 'closed'], rejected: ['requested', 'rejected'],
};
const STEPS = fanout([5]);

/** The life cycle of each return, one row per status reached, in order. */
export default defineTable({
  table: 'return_status_history',
  columns: ['id', 'return_id', 'status', 'status_date', 'changed_by', 'notes', 'created_at'],
  count: (g) => STEPS.total(g.count('returns')),
  row(g, i) {
    const { parent, index } = STEPS.parentOf(i);
    const f = returnFacts(g, parent);
    const life = LIFE[f.status];
    if (index >= life.length) return null;
    const at = new Date(Math.min(addDays(f.created, index * 2).getTime(), g.now.getTime() - 60_000 * (life.length - index)));
    return { id: i + 1, return_id: parent + 1, status: life[index], status_date: at, changed_by: 'system', notes: null, created_at: at };
  },
});
