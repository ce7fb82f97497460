import { defineTable, MX_STATES, postalCode, hhmm, addDays } from '../../src/seed/kit';

/** One slot per ordinal: postal code of a zone, a day around now, and an hour: unique by construction. */
export default defineTable({
  table: 'pickup_capacity',
  columns: ['id', 'postal_code', 'pickup_date', 'time_slot_start', 'time_slot_end', 'max_capacity', 'current_bookings', 'special_event', 'created_at'],
  row(g, i, rng) {
    const slots = 10; // 08:00..17:00
    const hour = 8 + (i % slots);
    const dayIndex = Math.floor(i / slots);
    const state = MX_STATES[dayIndex % MX_STATES.length];
    const day = addDays(g.now, -30 + Math.floor(dayIndex / MX_STATES.length));
    const max = rng.range(5, 40);
    return {
      id: i + 1,
      postal_code: postalCode(g.rng(dayIndex, 'cp'), state),
      pickup_date: day.toISOString().slice(0, 10),
      time_slot_start: hhmm(hour * 60),
      time_slot_end: hhmm(hour * 60 + 60),
      max_capacity: max,
      current_bookings: rng.int(max + 1),
      special_event: null,
      created_at: addDays(day, -7),
    };
  },
});
