import { defineTable, ordinalUuid, MX_TZ } from '../../src/seed/kit';
import { before, customerQuality } from './credit_applications';
import { defaultProbability, normal, recommendedLimit, riskCategory, scoreOf } from './model';

/** Score snapshots of customers after they signed up: the same latent quality as their applications. */
export default defineTable({
  table: 'credit_scores',
  columns: [
    'id',
    'score_id',
    'customer_id',
    'score',
    'score_date',
    'score_version',
    'payment_history_score',
    'credit_utilization_score',
    'length_of_history_score',
    'credit_mix_score',
    'new_credit_score',
    'risk_category',
    'default_probability',
    'recommended_limit',
    'positive_factors',
    'negative_factors',
    'improvement_suggestions',
    'previous_score',
    'score_change',
    'calculated_by',
    'created_at',
  ],
  row(g, i, rng) {
    const c = g.refOrdinal('customer_id', i);
    const cf = g.facts('auth_db', 'users', c);
    const born = cf.born;
    const span = Math.max(60, (g.now.getTime() - born.getTime()) / 60_000);
    const at = before(g, born, g.clock.after(born, 10, 10 + span * rng.float(), rng, cf.place?.tz ?? MX_TZ, 'any'), rng);
    const z = customerQuality(g.seed, c);
    const score = scoreOf(z, normal(rng));
    const prev = Math.min(850, Math.max(300, score + Math.round(normal(rng) * 15)));
    const sub = (w: number) => Math.max(0, Math.min(100, Math.round(((score - 300) / 5.5) * w + (1 - w) * 50 + normal(rng) * 8)));
    const positive = [
      ...(score >= 700 ? ['pagos_puntuales'] : []),
      ...(score >= 650 ? ['baja_utilizacion'] : []),
      ...(score - prev > 10 ? ['mejora_reciente'] : []),
    ];
    const negative = [
      ...(score < 600 ? ['atrasos_recientes'] : []),
      ...(score < 650 ? ['alta_utilizacion'] : []),
      ...(prev - score > 10 ? ['consultas_recientes'] : []),
    ];
    return {
      id: i + 1,
      score_id: ordinalUuid(g.seed, 'micro.scores', i),
      customer_id: g.ref('customer_id', i),
      score,
      score_date: at,
      score_version: 'v2.0',
      payment_history_score: sub(0.9),
      credit_utilization_score: sub(0.7),
      length_of_history_score: sub(0.4),
      credit_mix_score: sub(0.3),
      new_credit_score: sub(0.5),
      risk_category: riskCategory(score),
      default_probability: defaultProbability(score),
      recommended_limit: recommendedLimit(score, 8_000 + 20_000 * rng.float()),
      positive_factors: positive,
      negative_factors: negative,
      improvement_suggestions: score < 650 ? ['pagar_a_tiempo', 'reducir_saldos'] : [],
      previous_score: prev,
      score_change: score - prev,
      calculated_by: 'system',
      created_at: at,
    };
  },
});
