import { defineTable, ordinalUuid, address, person, phone, slug, addMinutes, hhmm, GenContext, rowRng } from '../../src/seed/kit';
import { driverId } from './drivers';

/** Status of pickup `i` (pure: attempts and packages follow it). */
export function pickupFacts(g: GenContext, i: number) {
  const ctx = g.other('pickups', 'pickup_db');
  const rng = rowRng(g.seed, 'pickup_db.pickups#facts', i);
  const created = ctx.time(i);
  const date = new Date(created.getTime() + rng.range(0, 3) * 86_400_000);
  const future = date.getTime() >= g.now.getTime() - 86_400_000;
  const status = future ? rng.pick(['scheduled', 'confirmed']) : rng.weighted([['completed', 82], ['failed', 8], ['cancelled', 6], ['rescheduled', 4]] as const);
  const startMin = rng.range(8, 16) * 60;
  return { created, date, status, startMin, endMin: startMin + rng.pick([60, 120, 180]), attempts: status === 'completed' || status === 'failed' || status === 'rescheduled' ? 1 + rng.int(2) : 0 };
}

export default defineTable({
  table: 'pickups',
  columns: ['id', 'pickup_id', 'customer_id', 'pickup_type', 'status', 'pickup_date', 'time_window_start', 'time_window_end', 'pickup_address', 'pickup_latitude', 'pickup_longitude', 'postal_code', 'city', 'state', 'country', 'contact_name', 'contact_phone', 'contact_email', 'package_count', 'estimated_weight_kg', 'actual_weight_kg', 'estimated_volume_m3', 'actual_volume_m3', 'requires_packaging', 'fragile_items', 'special_instructions', 'assigned_driver_id', 'assigned_vehicle_type', 'assigned_route_id', 'estimated_arrival_time', 'actual_pickup_time', 'completion_notes', 'customer_signature', 'driver_notes', 'completion_photos', 'pickup_cost', 'currency', 'created_at', 'updated_at'],
  row(g, i, rng) {
    const f = pickupFacts(g, i);
    const a = address(rng);
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
      contact_email: `${slug(p.first)}.${slug(p.last1)}@gmail.com`, package_count: 1 + rng.int(4), estimated_weight_kg: est, actual_weight_kg: done ? Math.round(est * rng.money(0.8, 1.2) * 10) / 10 : null,
      estimated_volume_m3: rng.money(0.01, 1, 3), actual_volume_m3: null, requires_packaging: rng.chance(0.1), fragile_items: rng.chance(0.15), special_instructions: rng.chance(0.2) ? 'Tocar el timbre; dejar con el portero' : null,
      assigned_driver_id: assigned ? driverId(g, rng.int(g.count('drivers'))) : null, assigned_vehicle_type: assigned ? 'van' : null, assigned_route_id: assigned ? 1 + rng.int(g.count('pickup_routes')) : null,
      estimated_arrival_time: assigned ? arrival : null, actual_pickup_time: done ? addMinutes(arrival, rng.range(-20, 40)) : null,
      completion_notes: done ? 'Recolección completada' : null, customer_signature: done ? p.full : null, driver_notes: null, completion_photos: done ? [`https://cdn.quenty.example/p/${i + 1}.jpg`] : null,
      pickup_cost: rng.money(49, 250), currency: 'MXN', created_at: f.created, updated_at: f.created,
    };
  },
});
