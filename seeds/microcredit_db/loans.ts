import { defineTable, ordinalUuid, GenContext, rowRng, amortize, monthlyPayment, addMonthsUtc, monthStart, isoDate, addDays } from '../../src/seed/kit';
import { applicationFacts } from './credit_applications';

const cache = new Map<number, LoanFacts>();
export interface LoanFacts {
  principal: number; rate: number; term: number; disbursed: Date; schedule: ReturnType<typeof amortize>;
  due: Date[]; paid: number; defaulted: boolean;
}

/** Loan `l` comes from application `l`: principal, rate, term; disbursed 1..17 months ago; pays its due installments, except late loans. */
export function loanFacts(g: GenContext, l: number): LoanFacts {
  const hit = cache.get(l);
  if (hit && (hit as unknown as { seed: number }).seed === g.seed && (hit as unknown as { now: number }).now === g.now.getTime()) return hit;
  const app = applicationFacts(g, l);
  const rng = rowRng(g.seed, 'microcredit_db.loans#facts', l);
  // Disbursed 1..17 months back (in the oldest month a week or more into it, so that its
  // application, a week before, stays in the 18 months of data); installments fall due 14 days
  // after the disbursement, then monthly, so that payments reach the oldest month too.
  const months = 17 - (l % 17);
  const disbursed = new Date(monthStart(g.now, -months).getTime() + (months === 17 ? 7 + rng.int(7) : rng.int(27)) * 86_400_000);
  const schedule = amortize(app.requested, app.rate, app.term);
  const due = schedule.map((_, k) => addDays(addMonthsUtc(disbursed, k), 14));
  let paid = due.filter((d) => d.getTime() < g.now.getTime()).length;
  const late = l % 8 === 3 && paid > 0;
  if (late) paid -= 1 + rng.int(Math.min(2, paid));
  const f = Object.assign({ principal: app.requested, rate: app.rate, term: app.term, disbursed, schedule, due, paid, defaulted: late }, { seed: g.seed, now: g.now.getTime() });
  if (cache.size > 4096) cache.clear();
  cache.set(l, f);
  return f;
}

export default defineTable({
  table: 'loans',
  columns: ['id', 'loan_id', 'application_id', 'customer_id', 'principal_amount', 'interest_rate', 'term_months', 'monthly_payment', 'status', 'disbursement_date', 'first_payment_date', 'maturity_date', 'total_amount_due', 'amount_paid', 'outstanding_balance', 'accrued_interest', 'late_fees', 'next_payment_date', 'next_payment_amount', 'payments_made', 'payments_remaining', 'days_past_due', 'risk_category', 'collection_status', 'restructured', 'created_at', 'updated_at', 'closed_at'],
  count: (g) => Math.floor(g.count('credit_applications') * 0.6),
  keys: { disbursed: (g, l) => loanFacts(g, l).disbursed.getTime() },
  row(g, i) {
    const f = loanFacts(g, i);
    const s = f.schedule;
    const paidAmount = s.slice(0, f.paid).reduce((a, x) => a + Math.round(x.payment * 100), 0) / 100;
    const outstanding = f.paid === 0 ? f.principal : s[f.paid - 1].remaining;
    const done = f.paid === f.term;
    const next = done ? null : f.due[f.paid];
    const pastDue = next && next.getTime() < g.now.getTime() ? Math.floor((g.now.getTime() - next.getTime()) / 86_400_000) : 0;
    return {
      id: i + 1, loan_id: ordinalUuid(g.seed, 'micro.loans', i), application_id: i + 1,
      // The loan's customer is its application's customer.
      customer_id: g.other('credit_applications').ref('customer_id', i),
      principal_amount: f.principal, interest_rate: f.rate, term_months: f.term, monthly_payment: monthlyPayment(f.principal, f.rate, f.term),
      status: done ? 'paid_off' : pastDue > 0 ? 'delinquent' : 'active', disbursement_date: isoDate(f.disbursed), first_payment_date: isoDate(f.due[0]), maturity_date: isoDate(f.due[f.term - 1]),
      total_amount_due: s.reduce((a, x) => a + Math.round(x.payment * 100), 0) / 100, amount_paid: paidAmount, outstanding_balance: outstanding, accrued_interest: 0, late_fees: 0,
      next_payment_date: next ? isoDate(next) : null, next_payment_amount: next ? s[f.paid].payment : null, payments_made: f.paid, payments_remaining: f.term - f.paid, days_past_due: pastDue,
      risk_category: pastDue > 30 ? 'high' : 'medium', collection_status: pastDue > 0 ? 'in_collection' : null, restructured: false,
      created_at: f.disbursed, updated_at: f.disbursed, closed_at: done ? f.due[f.term - 1] : null,
    };
  },
});
