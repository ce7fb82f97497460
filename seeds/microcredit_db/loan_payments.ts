import { defineTable, isoDate, ordinalUuid } from '../../src/seed/kit';
import { SCHEDULE } from './payment_schedules';

const METHODS: ReadonlyArray<readonly [string, number]> = [
  ['spei', 45],
  ['domiciliacion', 25],
  ['oxxo', 20],
  ['tarjeta', 10],
];

/**
 * The payments the loan's repayment behaviour made before the anchor, one per installment it paid
 * (ordinal = its schedule line): the installment's principal and interest (a share of them when
 * partial) plus the late fee when paid after the grace days. Partitioned by payment_date.
 */
export default defineTable({
  table: 'loan_payments',
  columns: [
    'id',
    'payment_id',
    'loan_id',
    'payment_amount',
    'principal_amount',
    'interest_amount',
    'late_fee_amount',
    'payment_date',
    'payment_method',
    'payment_reference',
    'payment_status',
    'remaining_balance',
    'created_at',
  ],
  count: (g) => SCHEDULE.total(g.count('loans')),
  row(g, i, rng) {
    const { parent, index } = SCHEDULE.parentOf(i);
    const f = g.facts('microcredit_db', 'loans', parent);
    const p = f.exists ? f.payments[index] : null;
    if (!p) return null;
    const method = rng.weighted(METHODS);
    return {
      id: i + 1,
      payment_id: ordinalUuid(g.seed, 'micro.payments', i),
      loan_id: parent + 1,
      payment_amount: Math.round((p.principal + p.interest + p.fee) * 100) / 100,
      principal_amount: p.principal,
      interest_amount: p.interest,
      late_fee_amount: p.fee,
      payment_date: isoDate(new Date(p.day)),
      payment_method: method,
      payment_reference:
        method === 'spei'
          ? rng.chars('0123456789', 7) + rng.chars('ABCDEFGHJKLMNPQRSTUVWXYZ0123456789', 11)
          : method === 'oxxo'
            ? '9300' + rng.chars('0123456789', 10)
            : rng.chars('0123456789', 12),
      payment_status: 'completed',
      remaining_balance: p.remaining,
      created_at: p.at,
    };
  },
});
