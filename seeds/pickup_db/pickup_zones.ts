import { defineTable, METRO_ZONES, ordinalUuid } from '../../src/seed/kit';

/** The operating zones of the metro area (geo.ts PICKUP_ZONES): the postal codes of their colonias, depot and radius. */
export default defineTable({
  table: 'pickup_zones',
  columns: [
    'id',
    'zone_id',
    'zone_name',
    'postal_codes',
    'boundaries',
    'service_available',
    'pickup_fee',
    'express_fee',
    'service_hours',
    'slot_duration_minutes',
    'created_at',
  ],
  count: () => METRO_ZONES.length,
  row(g, i) {
    const z = METRO_ZONES[i];
    return {
      id: i + 1,
      zone_id: ordinalUuid(g.seed, 'pickup.zones', i),
      zone_name: `Zona ${z.name}`,
      postal_codes: [...z.postalCodes],
      boundaries: { center: z.center, radius_km: z.radiusKm, state_codes: z.stateCodes, municipalities: [...new Set(z.colonias.map((c) => c.city.name))] },
      service_available: true,
      pickup_fee: 79,
      express_fee: 149,
      service_hours: { mon_fri: '08:00-20:00', sat: '09:00-14:00' },
      slot_duration_minutes: 60,
      created_at: g.clock.firstDay,
    };
  },
});
