import { defineTable, fanout, GenContext, RowFacts, rowRng, isoDate, monthStart, addDays, MX_TZ } from '../../src/seed/kit';
import { periodStart } from './franchises';
import { periodFigures } from './franchise_performance';

/** Per franchise: the initial fee, then one royalty per performance period. */
const SLOTS = fanout([19]);
const DAY = 86_400_000;

export interface PaymentFacts extends RowFacts {
  franchise: number;
  /** -1: the initial fee; else the period. */
  period: number;
  type: 'initial_fee' | 'royalty';
  amountCents: number;
  due: Date;
  status: 'paid' | 'pending' | 'overdue' | 'none';
  times: { due: Date; paid?: Date };
}
declare module '../../src/seed/types' {
  interface FactsRegistry {
    'franchise_db.franchise_payments': PaymentFacts;
  }
}

/**
 * The initial fee is due when the contract is signed and paid within days. A period's royalty
 * (its revenue × the contract's rate) is due on the 10th of the next month and paid around then,
 * always after the period ended; some are late, a few still open (overdue).
 */
function paymentFacts(g: GenContext, i: number): PaymentFacts {
  const { parent, index } = SLOTS.parentOf(i);
  const rng = rowRng(g.seed, 'franchise_db.franchise_payments#facts', i);
  const x = g.facts('franchise_db', 'franchises', parent);
  const nowMs = g.now.getTime();
  if (index === 0) {
    const due = new Date(g.clock.local(MX_TZ, x.signed).dayMs);
    const paid = g.clock.after(x.signed, 60, 5 * 1440, rng, MX_TZ, 'office');
    return {
      born: x.signed,
      franchise: parent,
      period: -1,
      type: 'initial_fee',
      amountCents: x.initialFee * 100,
      due,
      status: paid.getTime() < nowMs ? 'paid' : 'pending',
      times: paid.getTime() < nowMs ? { due, paid } : { due },
    };
  }
  const k = index - 1;
  if (k >= x.periods) return { born: g.now, franchise: parent, period: k, type: 'royalty', amountCents: 0, due: g.now, status: 'none', times: { due: g.now } };
  const next = monthStart(periodStart(x, k), 1);
  const due = addDays(next, 9);
  const issued = g.clock.utc(MX_TZ, next.getTime(), 9 * 60 + rng.int(120));
  const late = rng.float();
  const paidDay = late < 0.8 ? due.getTime() - rng.range(0, 7) * DAY : late < 0.96 ? due.getTime() + rng.range(1, 25) * DAY : Infinity;
  const paid = Number.isFinite(paidDay) ? g.clock.utc(MX_TZ, paidDay, 10 * 60 + rng.int(420)) : undefined;
  const isPaid = paid !== undefined && paid.getTime() < nowMs;
  const status = isPaid ? 'paid' : due.getTime() + 6 * 3_600_000 + DAY <= nowMs ? 'overdue' : 'pending';
  return {
    born: issued,
    franchise: parent,
    period: k,
    type: 'royalty',
    amountCents: periodFigures(g, parent, k).royaltyCents,
    due,
    status,
    times: isPaid ? { due, paid } : { due },
  };
}

export default defineTable({
  table: 'franchise_payments',
  columns: ['id', 'franchise_id', 'payment_type', 'amount', 'due_date', 'paid_date', 'payment_method', 'transaction_id', 'status', 'created_at'],
  count: (g) => SLOTS.total(g.count('franchises')),
  facts: paymentFacts,
  kept: (g) => {
    let n = 0;
    const F = g.count('franchises');
    for (let j = 0; j < F; j++) n += 1 + g.facts('franchise_db', 'franchises', j).periods;
    return n / Math.max(1, SLOTS.total(F));
  },
  row(g, i) {
    const f = g.facts('franchise_db', 'franchise_payments', i);
    if (f.status === 'none' || f.born.getTime() >= g.now.getTime()) return null;
    const paid = f.times.paid;
    return {
      id: i + 1,
      franchise_id: f.franchise + 1,
      payment_type: f.type,
      amount: f.amountCents / 100,
      due_date: isoDate(f.due),
      paid_date: paid ? isoDate(new Date(g.clock.local(MX_TZ, paid).dayMs)) : null,
      payment_method: paid ? 'spei' : null,
      transaction_id: paid ? `SPEI-${String(i + 1).padStart(10, '0')}` : null,
      status: f.status,
      created_at: f.born,
    };
  },
});
