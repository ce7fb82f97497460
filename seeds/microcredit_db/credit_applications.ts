import { defineTable, ordinalUuid, GenContext, RowFacts, rowRng, MX_TZ, Rng } from '../../src/seed/kit';
import { TERMS, annualRate, approvalProbability, approvedShare, normal, riskCategory, scoreOf, RiskCategory } from './model';

/**
 * Application `a`: a customer (after their sign-up, in their local time) asks for an amount; the
 * bureau check follows within minutes; the decision (automatic for clear scores, a committee's in
 * office hours otherwise) approves with a probability that rises with the score, a share of the
 * request that falls with it, at a rate that falls with it; the loan is disbursed days later.
 * Steps that would lie after the anchor have not happened yet (pending, under review, approved
 * but not yet disbursed).
 */
export interface ApplicationFacts extends RowFacts {
  customer: number;
  tz: string;
  created: Date;
  checked: Date;
  /** null: no decision yet. */
  decided: Date | null;
  automatic: boolean;
  score: number;
  risk: RiskCategory;
  requested: number;
  term: number;
  monthlyIncome: number;
  existingDebts: number;
  status: 'pending' | 'under_review' | 'approved' | 'rejected' | 'cancelled';
  approvedAmount: number | null;
  rate: number | null;
  /** Disbursement instant of the loan, when it happened before the anchor. */
  disbursed: Date | null;
}
declare module '../../src/seed/types' {
  interface FactsRegistry {
    'microcredit_db.credit_applications': ApplicationFacts;
  }
}

/** The latent credit quality of customer `c` (standard normal): one per person across tables. */
export function customerQuality(seed: number, c: number): number {
  return normal(rowRng(seed, 'microcredit_db#customer-quality', c));
}

/** An instant after `from` (by the kit's clock), kept strictly between `from` and the anchor. */
export function before(g: GenContext, from: Date, t: Date, rng: Rng): Date {
  const now = g.now.getTime();
  if (t.getTime() < now - 60_000) return t;
  return new Date(from.getTime() + Math.floor((now - 60_000 - from.getTime()) * (0.5 + 0.4 * rng.float())));
}

function applicationFacts(g: GenContext, a: number): ApplicationFacts {
  const apps = g.other('credit_applications', 'microcredit_db');
  const rng = apps.rng(a, 'facts');
  const customer = apps.refOrdinal('customer_id', a);
  const cf = g.facts('auth_db', 'users', customer);
  const tz = cf.place?.tz ?? MX_TZ;
  const now = g.now.getTime();
  const born = cf.born;
  // Applied days to months after signing up (most within their first months), in waking hours.
  const span = Math.max(60, (now - born.getTime()) / 60_000);
  const created = before(g, born, g.clock.after(born, 30, 30 + span * rng.float() ** 1.4, rng, tz, 'consumer'), rng);
  const checked = before(g, created, new Date(created.getTime() + (2 + rng.int(88)) * 60_000), rng);
  const score = scoreOf(customerQuality(g.seed, customer), normal(rng));
  const risk = riskCategory(score);
  const term = TERMS[a % TERMS.length];
  const monthlyIncome = Math.round((6_000 + 40_000 * rng.float() ** 2 * (0.5 + (score - 300) / 550)) / 100) * 100;
  const requested = Math.max(2_000, Math.round((monthlyIncome * (0.5 + 2.5 * rng.float())) / 500) * 500);
  const existingDebts = Math.round(monthlyIncome * rng.float() * (score < 600 ? 6 : 2) * 100) / 100;
  const automatic = score >= 700 || score < 540;
  const decidedAt = automatic ? new Date(checked.getTime() + (1 + rng.int(30)) * 60_000) : g.clock.after(checked, 60, 3 * 1440, rng, tz, 'office');
  const decided = decidedAt.getTime() < now - 60_000 ? decidedAt : null;
  let status: ApplicationFacts['status'] = decided
    ? rng.float() < approvalProbability(score)
      ? 'approved'
      : 'rejected'
    : automatic
      ? 'pending'
      : 'under_review';
  let approvedAmount: number | null = null,
    rate: number | null = null,
    disbursed: Date | null = null;
  if (status === 'approved') {
    approvedAmount = Math.min(requested, Math.max(1_000, Math.round((requested * approvedShare(score, rng.float())) / 500) * 500));
    rate = annualRate(score, rng.float());
    // A few accept nothing (the offer was lower than they asked for).
    if (rng.chance(approvedAmount < requested ? 0.08 : 0.02)) status = 'cancelled';
    else {
      const d = g.clock.after(decided!, 4 * 60, 4 * 1440, rng, tz, 'office');
      disbursed = d.getTime() < now - 60_000 ? d : null;
    }
  }
  return {
    born: created,
    customer,
    tz,
    created,
    checked,
    decided,
    automatic,
    score,
    risk,
    requested,
    term,
    monthlyIncome,
    existingDebts,
    status,
    approvedAmount,
    rate,
    disbursed,
    times: { created, checked, ...(decided ? { decided } : {}), ...(disbursed ? { disbursed } : {}) },
  };
}

const PURPOSES: ReadonlyArray<readonly [string, number]> = [
  ['capital_de_trabajo', 40],
  ['inventario', 25],
  ['equipo', 15],
  ['ampliacion_local', 8],
  ['envios_temporada', 12],
];
const EMPLOYMENT: ReadonlyArray<readonly [string, number]> = [
  ['business_owner', 55],
  ['self_employed', 30],
  ['employed', 15],
];

export default defineTable({
  table: 'credit_applications',
  columns: [
    'id',
    'application_id',
    'customer_id',
    'customer_type',
    'requested_amount',
    'requested_term_months',
    'purpose',
    'application_type',
    'monthly_income',
    'employment_status',
    'employment_duration',
    'existing_debts',
    'credit_score',
    'risk_category',
    'approved_amount',
    'approved_term_months',
    'interest_rate',
    'status',
    'decision_reason',
    'processed_by',
    'decision_date',
    'documents_submitted',
    'verification_status',
    'created_at',
    'updated_at',
    'expires_at',
  ],
  facts: applicationFacts,
  row(g, i, rng) {
    const f = g.facts('microcredit_db', 'credit_applications', i);
    const decided = f.decided !== null;
    const docs = [
      'ine',
      'comprobante_domicilio',
      ...(f.requested > 30_000 ? ['estados_de_cuenta'] : []),
      ...(rng.chance(0.4) ? ['constancia_situacion_fiscal'] : []),
    ];
    const reason =
      f.status === 'rejected'
        ? f.score < 560
          ? 'Historial crediticio con atrasos recientes'
          : f.existingDebts > f.monthlyIncome * 3
            ? 'Nivel de endeudamiento alto'
            : 'Capacidad de pago insuficiente'
        : f.status === 'approved' || f.status === 'cancelled'
          ? f.approvedAmount! < f.requested
            ? 'Aprobado por un monto menor al solicitado'
            : 'Aprobado'
          : null;
    // updated_at: the last thing that happened to the application (decision, or the customer's cancellation).
    const updated =
      f.status === 'cancelled' ? new Date(Math.min(f.decided!.getTime() + (1 + rng.int(72)) * 3_600_000, g.now.getTime() - 1000)) : (f.decided ?? f.checked);
    return {
      id: i + 1,
      application_id: ordinalUuid(g.seed, 'micro.applications', i),
      customer_id: g.ref('customer_id', i),
      customer_type: 'individual',
      requested_amount: f.requested,
      requested_term_months: f.term,
      purpose: rng.weighted(PURPOSES),
      application_type: rng.chance(0.85) ? 'new' : 'renewal',
      monthly_income: f.monthlyIncome,
      employment_status: rng.weighted(EMPLOYMENT),
      employment_duration: rng.range(6, 240),
      existing_debts: f.existingDebts,
      credit_score: f.score,
      risk_category: f.risk,
      approved_amount: f.approvedAmount,
      approved_term_months: f.approvedAmount !== null ? f.term : null,
      interest_rate: f.rate,
      status: f.status,
      decision_reason: reason,
      processed_by: decided ? (f.automatic ? 'motor_de_riesgo' : 'comite_de_credito') : null,
      decision_date: f.decided,
      documents_submitted: docs,
      verification_status: decided ? 'verified' : rng.chance(0.5) ? 'in_review' : 'pending',
      created_at: f.created,
      updated_at: updated,
      expires_at: new Date(f.created.getTime() + 30 * 86_400_000),
    };
  },
});
