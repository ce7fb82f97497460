import { defineTable } from '../../src/seed/kit';

/** The bureau check of each application, minutes after it was filed: the score the decision used. */
export default defineTable({
  table: 'credit_checks',
  columns: [
    'id',
    'application_id',
    'check_type',
    'check_date',
    'bureau_name',
    'credit_score',
    'payment_history',
    'debt_to_income',
    'employment_verified',
    'income_verified',
    'risk_factors',
    'recommendations',
    'created_at',
  ],
  count: (g) => g.count('credit_applications'),
  row(g, i, rng) {
    const f = g.facts('microcredit_db', 'credit_applications', i);
    const history = f.score >= 720 ? 'excellent' : f.score >= 650 ? 'good' : f.score >= 580 ? 'fair' : 'poor';
    // Monthly service of existing debts (a twelfth of the balance) over monthly income.
    const dti = Math.min(0.9999, Math.round((f.existingDebts / 12 / f.monthlyIncome) * 10000) / 10000);
    const factors = [
      ...(f.score < 600 ? ['atrasos_recientes'] : []),
      ...(dti > 0.3 ? ['alto_endeudamiento'] : []),
      ...(f.score < 650 && rng.chance(0.5) ? ['historial_corto'] : []),
      ...(f.requested > f.monthlyIncome * 2 ? ['monto_alto_vs_ingreso'] : []),
    ];
    const recs = f.score >= 700 ? ['aprobar_monto_solicitado'] : f.score >= 600 ? ['aprobar_con_monto_reducido'] : ['revisar_referencias', 'solicitar_aval'];
    return {
      id: i + 1,
      application_id: i + 1,
      check_type: 'bureau',
      check_date: f.checked,
      bureau_name: rng.weighted([
        ['Buró de Crédito', 75],
        ['Círculo de Crédito', 25],
      ] as const),
      credit_score: f.score,
      payment_history: history,
      debt_to_income: dti,
      employment_verified: rng.chance(f.score >= 600 ? 0.9 : 0.7),
      income_verified: rng.chance(f.requested > 30_000 ? 0.9 : 0.6),
      risk_factors: factors,
      recommendations: recs,
      created_at: f.checked,
    };
  },
});
