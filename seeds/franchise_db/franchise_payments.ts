import { defineTable, fanout, addMonthsUtc, monthStart } from '../../src/seed/kit';

const PAYMENTS = fanout([12]);

export default defineTable({
  table: 'franchise_payments',
  columns: ['id', 'franchise_id', 'payment_type', 'amount', 'due_date', 'paid_date', 'payment_method', 'transaction_id', 'status', 'created_at'],
  count: (g) => PAYMENTS.total(g.count('franchises')),
  row(g, i, rng) {
    const { parent, index } = PAYMENTS.parentOf(i);
    // Monthly royalties from the first month after the contract starts, up to now.
    const start = g.other('territories').time(parent);
    const due = addMonthsUtc(monthStart(start, 1), index);
    if (due.getTime() > g.now.getTime()) return null;
    const recent = g.now.getTime() - due.getTime() < 30 * 86_400_000;
    const paid = rng.chance(recent ? 0.5 : 0.92);
    return { id: i + 1, franchise_id: parent + 1, payment_type: 'royalty', amount: rng.money(5_000, 60_000), due_date: due.toISOString().slice(0, 10), paid_date: paid ? due.toISOString().slice(0, 10) : null, payment_method: paid ? 'spei' : null, transaction_id: paid ? `SPEI-${String(i + 1).padStart(10, '0')}` : null, status: paid ? 'paid' : recent ? 'pending' : 'overdue', created_at: due };
  },
});
