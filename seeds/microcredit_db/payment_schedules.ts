import { defineTable, fanout, isoDate } from '../../src/seed/kit';
import { TERMS } from './model';

/** One line per month of each loan's term; the term follows TERMS by application ordinal. */
export const SCHEDULE = fanout(TERMS);

/** Status of a line as of the anchor: paid, partially paid, overdue (due and unpaid) or pending. */
export default defineTable({
  table: 'payment_schedules',
  columns: [
    'id',
    'loan_id',
    'payment_number',
    'due_date',
    'payment_amount',
    'principal_amount',
    'interest_amount',
    'remaining_balance',
    'status',
    'paid_date',
    'created_at',
  ],
  count: (g) => SCHEDULE.total(g.count('loans')),
  row(g, i) {
    const { parent, index } = SCHEDULE.parentOf(i);
    const f = g.facts('microcredit_db', 'loans', parent);
    if (!f.exists) return null;
    const s = f.schedule[index];
    const p = f.payments[index];
    const today = g.clock.local(f.tz, g.now).dayMs;
    const status = p?.full ? 'paid' : p ? 'partial' : f.due[index] < today ? 'overdue' : 'pending';
    return {
      id: i + 1,
      loan_id: parent + 1,
      payment_number: s.number,
      due_date: isoDate(new Date(f.due[index])),
      payment_amount: s.payment,
      principal_amount: s.principal,
      interest_amount: s.interest,
      remaining_balance: s.remaining,
      status,
      paid_date: p?.full ? isoDate(new Date(p.day)) : null,
      created_at: f.disbursed,
    };
  },
});
