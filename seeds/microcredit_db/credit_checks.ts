import { defineTable, addDays } from '../../src/seed/kit';
import { applicationCreated, applicationFacts } from './credit_applications';

export default defineTable({
  table: 'credit_checks',
  columns: ['id', 'application_id', 'check_type', 'check_date', 'bureau_name', 'credit_score', 'payment_history', 'debt_to_income', 'employment_verified', 'income_verified', 'risk_factors', 'recommendations', 'created_at'],
  count: (g) => g.count('credit_applications'),
  row(g, i, rng) {
    // The bureau check runs within two days of the application.
    const at = new Date(Math.min(applicationCreated(g, i).getTime() + rng.int(2 * 86_400) * 1000, g.now.getTime() - 60_000));
    return { id: i + 1, application_id: i + 1, check_type: 'bureau', check_date: at, bureau_name: rng.pick(['Buró de Crédito', 'Círculo de Crédito']), credit_score: applicationFacts(g, i).score, payment_history: rng.pick(['good', 'fair', 'poor']), debt_to_income: rng.money(0, 0.8, 4), employment_verified: rng.chance(0.8), income_verified: rng.chance(0.7), risk_factors: [], recommendations: [], created_at: addDays(at, 0) };
  },
});
