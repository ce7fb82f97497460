import { defineTable, addDays } from '../../src/seed/kit';
import { loanFacts } from './loans';

/** One collection contact per late loan. */
export default defineTable({
  table: 'collection_logs',
  columns: ['id', 'loan_id', 'collection_date', 'collection_type', 'contact_method', 'outcome', 'next_action', 'notes', 'agent_id', 'created_at'],
  count: (g) => g.count('loans'),
  row(g, i, rng) {
    const f = loanFacts(g, i);
    if (!f.defaulted || f.paid >= f.term) return null;
    const at = new Date(Math.min(addDays(f.due[f.paid], 5).getTime(), g.now.getTime() - 3_600_000));
    return { id: i + 1, loan_id: i + 1, collection_date: at, collection_type: 'reminder', contact_method: rng.pick(['phone', 'sms', 'whatsapp', 'visit']), outcome: rng.pick(['promise_to_pay', 'no_answer', 'paid']), next_action: 'seguimiento en 7 días', notes: null, agent_id: g.refAt('agent_id', g.find('auth_db', 'users', 'role', 'collector', i)), created_at: at };
  },
});
