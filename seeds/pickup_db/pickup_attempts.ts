import { defineTable, fanout } from '../../src/seed/kit';
import { pickupFacts } from './pickups';
import { driverId } from './drivers';

/** Up to two attempts per pickup; ordinals beyond a pickup's attempts are left out. */
const SLOTS = fanout([2]);

export default defineTable({
  table: 'pickup_attempts',
  columns: ['id', 'pickup_id', 'attempt_number', 'attempted_at', 'driver_id', 'attempt_status', 'failure_reason', 'failure_category', 'reschedule_date', 'reschedule_time_start', 'reschedule_time_end', 'driver_notes', 'attempt_photos', 'gps_coordinates', 'created_at'],
  count: (g) => SLOTS.total(g.count('pickups')),
  row(g, i, rng) {
    const { parent, index } = SLOTS.parentOf(i);
    const f = pickupFacts(g, parent);
    if (index >= f.attempts) return null;
    const last = index === f.attempts - 1;
    const ok = last && f.status === 'completed';
    const at = f.attemptAt[index];
    return {
      id: i + 1, pickup_id: parent + 1, attempt_number: index + 1, attempted_at: at, driver_id: driverId(f.driver),
      attempt_status: ok ? 'successful' : 'failed', failure_reason: ok ? null : rng.pick(['Cliente ausente', 'Domicilio no localizado', 'Paquete no listo']),
      failure_category: ok ? null : 'customer', reschedule_date: null, reschedule_time_start: null, reschedule_time_end: null, driver_notes: null, attempt_photos: null,
      gps_coordinates: null, created_at: at,
    };
  },
});
