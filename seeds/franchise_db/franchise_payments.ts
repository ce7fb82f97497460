import { defineTable, fanout, addMonthsUtc, monthStart } from '../../src/seed/kit';

const PAYMENTS = fanout([12]);

export default defineTable({
  table: 'franchise_payments',
  columns: ['id', 'franchise_id', 'payment_type', 'amount', 'due_date', 'paid_date', 'payment_method', 'transaction_id', 'status', 'created_at'],
  count: (g) => PAYMENTS.total(g.count('franchises')),
  row(g, i, rng) {
    const { parent, index } = PAYMENTS.parentOf(i);
    const due = addMonthsUtc(monthStart(g.now, -11), index);
    const paid = due.getTime() < g.now.getTime() && rng.chance(0.92);
    return { id: i + 1, franchise_id: parent + 1, payment_type: 'royalty', amount: rng.money(5_000, 60_000), due_date: due.toISOString().slice(0, 10), paid_date: paid ? due.toISOString().slice(0, 10) : null, payment_method: paid ? 'spei' : null, transaction_id: paid ? `SPEI-${String(i + 1).padStart(10, '0')}` : null, status: paid ? 'paid' : due.getTime() < g.now.getTime() ? 'overdue' : 'pending', created_at: due };
  },
});
