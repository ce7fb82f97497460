import { defineTable, fanout, isoDate } from '../../src/seed/kit';
import { TERMS } from './credit_applications';
import { loanFacts } from './loans';

/** One line per month of each loan's term (the term follows TERMS by ordinal). */
export const SCHEDULE = fanout(TERMS);

export default defineTable({
  table: 'payment_schedules',
  columns: ['id', 'loan_id', 'payment_number', 'due_date', 'payment_amount', 'principal_amount', 'interest_amount', 'remaining_balance', 'status', 'paid_date', 'created_at'],
  count: (g) => SCHEDULE.total(g.count('loans')),
  row(g, i) {
    const { parent, index } = SCHEDULE.parentOf(i);
    const f = loanFacts(g, parent);
    const s = f.schedule[index];
    const paid = index < f.paid;
    const due = f.due[index];
    return { id: i + 1, loan_id: parent + 1, payment_number: s.number, due_date: isoDate(due), payment_amount: s.payment, principal_amount: s.principal, interest_amount: s.interest, remaining_balance: s.remaining, status: paid ? 'paid' : due.getTime() < g.now.getTime() ? 'overdue' : 'pending', paid_date: paid ? isoDate(due) : null, created_at: f.disbursed };
  },
});
