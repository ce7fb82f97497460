import { defineTable, fanout } from '../../src/seed/kit';

/** One attempt per routed pickup: successful at the pickup time, or failed (the order was then cancelled). */
const SLOTS = fanout([1]);

export default defineTable({
  table: 'pickup_attempts',
  columns: [
    'id',
    'pickup_id',
    'attempt_number',
    'attempted_at',
    'driver_id',
    'attempt_status',
    'failure_reason',
    'failure_category',
    'reschedule_date',
    'reschedule_time_start',
    'reschedule_time_end',
    'driver_notes',
    'attempt_photos',
    'gps_coordinates',
    'created_at',
  ],
  count: (g) => SLOTS.total(g.count('pickups')),
  row(g, i, rng) {
    const f = g.facts('pickup_db', 'pickups', i);
    if (f.route < 0 || !f.attemptAt) return null;
    const ok = f.status === 'completed';
    return {
      id: i + 1,
      pickup_id: i + 1,
      attempt_number: 1,
      attempted_at: f.attemptAt,
      driver_id: g.key('pickup_db', 'drivers', 'driver_id', f.driver),
      attempt_status: ok ? 'successful' : 'failed',
      failure_reason: ok ? null : rng.pick(['Cliente ausente', 'Domicilio no localizado', 'Paquete no listo']),
      failure_category: ok ? null : 'customer',
      reschedule_date: null,
      reschedule_time_start: null,
      reschedule_time_end: null,
      driver_notes: null,
      attempt_photos: null,
      gps_coordinates: { lat: f.place.lat, lng: f.place.lng },
      created_at: f.attemptAt,
    };
  },
});
