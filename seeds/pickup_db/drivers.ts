import { defineTable, MX_STATES, ordinalUuid, addDays } from '../../src/seed/kit';

export const driverId = (i: number) => `DRV-${String(i + 1).padStart(7, '0')}`;

export default defineTable({
  table: 'drivers',
  columns: ['id', 'driver_id', 'user_id', 'license_number', 'license_expiry', 'vehicle_type', 'vehicle_plate', 'is_active', 'current_zone', 'total_pickups', 'success_rate', 'avg_rating', 'created_at'],
  count: (g) => Math.max(3, Math.round(g.count('pickups') / 15)),
  row(g, i, rng) {
    return {
      id: i + 1, driver_id: driverId(i), user_id: g.refAt('user_id', g.find('auth_db', 'users', 'role', 'driver', i)),
      license_number: `LIC-${ordinalUuid(g.seed, 'license', i).slice(0, 8).toUpperCase()}`, license_expiry: addDays(g.now, rng.range(30, 1500)),
      vehicle_type: rng.pick(['motorcycle', 'van', 'truck', 'car']), vehicle_plate: `${rng.chars('ABCDEFGHJKLMNPRSTUVWXYZ', 3)}-${rng.range(100, 999)}-${rng.chars('ABCDEFGHJKLMNPRSTUVWXYZ', 1)}`,
      is_active: rng.chance(0.9), current_zone: `Zona ${MX_STATES[i % MX_STATES.length].name}`, total_pickups: rng.range(0, 3000),
      success_rate: rng.money(80, 100), avg_rating: rng.money(3.5, 5), created_at: g.time(i),
    };
  },
});
