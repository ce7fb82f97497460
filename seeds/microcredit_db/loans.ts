import { defineTable, ordinalUuid, GenContext, RowFacts, amortize, monthlyPayment, monthlyDates, isoDate, localMinute, Rng } from '../../src/seed/kit';
import { DEFAULT_DPD, GRACE_DAYS, LATE_FEE, Behaviour, behaviourOf } from './model';
import { before } from './credit_applications';

const DAY = 86_400_000;
const r2 = (x: number) => Math.round(x * 100) / 100;

/** One payment of one installment (at most one per installment; payments settle them in order). */
export interface Payment {
  /** Local date label (UTC midnight of the local date) and instant. */
  day: number;
  at: Date;
  principal: number;
  interest: number;
  fee: number;
  /** The installment is settled by it (a partial payment is not). */
  full: boolean;
  /** Principal still owed after it. */
  remaining: number;
}
/** A collection contact about installment `installment`, `dpd` days after its due date. */
export interface Contact {
  day: number;
  at: Date;
  dpd: number;
  installment: number;
  settledAfter: boolean;
}

/**
 * Loan `a` is the loan of application `a` (when it was disbursed before the anchor): the schedule
 * from the approved amount, rate and term; the payments the score's repayment behaviour makes
 * before the anchor; and the state they imply as of the anchor (days past due, fees, status).
 */
export interface LoanFacts extends RowFacts {
  exists: boolean;
  tz: string;
  principal: number;
  rate: number;
  term: number;
  behaviour: Behaviour;
  disbursed: Date;
  disbursedDay: number;
  schedule: ReturnType<typeof amortize>;
  due: number[];
  payments: Array<Payment | null>;
  contacts: Contact[];
  // As of the anchor:
  paymentsMade: number;
  amountPaid: number;
  lateFees: number;
  outstanding: number;
  accruedInterest: number;
  /** First installment not settled (term when all are). */
  oldestOpen: number;
  daysPastDue: number;
  everLate: boolean;
  lastEvent: Date;
}
declare module '../../src/seed/types' {
  interface FactsRegistry {
    'microcredit_db.loans': LoanFacts;
  }
}

/** Days after a due date on which collections contact a borrower who has not paid it. */
const CONTACT_DAYS = [4, 10, 20, 35, 60, 90];
export const MAX_CONTACTS = CONTACT_DAYS.length;

function loanFacts(g: GenContext, a: number): LoanFacts {
  const app = g.facts('microcredit_db', 'credit_applications', a);
  if (!app.disbursed) {
    return {
      born: app.created,
      exists: false,
      tz: app.tz,
      principal: 0,
      rate: 0,
      term: 0,
      behaviour: 'on_time',
      disbursed: app.created,
      disbursedDay: 0,
      schedule: [],
      due: [],
      payments: [],
      contacts: [],
      paymentsMade: 0,
      amountPaid: 0,
      lateFees: 0,
      outstanding: 0,
      accruedInterest: 0,
      oldestOpen: 0,
      daysPastDue: 0,
      everLate: false,
      lastEvent: app.created,
    };
  }
  const rng = g.other('loans').rng(a, 'repay');
  const tz = app.tz;
  const principal = app.approvedAmount!,
    rate = app.rate!,
    term = app.term;
  const disbursed = app.disbursed;
  const disbursedDay = g.clock.local(tz, disbursed).dayMs;
  const nowDay = g.clock.local(tz, g.now).dayMs;
  const schedule = amortize(principal, rate, term);
  const due = monthlyDates(disbursedDay, schedule.length);
  const behaviour = behaviourOf(app.score, rng.float());
  const dueCount = due.filter((d) => d < nowDay).length;
  const stop = behaviour === 'default' ? rng.int(Math.max(1, dueCount)) : term;
  const partialAt = behaviour === 'partial' ? rng.int(Math.max(1, dueCount)) : -1;

  const payments: Array<Payment | null> = new Array(term).fill(null);
  let lastDay = disbursedDay,
    owed = principal;
  for (let k = 0; k < term && k < stop; k++) {
    let delay: number;
    if (k === partialAt) delay = GRACE_DAYS + 1 + rng.int(17);
    else if (behaviour === 'late' && rng.chance(0.45)) delay = GRACE_DAYS + 1 + rng.int(32);
    else if (behaviour === 'default' && rng.chance(0.3)) delay = GRACE_DAYS + 1 + rng.int(20);
    else delay = rng.range(-3, GRACE_DAYS - 1);
    // Payments settle installments in order: one never comes before the previous one.
    const day = Math.max(due[k] + delay * DAY, lastDay, disbursedDay + DAY);
    if (day >= nowDay) break;
    const s = schedule[k];
    const share = k === partialAt ? 0.3 + 0.5 * rng.float() : 1;
    const amount = r2(s.payment * share);
    const interest = Math.min(amount, s.interest);
    const principalPart = r2(amount - interest);
    owed = r2(owed - principalPart);
    const fee = day - due[k] > GRACE_DAYS * DAY ? LATE_FEE : 0;
    payments[k] = { day, at: g.clock.utc(tz, day, localMinute(rng, 'consumer')), principal: principalPart, interest, fee, full: share === 1, remaining: owed };
    lastDay = day;
  }

  // State as of the anchor, from the payments.
  let paymentsMade = 0,
    amountPaid = 0,
    lateFees = 0,
    accruedInterest = 0,
    principalPaid = 0,
    everLate = false;
  let oldestOpen = term;
  for (let k = 0; k < term; k++) {
    const p = payments[k];
    if (p) {
      amountPaid += p.principal + p.interest + p.fee;
      principalPaid += p.principal;
      lateFees += p.fee;
      if (p.fee > 0) everLate = true;
    }
    if (p?.full) paymentsMade++;
    else {
      if (oldestOpen === term) oldestOpen = k;
      if (due[k] < nowDay) accruedInterest += schedule[k].interest - (p?.interest ?? 0);
      // An installment unpaid past its grace days owes one late fee.
      if (!p && nowDay - due[k] > GRACE_DAYS * DAY) {
        lateFees += LATE_FEE;
        everLate = true;
      }
    }
  }
  const daysPastDue = oldestOpen < term && due[oldestOpen] < nowDay ? Math.round((nowDay - due[oldestOpen]) / DAY) : 0;

  // Collections: contacts about each installment that went past its grace days, until it was
  // settled (or up to the anchor), at least three days apart, in office hours.
  const contacts: Contact[] = [];
  for (let k = 0; k < term && contacts.length < MAX_CONTACTS; k++) {
    const p = payments[k];
    const until = p?.full ? p.day : nowDay;
    if (until - due[k] <= GRACE_DAYS * DAY) continue;
    for (const d of CONTACT_DAYS) {
      const day = due[k] + d * DAY;
      if (day >= until || contacts.length >= MAX_CONTACTS) break;
      if (contacts.length && day - contacts[contacts.length - 1].day < 3 * DAY) continue;
      contacts.push({ day, at: g.clock.utc(tz, day, officeMinute(rng)), dpd: d, installment: k, settledAfter: !!p?.full });
    }
  }
  contacts.sort((x, y) => x.day - y.day);

  let lastEvent = disbursed.getTime();
  for (const p of payments) if (p) lastEvent = Math.max(lastEvent, p.at.getTime());
  for (const c of contacts) lastEvent = Math.max(lastEvent, c.at.getTime());
  return {
    born: disbursed,
    exists: true,
    tz,
    principal,
    rate,
    term,
    behaviour,
    disbursed,
    disbursedDay,
    schedule,
    due,
    payments,
    contacts,
    paymentsMade,
    amountPaid: r2(amountPaid),
    lateFees: r2(lateFees),
    outstanding: r2(principal - principalPaid),
    accruedInterest: r2(accruedInterest),
    oldestOpen,
    daysPastDue,
    everLate,
    lastEvent: before(g, disbursed, new Date(lastEvent), rng),
    status: oldestOpen === term ? 'paid_off' : daysPastDue > DEFAULT_DPD ? 'defaulted' : daysPastDue > GRACE_DAYS ? 'delinquent' : 'active',
  };
}

/** A minute of office hours (09:00–18:59 local). */
function officeMinute(rng: Rng): number {
  return 9 * 60 + rng.int(10 * 60);
}

export function collectionStatus(f: LoanFacts): string | null {
  if (!f.everLate) return null;
  if (f.daysPastDue <= GRACE_DAYS) return 'resolved';
  return f.daysPastDue <= 30 ? 'early_collection' : f.daysPastDue <= DEFAULT_DPD ? 'in_collection' : 'external_agency';
}

export default defineTable({
  table: 'loans',
  columns: [
    'id',
    'loan_id',
    'application_id',
    'customer_id',
    'principal_amount',
    'interest_rate',
    'term_months',
    'monthly_payment',
    'status',
    'disbursement_date',
    'first_payment_date',
    'maturity_date',
    'total_amount_due',
    'amount_paid',
    'outstanding_balance',
    'accrued_interest',
    'late_fees',
    'next_payment_date',
    'next_payment_amount',
    'payments_made',
    'payments_remaining',
    'days_past_due',
    'risk_category',
    'collection_status',
    'restructured',
    'created_at',
    'updated_at',
    'closed_at',
  ],
  // One slot per application: loan `a` (id a + 1) exists when application `a` was disbursed.
  count: (g) => g.count('credit_applications'),
  facts: loanFacts,
  row(g, i) {
    const f = g.facts('microcredit_db', 'loans', i);
    if (!f.exists) return null;
    const s = f.schedule;
    const open = f.oldestOpen < f.term ? f.oldestOpen : -1;
    const last = f.payments[f.term - 1];
    return {
      id: i + 1,
      loan_id: ordinalUuid(g.seed, 'micro.loans', i),
      application_id: i + 1,
      // The loan's customer is its application's customer.
      customer_id: g.other('credit_applications').ref('customer_id', i),
      principal_amount: f.principal,
      interest_rate: f.rate,
      term_months: f.term,
      monthly_payment: monthlyPayment(f.principal, f.rate, f.term),
      status: f.status,
      disbursement_date: isoDate(new Date(f.disbursedDay)),
      first_payment_date: isoDate(new Date(f.due[0])),
      maturity_date: isoDate(new Date(f.due[f.term - 1])),
      total_amount_due: r2(s.reduce((a, x) => a + x.payment, 0)),
      amount_paid: f.amountPaid,
      outstanding_balance: f.outstanding,
      accrued_interest: f.accruedInterest,
      late_fees: f.lateFees,
      next_payment_date: open >= 0 ? isoDate(new Date(f.due[open])) : null,
      next_payment_amount: open >= 0 ? r2(s[open].payment - (f.payments[open] ? f.payments[open]!.principal + f.payments[open]!.interest : 0)) : null,
      payments_made: f.paymentsMade,
      payments_remaining: f.term - f.paymentsMade,
      days_past_due: f.daysPastDue,
      risk_category: g.facts('microcredit_db', 'credit_applications', i).risk,
      collection_status: collectionStatus(f),
      restructured: false,
      created_at: f.disbursed,
      updated_at: f.lastEvent,
      closed_at: f.status === 'paid_off' && last ? last.at : null,
    };
  },
});
