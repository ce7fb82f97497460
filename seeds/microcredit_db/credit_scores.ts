import { defineTable, ordinalUuid } from '../../src/seed/kit';

export default defineTable({
  table: 'credit_scores',
  columns: ['id', 'score_id', 'customer_id', 'score', 'score_date', 'score_version', 'payment_history_score', 'credit_utilization_score', 'length_of_history_score', 'credit_mix_score', 'new_credit_score', 'risk_category', 'default_probability', 'recommended_limit', 'positive_factors', 'negative_factors', 'improvement_suggestions', 'previous_score', 'score_change', 'calculated_by', 'created_at'],
  row(g, i, rng) {
    const score = rng.range(300, 850);
    const prev = Math.min(850, Math.max(300, score + rng.range(-40, 40)));
    const at = g.time(i);
    return { id: i + 1, score_id: ordinalUuid(g.seed, 'micro.scores', i), customer_id: g.ref('customer_id', i), score, score_date: at, score_version: 'v2.0', payment_history_score: rng.range(0, 100), credit_utilization_score: rng.range(0, 100), length_of_history_score: rng.range(0, 100), credit_mix_score: rng.range(0, 100), new_credit_score: rng.range(0, 100), risk_category: score >= 700 ? 'low' : score >= 580 ? 'medium' : 'high', default_probability: Math.round(((850 - score) / 550) * 0.3 * 10000) / 10000, recommended_limit: Math.round(score * 40), positive_factors: [], negative_factors: [], improvement_suggestions: [], previous_score: prev, score_change: score - prev, calculated_by: 'system', created_at: at };
  },
});
