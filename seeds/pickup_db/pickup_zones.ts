import { defineTable, MX_STATES, ordinalUuid } from '../../src/seed/kit';

/** One zone per state; its postal codes are the state's prefixes. */
export default defineTable({
  table: 'pickup_zones',
  columns: ['id', 'zone_id', 'zone_name', 'postal_codes', 'boundaries', 'service_available', 'pickup_fee', 'express_fee', 'service_hours', 'slot_duration_minutes', 'created_at'],
  count: () => MX_STATES.length,
  row(g, i, rng) {
    const s = MX_STATES[i];
    const prefixes: string[] = [];
    for (let p = s.cp[0]; p <= s.cp[1]; p++) prefixes.push(String(p).padStart(2, '0') + 'xxx');
    return {
      id: i + 1, zone_id: ordinalUuid(g.seed, 'pickup.zones', i), zone_name: `Zona ${s.name}`, postal_codes: prefixes,
      boundaries: { center: { lat: s.cities[0].lat, lng: s.cities[0].lng }, radius_km: 40 }, service_available: true,
      pickup_fee: rng.money(39, 99), express_fee: rng.money(120, 250), service_hours: { mon_fri: '08:00-19:00', sat: '09:00-14:00' },
      slot_duration_minutes: 60, created_at: g.time(0, 'static'),
    };
  },
});
