import type { Knex } from 'knex';
import { MeaningCheck, addChecksNotValid, dropChecks } from '../../src/migrate/meaning';

/**
 * pickup_db: rules the spec states only in words, as CHECK constraints. Added NOT VALID (no scan of
 * the existing rows under lock; new rows must satisfy them at once) and validated by the next
 * migration (20260201000300_validate_meaning_checks). A NULL passes a CHECK: the optional
 * columns stay optional.
 */
export const CHECKS: MeaningCheck[] = [
  { table: "pickups", name: "pickups_time_window_order", expression: "time_window_end > time_window_start", source: "000 Pickup ERD: a pickup window ends after it starts (time_window_start, time_window_end)" },
  { table: "pickup_attempts", name: "pickup_attempts_reschedule_window_order", expression: "reschedule_time_end > reschedule_time_start", source: "000 Pickup ERD: failed attempts trigger rescheduling (a new window ends after it starts)" },
  { table: "pickup_routes", name: "pickup_routes_time_order", expression: "route_end_time > route_start_time", source: "000 Pickup ERD: routes (route_start_time, route_end_time)" },
  { table: "pickup_routes", name: "pickup_routes_completed_within_total", expression: "completed_pickups <= total_pickups", source: "000 Pickup ERD: routes optimise multiple pickups (completed of total)" },
  { table: "pickup_capacity", name: "pickup_capacity_not_overbooked", expression: "current_bookings <= max_capacity", source: "000 Pickup ERD: capacity management prevents overbooking" },
  { table: "pickup_packages", name: "pickup_packages_weight_positive", expression: "weight_kg > 0", source: "001 pickup_db: pickup_packages.weight_kg" },
];

export async function up(knex: Knex): Promise<void> {
  await addChecksNotValid(knex, CHECKS);
}

export async function down(knex: Knex): Promise<void> {
  await dropChecks(knex, CHECKS);
}
