import { defineTable, ordinalUuid, hhmm, GenContext, RowFacts, Place, METRO_TZ, METRO_ZONES, rowRng, isoDate } from '../../src/seed/kit';

const DAY = 86_400_000;

export interface PickupFacts extends RowFacts {
  order: number;
  customer: number;
  place: Place;
  zone: number;
  /** Local date label (UTC midnight of the local date) and window, minutes of the local day. */
  dayMs: number;
  startMin: number;
  endMin: number;
  status: 'scheduled' | 'completed' | 'failed' | 'cancelled';
  attemptAt: Date | null;
  /** pickup_routes ordinal (day × zone), -1 when not routed. */
  route: number;
  driver: number;
}
declare module '../../src/seed/types' {
  interface FactsRegistry {
    'pickup_db.pickups': PickupFacts;
  }
}

/**
 * Pickup p collects order 2p, placed by a customer of the metro area, at their address: on the
 * local date the order was picked up (or the attempt failed), in a 2-3 h window around that
 * moment, by the driver of the route of that day and zone. Orders cancelled before the pickup
 * cancel it; orders not yet picked up leave it scheduled.
 */
function pickupFacts(g: GenContext, p: number): PickupFacts {
  const rng = rowRng(g.seed, 'pickup_db.pickups#facts', p);
  const order = 2 * p;
  const o = g.facts('order_db', 'orders', order);
  // The customer's place and zone, as the order carries them (orders of pickups are of the metro area).
  const zone = Math.max(0, o.zone);
  const at = o.times.shipped ?? o.times.pickupFailed ?? null;
  const clock = g.clock;
  let dayMs: number, startMin: number, endMin: number, status: PickupFacts['status'];
  if (at) {
    const l = clock.local(METRO_TZ, at);
    dayMs = l.dayMs;
    startMin = Math.max(8 * 60, Math.min(17 * 60, (Math.floor(l.minutes / 60) - rng.int(2)) * 60));
    endMin = Math.max(startMin + 120, Math.min(20 * 60, startMin + rng.pick([120, 180])));
    if (l.minutes >= endMin) endMin = Math.min(24 * 60 - 1, (Math.floor(l.minutes / 60) + 1) * 60);
    if (l.minutes < startMin) startMin = Math.floor(l.minutes / 60) * 60;
    status = o.times.shipped ? 'completed' : 'failed';
  } else {
    const base = clock.local(METRO_TZ, o.times.confirmed ?? o.born);
    dayMs = base.dayMs + DAY;
    startMin = rng.range(9, 15) * 60;
    endMin = startMin + 180;
    status = o.times.cancelled ? 'cancelled' : 'scheduled';
  }
  const routed = status === 'completed' || status === 'failed';
  const dayIndex = Math.floor((dayMs - clock.firstDay.getTime()) / DAY);
  const route = routed ? dayIndex * METRO_ZONES.length + zone : -1;
  let driver = -1;
  if (routed) {
    const rr = rowRng(g.seed, 'pickup_db.pickup_routes#driver', route);
    const hired = g.tally('auth_db', 'users', 'role', 'driver', new Date(dayMs));
    driver = rr.int(Math.max(1, hired));
  }
  return {
    born: o.times.confirmed ?? o.born,
    order,
    customer: o.customer,
    place: o.place,
    zone,
    dayMs,
    startMin,
    endMin,
    status,
    attemptAt: at,
    route,
    driver,
    times: { created: o.times.confirmed ?? o.born, attempt: at ?? undefined },
  };
}

/** Pickups that may be on local day `dayMs`: those of orders placed in the week before it. */
function pickupsAround(g: GenContext, dayMs: number): [number, number] {
  const from = Math.floor(g.tally('order_db', 'orders', 'before', 0, new Date(dayMs - 7 * DAY)) / 2);
  const to = Math.min(g.count('pickups', 'pickup_db'), Math.ceil((g.tally('order_db', 'orders', 'before', 0, new Date(dayMs + 3 * DAY)) + 1) / 2) + 1);
  return [Math.max(0, from - 1), to];
}

export default defineTable({
  table: 'pickups',
  columns: [
    'id',
    'pickup_id',
    'customer_id',
    'pickup_type',
    'status',
    'pickup_date',
    'time_window_start',
    'time_window_end',
    'pickup_address',
    'pickup_latitude',
    'pickup_longitude',
    'postal_code',
    'city',
    'state',
    'country',
    'contact_name',
    'contact_phone',
    'contact_email',
    'package_count',
    'estimated_weight_kg',
    'actual_weight_kg',
    'estimated_volume_m3',
    'actual_volume_m3',
    'requires_packaging',
    'fragile_items',
    'special_instructions',
    'assigned_driver_id',
    'assigned_vehicle_type',
    'assigned_route_id',
    'estimated_arrival_time',
    'actual_pickup_time',
    'completion_notes',
    'customer_signature',
    'driver_notes',
    'completion_photos',
    'pickup_cost',
    'currency',
    'created_at',
    'updated_at',
  ],
  count: (g) => Math.ceil(g.count('orders', 'order_db') / 2),
  facts: pickupFacts,
  find: {
    /** First and end pickup ordinal that may lie on local day `value` (ms label). */
    dayFrom: (g, dayMs) => pickupsAround(g, Number(dayMs))[0],
    dayTo: (g, dayMs) => pickupsAround(g, Number(dayMs))[1],
  },
  row(g, i, rng) {
    const f = g.facts('pickup_db', 'pickups', i);
    const o = g.facts('order_db', 'orders', f.order);
    const u = g.facts('auth_db', 'users', f.customer);
    let weight = 0;
    for (const l of o.lines) weight += g.facts('order_db', 'products', l.product).weight * l.quantity;
    const routed = f.route >= 0;
    const done = f.status === 'completed';
    const date = isoDate(new Date(f.dayMs));
    const arrival = routed ? g.clock.utc(METRO_TZ, f.dayMs, f.startMin + rng.int(f.endMin - f.startMin)) : null;
    const updated = f.attemptAt ?? o.times.cancelled ?? f.born;
    return {
      id: i + 1,
      pickup_id: ordinalUuid(g.seed, 'pickup.pickups', i),
      customer_id: g.refAt('customer_id', f.customer),
      pickup_type: o.service === 'express' ? 'express' : 'standard',
      status: f.status,
      pickup_date: date,
      time_window_start: hhmm(f.startMin),
      time_window_end: hhmm(f.endMin),
      pickup_address: u.address,
      pickup_latitude: f.place.lat,
      pickup_longitude: f.place.lng,
      postal_code: f.place.postalCode ?? null,
      city: f.place.city,
      state: f.place.state,
      country: 'MX',
      contact_name: `${u.person.first} ${u.person.last1} ${u.person.last2}`,
      contact_phone: u.phone,
      contact_email: u.email,
      package_count: 1,
      estimated_weight_kg: Math.max(0.1, Math.round(weight * 10) / 10),
      actual_weight_kg: done ? Math.max(0.1, Math.round(weight * rng.money(0.95, 1.1) * 10) / 10) : null,
      estimated_volume_m3: rng.money(0.005, 0.2, 3),
      actual_volume_m3: null,
      requires_packaging: rng.chance(0.1),
      fragile_items: rng.chance(0.15),
      special_instructions: rng.chance(0.2) ? 'Tocar el timbre; dejar con el portero' : null,
      assigned_driver_id: routed ? g.key('pickup_db', 'drivers', 'driver_id', f.driver) : null,
      assigned_vehicle_type: routed ? 'van' : null,
      assigned_route_id: routed ? f.route + 1 : null,
      estimated_arrival_time: arrival,
      actual_pickup_time: done ? f.attemptAt : null,
      completion_notes: done ? 'Recolección completada' : null,
      customer_signature: done ? u.person.first + ' ' + u.person.last1 : null,
      driver_notes: null,
      completion_photos: done ? [`https://cdn.quenty.example/p/${i + 1}.jpg`] : null,
      pickup_cost: o.service === 'express' ? 149 : 79,
      currency: 'MXN',
      created_at: f.born,
      updated_at: updated,
    };
  },
});
