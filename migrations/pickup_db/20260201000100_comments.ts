import type { Knex } from 'knex';
import { CommentSet, clearComments, setComments } from '../../src/migrate/meaning';

/**
 * pickup_db: what each table and column means, in the catalog (COMMENT ON), from the spec's SQL
 * document (001, pickup_db) and its ERD (000), with the units, allowed values and ranges they state.
 * Columns holding a reference to another database keep the comment of that reference.
 * `quenty-db docs` shows them.
 */
export const COMMENTS: CommentSet = {
  tables: {
    pickups: 'Pickup requests: where and when a driver collects a customer\'s packages, the time window, the assignment and the outcome. Pickups are scheduled within the service hours of their zone.',
    pickup_packages: 'The packages of a pickup, with their size, weight and destination. order_id names the order they belong to (order_db).',
    pickup_attempts: 'Each attempt a driver makes at a pickup; a failed attempt may reschedule it.',
    pickup_routes: 'A driver\'s route for one day: the pickups it serves in optimised order, distance and duration.',
    drivers: 'Drivers who make pickups: their licence, vehicle, zone and performance. user_id is their auth_db account.',
    pickup_capacity: 'Bookable pickup slots per postal code and date; current bookings never exceed the capacity (no overbooking).',
    pickup_zones: 'Service zones: the postal codes they cover, their fees, service hours and slot length.',
  },
  columns: {
    pickups: {
      id: 'Surrogate key, used by packages and attempts.',
      pickup_id: 'Public pickup identifier (UUID text), unique.',
      pickup_type: 'Kind of pickup: on_demand, scheduled, recurring or express (the seed also uses standard).',
      status: 'Life-cycle status: scheduled → confirmed → in_progress → completed, or failed, rescheduled, cancelled.',
      pickup_date: 'Local date of the pickup.',
      time_window_start: 'Start of the pickup window (local time).',
      time_window_end: 'End of the pickup window (local time), after its start.',
      pickup_address: 'Street address of the pickup.',
      pickup_latitude: 'Latitude of the address (WGS 84 degrees).',
      pickup_longitude: 'Longitude of the address (WGS 84 degrees).',
      postal_code: '5-digit Mexican postal code (código postal).',
      city: 'City or municipality.',
      state: 'Mexican state.',
      country: 'ISO 3166-1 alpha-2 country code (MX).',
      contact_name: 'Person to meet at the pickup.',
      contact_phone: 'Contact phone in E.164 form (+52 and 10 digits).',
      contact_email: 'Contact e-mail.',
      package_count: 'Number of packages (pickup_packages rows of this pickup).',
      estimated_weight_kg: 'Weight announced by the customer, in kilograms.',
      actual_weight_kg: 'Weight measured at pickup, in kilograms.',
      estimated_volume_m3: 'Volume announced by the customer, in cubic metres.',
      actual_volume_m3: 'Volume measured at pickup, in cubic metres.',
      assigned_driver_id: 'Driver assigned (drivers.driver_id).',
      assigned_route_id: 'Route the pickup is on (pickup_routes.id).',
      estimated_arrival_time: 'When the driver is expected.',
      actual_pickup_time: 'When the packages were collected (the successful attempt), within the window.',
      pickup_cost: 'Price of the pickup, in currency.',
      currency: 'ISO 4217 currency of pickup_cost (MXN).',
      created_at: 'When the pickup was requested.',
      updated_at: 'When the pickup last changed.',
    },
    pickup_packages: {
      id: 'Surrogate key.',
      pickup_id: 'The pickup (pickups.id).',
      weight_kg: 'Weight in kilograms, more than 0.',
      length_cm: 'Length in centimetres.',
      width_cm: 'Width in centimetres.',
      height_cm: 'Height in centimetres.',
      is_fragile: 'true: handle with care.',
      requires_signature: 'true: the recipient signs on delivery.',
      insurance_value: 'Declared value insured, in MXN.',
      tracking_number: 'Tracking number of the package.',
      created_at: 'When the package was registered.',
    },
    pickup_attempts: {
      id: 'Surrogate key.',
      pickup_id: 'The pickup (pickups.id).',
      attempt_number: 'Attempt 1, 2, … of the pickup.',
      attempted_at: 'When the driver tried.',
      driver_id: 'Driver who tried (drivers.driver_id).',
      attempt_status: 'Outcome: successful or failed.',
      failure_reason: 'Why a failed attempt failed, in words.',
      failure_category: 'Category of the failure, e.g. customer, address, package, vehicle.',
      reschedule_date: 'New date after a failed attempt.',
      reschedule_time_start: 'Start of the new window (local time).',
      reschedule_time_end: 'End of the new window (local time), after its start.',
      gps_coordinates: 'Where the driver was, as JSON {"lat": …, "lng": …}.',
      created_at: 'When the attempt was recorded.',
    },
    pickup_routes: {
      id: 'Surrogate key, used by pickups.assigned_route_id.',
      route_id: 'Public route identifier (UUID text), unique.',
      driver_id: 'Driver of the route (drivers.driver_id).',
      route_date: 'Date of the route.',
      status: 'planned → in_progress → completed, or cancelled.',
      vehicle_type: 'Vehicle used: motorcycle, car, van or truck.',
      total_distance_km: 'Distance of the route in kilometres.',
      estimated_duration_minutes: 'Planned duration in minutes.',
      actual_duration_minutes: 'Actual duration in minutes.',
      total_pickups: 'Pickups on the route.',
      completed_pickups: 'Pickups completed, at most total_pickups.',
      optimized_waypoints: 'Stops in optimised order, as JSON.',
      route_start_time: 'When the route started.',
      route_end_time: 'When the route ended, after it started.',
    },
    drivers: {
      id: 'Surrogate key.',
      driver_id: 'Public driver code, unique (e.g. DRV-0000001), held by routes, attempts and pickups.',
      license_number: 'Driving licence number.',
      license_expiry: 'When the licence expires.',
      vehicle_type: 'Vehicle: motorcycle, car, van or truck.',
      vehicle_plate: 'Licence plate of the vehicle.',
      current_zone: 'Zone the driver works in (pickup_zones.zone_name).',
      total_pickups: 'Pickups completed so far.',
      success_rate: 'Share of successful attempts, in percent (0–100).',
      avg_rating: 'Average customer rating, 0 to 5.',
    },
    pickup_capacity: {
      id: 'Surrogate key.',
      postal_code: 'Postal code of the slot.',
      pickup_date: 'Date of the slot.',
      time_slot_start: 'Start of the slot (local time).',
      time_slot_end: 'End of the slot (local time), after its start.',
      max_capacity: 'Most pickups the slot takes (at least 0).',
      current_bookings: 'Pickups booked, between 0 and max_capacity.',
      special_event: 'Why the capacity differs from usual (holiday, campaign).',
    },
    pickup_zones: {
      id: 'Surrogate key.',
      zone_id: 'Public zone identifier, unique.',
      zone_name: 'Zone name.',
      postal_codes: 'Postal codes covered, as a JSON array.',
      boundaries: 'Zone polygon, as GeoJSON.',
      service_available: 'false: no pickups in this zone.',
      pickup_fee: 'Fee of a standard pickup, in MXN.',
      express_fee: 'Fee of an express pickup, in MXN.',
      service_hours: 'Service hours per weekday, as JSON; pickups are scheduled within them.',
      slot_duration_minutes: 'Length of a bookable slot, in minutes.',
    },
  },
};

export async function up(knex: Knex): Promise<void> {
  await setComments(knex, COMMENTS);
}

export async function down(knex: Knex): Promise<void> {
  await clearComments(knex, COMMENTS);
}
