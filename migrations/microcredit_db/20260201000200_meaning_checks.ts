import type { Knex } from 'knex';
import { MeaningCheck, addChecksNotValid, dropChecks } from '../../src/migrate/meaning';

/**
 * microcredit_db: rules the spec states only in words, as CHECK constraints. Added NOT VALID (no scan of
 * the existing rows under lock; new rows must satisfy them at once) and validated by the next
 * migration (20260201000300_validate_meaning_checks). A NULL passes a CHECK: the optional
 * columns stay optional.
 */
export const CHECKS: MeaningCheck[] = [
  { table: "credit_scores", name: "credit_scores_score_range", expression: "score >= 300 AND score <= 850", source: "001 microcredit_db: credit_scores.score -- 300-850 range" },
  { table: "credit_scores", name: "credit_scores_previous_score_range", expression: "previous_score >= 300 AND previous_score <= 850", source: "001 microcredit_db: credit_scores.score -- 300-850 range (the previous score is a score)" },
  { table: "credit_scores", name: "credit_scores_default_probability_range", expression: "default_probability >= 0 AND default_probability <= 1", source: "001 microcredit_db: credit_scores.default_probability (a probability)" },
  { table: "credit_applications", name: "credit_applications_credit_score_range", expression: "credit_score >= 300 AND credit_score <= 850", source: "001 microcredit_db: credit scores are on the 300-850 scale" },
  { table: "credit_applications", name: "credit_applications_request_positive", expression: "requested_amount > 0 AND requested_term_months > 0", source: "001 microcredit_db: credit_applications (requested_amount, requested_term_months)" },
  { table: "loans", name: "loans_terms_positive", expression: "principal_amount > 0 AND term_months > 0 AND interest_rate >= 0", source: "000 Microcredit ERD: payment schedules generated from loan terms (reducing balance)" },
  { table: "loans", name: "loans_outstanding_nonnegative", expression: "outstanding_balance >= 0", source: "000 Microcredit ERD: loans (outstanding_balance)" },
];

export async function up(knex: Knex): Promise<void> {
  await addChecksNotValid(knex, CHECKS);
}

export async function down(knex: Knex): Promise<void> {
  await dropChecks(knex, CHECKS);
}
