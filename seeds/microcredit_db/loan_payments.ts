import { defineTable, isoDate, ordinalUuid } from '../../src/seed/kit';
import { SCHEDULE } from './payment_schedules';
import { loanFacts } from './loans';

/** A payment for every paid schedule line, on its due date (partitioned by payment_date). */
export default defineTable({
  table: 'loan_payments',
  columns: ['id', 'payment_id', 'loan_id', 'payment_amount', 'principal_amount', 'interest_amount', 'late_fee_amount', 'payment_date', 'payment_method', 'payment_reference', 'payment_status', 'remaining_balance', 'created_at'],
  count: (g) => SCHEDULE.total(g.count('loans')),
  row(g, i, rng) {
    const { parent, index } = SCHEDULE.parentOf(i);
    const f = loanFacts(g, parent);
    if (index >= f.paid) return null;
    const s = f.schedule[index];
    const d = f.due[index];
    return { id: i + 1, payment_id: ordinalUuid(g.seed, 'micro.payments', i), loan_id: parent + 1, payment_amount: s.payment, principal_amount: s.principal, interest_amount: s.interest, late_fee_amount: 0, payment_date: isoDate(d), payment_method: rng.pick(['spei', 'oxxo', 'domiciliacion', 'efectivo']), payment_reference: `REF-${String(i + 1).padStart(10, '0')}`, payment_status: 'completed', remaining_balance: s.remaining, created_at: d };
  },
});
