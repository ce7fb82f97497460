import { defineTable, ordinalUuid, GenContext, rowRng, addDays } from '../../src/seed/kit';

export const TERMS = [6, 12, 18, 24, 12, 6];

/** Applications 0..loans-1 were approved and became loan i; the rest are pending or rejected. */
export function applicationFacts(g: GenContext, a: number) {
  const rng = rowRng(g.seed, 'microcredit_db.credit_applications#facts', a);
  const requested = Math.round(rng.range(20, 400)) * 250;
  const term = TERMS[a % TERMS.length];
  const rate = Math.round(rng.money(0.18, 0.65, 4) * 10000) / 10000;
  const score = rng.range(300, 850);
  return { requested, term, rate, score };
}

/** When application `a` was filed: a week before its loan's disbursement, when approved. */
export function applicationCreated(g: GenContext, a: number): Date {
  const ctx = g.other('credit_applications', 'microcredit_db');
  return a < ctx.count('loans') ? addDays(new Date(ctx.key('microcredit_db', 'loans', 'disbursed', a) as number), -7) : ctx.time(a);
}

export default defineTable({
  table: 'credit_applications',
  columns: ['id', 'application_id', 'customer_id', 'customer_type', 'requested_amount', 'requested_term_months', 'purpose', 'application_type', 'monthly_income', 'employment_status', 'employment_duration', 'existing_debts', 'credit_score', 'risk_category', 'approved_amount', 'approved_term_months', 'interest_rate', 'status', 'decision_reason', 'processed_by', 'decision_date', 'documents_submitted', 'verification_status', 'created_at', 'updated_at', 'expires_at'],
  row(g, i, rng) {
    const f = applicationFacts(g, i);
    const loans = g.count('loans');
    const approved = i < loans;
    // An approved application precedes its loan's disbursement by a week.
    const createdAt = applicationCreated(g, i);
    const status = approved ? 'approved' : rng.pick(['pending', 'rejected', 'under_review']);
    const risk = f.score >= 700 ? 'low' : f.score >= 580 ? 'medium' : 'high';
    return {
      id: i + 1, application_id: ordinalUuid(g.seed, 'micro.applications', i), customer_id: g.ref('customer_id', i), customer_type: 'individual', requested_amount: f.requested,
      requested_term_months: f.term, purpose: rng.pick(['capital_de_trabajo', 'inventario', 'equipo', 'ampliacion_local']), application_type: 'new', monthly_income: rng.money(6_000, 60_000),
      employment_status: rng.pick(['self_employed', 'employed', 'business_owner']), employment_duration: rng.range(6, 240), existing_debts: rng.money(0, 50_000), credit_score: f.score, risk_category: risk,
      approved_amount: approved ? f.requested : null, approved_term_months: approved ? f.term : null, interest_rate: approved ? f.rate : null, status,
      decision_reason: status === 'rejected' ? 'Capacidad de pago insuficiente' : null, processed_by: status === 'pending' ? null : 'motor_de_riesgo',
      decision_date: status === 'pending' ? null : addDays(createdAt, 2), documents_submitted: ['ine', 'comprobante_domicilio'], verification_status: status === 'pending' ? 'pending' : 'verified',
      created_at: createdAt, updated_at: createdAt, expires_at: addDays(createdAt, 30),
    };
  },
});
