import type { Knex } from 'knex';
import { MeaningCheck, addChecksNotValid, dropChecks } from '../../src/migrate/meaning';

/**
 * franchise_db: rules the spec states only in words, as CHECK constraints. Added NOT VALID (no scan of
 * the existing rows under lock; new rows must satisfy them at once) and validated by the next
 * migration (20260201000300_validate_meaning_checks). A NULL passes a CHECK: the optional
 * columns stay optional.
 */
export const CHECKS: MeaningCheck[] = [
  { table: "franchises", name: "franchises_contract_dates_order", expression: "contract_end_date > contract_start_date", source: "001 franchise_db: franchises (contract_start_date, contract_end_date)" },
  { table: "franchises", name: "franchises_royalty_rate_percent", expression: "royalty_rate >= 0 AND royalty_rate <= 100", source: "001 franchise_db: franchises.royalty_rate (a percentage)" },
  { table: "franchise_performance", name: "franchise_performance_period_order", expression: "period_end >= period_start", source: "000 Franchise ERD: performance per period (period_start, period_end)" },
];

export async function up(knex: Knex): Promise<void> {
  await addChecksNotValid(knex, CHECKS);
}

export async function down(knex: Knex): Promise<void> {
  await dropChecks(knex, CHECKS);
}
