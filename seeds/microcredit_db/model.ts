/**
 * The credit model of microcredit_db, pure numbers (no generator context), so that it can be read
 * and unit-tested on its own. A customer has a latent credit quality; the bureau score follows it;
 * the score drives everything else: risk category, approval, the share of the request approved,
 * the rate, and how the loan is repaid (on time, late with fees, partially, or not at all).
 */
import type { Rng } from '../../src/seed/kit';

/** Score scale of the bureau (Buró de Crédito style). */
export const SCORE_MIN = 300,
  SCORE_MAX = 850;
/** Days after a due date before a payment counts as late (and a late fee is charged). */
export const GRACE_DAYS = 3;
/** Late fee per late or overdue installment: 250.00 MXN commission + 16 % IVA. */
export const LATE_FEE = 290;
/** Days past due after which a loan is written as defaulted. */
export const DEFAULT_DPD = 90;
/** Requested terms (months), repeating by application ordinal (payment_schedules fan out by them). */
export const TERMS = [6, 12, 18, 24, 12, 6];

const logistic = (x: number) => 1 / (1 + Math.exp(-x));
const clamp = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x));

/** A standard normal draw (Box–Muller). */
export function normal(rng: Rng): number {
  const u = Math.max(1e-12, rng.float());
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng.float());
}

/** The bureau score of a customer of latent quality `z` (standard normal), with noise of a pull. */
export function scoreOf(z: number, noise: number): number {
  return Math.round(clamp(640 + 90 * z + 12 * noise, SCORE_MIN, SCORE_MAX));
}

export type RiskCategory = 'low' | 'medium' | 'high' | 'very_high';
export function riskCategory(score: number): RiskCategory {
  return score >= 720 ? 'low' : score >= 650 ? 'medium' : score >= 580 ? 'high' : 'very_high';
}

/** Probability that an application with this score is approved. */
export function approvalProbability(score: number): number {
  return 0.96 * logistic((score - 600) / 35);
}

/** Share of the requested amount approved: all of it for strong scores, much less for weak ones. */
export function approvedShare(score: number, u: number): number {
  const base = clamp(0.3 + (score - 520) / 300, 0.3, 1);
  return clamp(base + (u - 0.5) * 0.1, 0.25, 1);
}

/** Annual interest rate: 22 % for the best scores, up to ~75 % for the weakest (Mexican microcredit). */
export function annualRate(score: number, u: number): number {
  const r = 0.75 - ((score - SCORE_MIN) / (SCORE_MAX - SCORE_MIN)) * 0.53 + (u - 0.5) * 0.04;
  return Math.round(clamp(r, 0.18, 0.79) * 10000) / 10000;
}

export type Behaviour = 'on_time' | 'late' | 'partial' | 'default';
/** Shares of the repayment behaviours at a score (they sum to 1). */
export function behaviourShares(score: number): Record<Behaviour, number> {
  const pDefault = 0.02 + 0.4 * logistic(-(score - 570) / 40);
  const pPartial = 0.01 + 0.1 * logistic(-(score - 600) / 45);
  const pLate = 0.08 + 0.3 * logistic(-(score - 630) / 45);
  return { default: pDefault, partial: pPartial, late: pLate, on_time: 1 - pDefault - pPartial - pLate };
}

export function behaviourOf(score: number, u: number): Behaviour {
  const s = behaviourShares(score);
  if (u < s.default) return 'default';
  if (u < s.default + s.partial) return 'partial';
  if (u < s.default + s.partial + s.late) return 'late';
  return 'on_time';
}

/** The probability of default the scoring model publishes with a score (credit_scores). */
export const defaultProbability = (score: number) => Math.round(behaviourShares(score).default * 10000) / 10000;

/** The limit the model recommends for a score, given a monthly income (MXN, rounded to 500). */
export function recommendedLimit(score: number, monthlyIncome: number): number {
  const months = clamp((score - 450) / 80, 0.5, 5);
  return Math.round((monthlyIncome * months) / 500) * 500;
}
