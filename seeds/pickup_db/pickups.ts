import { defineTable, streetNamePool, ordinalUuid, address, person, phone, slug, hhmm, fanout, monthStart, MONTHS_OF_DATA, GenContext, rowRng } from '../../src/seed/kit';
import { driverId } from './drivers';

/** Pickups of a route: pickup i rides route floor(i / PICKUPS_PER_ROUTE). */
export const PICKUPS_PER_ROUTE = 5;
/** Packages per pickup (pickup_packages fan out of pickups). */
export const PACKAGES = fanout([1, 2, 1, 3]);

/** Date and driver of route `j` (pure: pickups assigned to it share both). */
export function routeFacts(g: GenContext, j: number) {
  const ctx = g.other('pickup_routes', 'pickup_db');
  const rng = rowRng(g.seed, 'pickup_db.pickup_routes#facts', j);
  const day = ctx.time(j);
  const date = new Date(`${day.toISOString().slice(0, 10)}T00:00:00Z`);
  return { day, date, driver: rng.int(Math.max(1, ctx.count('drivers'))) };
}

/**
 * Status of pickup `i` (pure: attempts and packages follow it). Its date and driver are those of
 * its route; the successful attempt is the actual pickup time, within the window, on that date.
 */
export function pickupFacts(g: GenContext, i: number) {
  const route = Math.min(Math.floor(i / PICKUPS_PER_ROUTE), Math.max(0, g.count('pickup_routes', 'pickup_db') - 1));
  const r = routeFacts(g, route);
  const rng = rowRng(g.seed, 'pickup_db.pickups#facts', i);
  const date = r.date;
  const created = new Date(Math.max(monthStart(g.now, -(MONTHS_OF_DATA - 1)).getTime(), date.getTime() - rng.range(0, 3) * 86_400_000 - rng.int(86_400) * 1000));
  const future = date.getTime() >= g.now.getTime() - 86_400_000;
  const status = future ? rng.pick(['scheduled', 'confirmed']) : rng.weighted([['completed', 82], ['failed', 8], ['cancelled', 6], ['rescheduled', 4]] as const);
  const startMin = rng.range(8, 16) * 60;
  const endMin = startMin + rng.pick([60, 120, 180]);
  const attempts = status === 'completed' || status === 'failed' || status === 'rescheduled' ? 1 + rng.int(2) : 0;
  // Attempts fall in the window on the pickup date, in order: attempt k in the k-th part of it.
  const part = Math.floor((endMin - startMin) / Math.max(1, attempts));
  const attemptAt = Array.from({ length: attempts }, (_, k) => new Date(date.getTime() + (startMin + k * part + rng.int(part)) * 60_000));
  return { created, date, status, startMin, endMin, attempts, attemptAt, route, driver: r.driver, pickedUpAt: status === 'completed' ? attemptAt[attempts - 1] : null };
}

export default defineTable({
  table: 'pickups',
  columns: ['id', 'pickup_id', 'customer_id', 'pickup_type', 'status', 'pickup_date', 'time_window_start', 'time_window_end', 'pickup_address', 'pickup_latitude', 'pickup_longitude', 'postal_code', 'city', 'state', 'country', 'contact_name', 'contact_phone', 'contact_email', 'package_count', 'estimated_weight_kg', 'actual_weight_kg', 'estimated_volume_m3', 'actual_volume_m3', 'requires_packaging', 'fragile_items', 'special_instructions', 'assigned_driver_id', 'assigned_vehicle_type', 'assigned_route_id', 'estimated_arrival_time', 'actual_pickup_time', 'completion_notes', 'customer_signature', 'driver_notes', 'completion_photos', 'pickup_cost', 'currency', 'created_at', 'updated_at'],
  row(g, i, rng) {
    const f = pickupFacts(g, i);
    const a = address(rng, undefined, streetNamePool(g.seed));
    const p = person(rng);
    const date = f.date.toISOString().slice(0, 10);
    const assigned = f.status !== 'scheduled';
    const done = f.status === 'completed';
    const est = rng.money(0.5, 40, 1);
    const arrival = new Date(Date.parse(date) + (f.startMin + rng.int(f.endMin - f.startMin)) * 60_000);
    return {
      id: i + 1, pickup_id: ordinalUuid(g.seed, 'pickup.pickups', i), customer_id: g.ref('customer_id', i), pickup_type: rng.pick(['standard', 'express', 'scheduled']),
      status: f.status, pickup_date: date, time_window_start: hhmm(f.startMin), time_window_end: hhmm(f.endMin), pickup_address: a.full,
      pickup_latitude: Math.round((a.city.lat + rng.money(-0.1, 0.1, 4)) * 10000) / 10000, pickup_longitude: Math.round((a.city.lng + rng.money(-0.1, 0.1, 4)) * 10000) / 10000,
      postal_code: a.postalCode, city: a.city.name, state: a.state.name, country: 'MX', contact_name: p.full, contact_phone: phone(rng, a.city),
      contact_email: `${slug(p.first)}.${slug(p.last1)}@gmail.com`, package_count: PACKAGES.size(i), estimated_weight_kg: est, actual_weight_kg: done ? Math.round(est * rng.money(0.8, 1.2) * 10) / 10 : null,
      estimated_volume_m3: rng.money(0.01, 1, 3), actual_volume_m3: null, requires_packaging: rng.chance(0.1), fragile_items: rng.chance(0.15), special_instructions: rng.chance(0.2) ? 'Tocar el timbre; dejar con el portero' : null,
      assigned_driver_id: assigned ? driverId(f.driver) : null, assigned_vehicle_type: assigned ? 'van' : null, assigned_route_id: assigned ? f.route + 1 : null,
      estimated_arrival_time: assigned ? arrival : null, actual_pickup_time: f.pickedUpAt,
      completion_notes: done ? 'Recolección completada' : null, customer_signature: done ? p.full : null, driver_notes: null, completion_photos: done ? [`https://cdn.quenty.example/p/${i + 1}.jpg`] : null,
      pickup_cost: rng.money(49, 250), currency: 'MXN', created_at: f.created, updated_at: f.created,
    };
  },
});
