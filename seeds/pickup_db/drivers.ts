import { defineTable, ordinalUuid, METRO_ZONES } from '../../src/seed/kit';

/**
 * Driver d is the d-th auth user holding the driver role (hired when that user was created);
 * totals and success rate are counted over the pickups assigned to them (once per worker).
 */
export default defineTable({
  table: 'drivers',
  columns: [
    'id',
    'driver_id',
    'user_id',
    'license_number',
    'license_expiry',
    'vehicle_type',
    'vehicle_plate',
    'is_active',
    'current_zone',
    'total_pickups',
    'success_rate',
    'avg_rating',
    'created_at',
  ],
  count: (g) => g.tally('auth_db', 'users', 'role', 'driver'),
  kept: () => 1,
  keys: { driver_id: (_g, i) => `DRV-${String(i + 1).padStart(7, '0')}` },
  row(g, i, rng) {
    const user = g.find('auth_db', 'users', 'role', 'driver', i);
    const u = g.facts('auth_db', 'users', user);
    const totals = g.memo('totals', () => {
      const n = g.count('drivers');
      const all = new Int32Array(n),
        ok = new Int32Array(n),
        zone = new Int32Array(n).fill(-1);
      for (let p = 0; p < g.count('pickups'); p++) {
        const f = g.facts('pickup_db', 'pickups', p);
        if (f.route < 0) continue;
        all[f.driver]++;
        if (f.status === 'completed') ok[f.driver]++;
        zone[f.driver] = f.zone;
      }
      return { all, ok, zone };
    });
    const total = totals.all[i];
    return {
      id: i + 1,
      driver_id: `DRV-${String(i + 1).padStart(7, '0')}`,
      user_id: g.refAt('user_id', user),
      license_number: `LIC-${ordinalUuid(g.seed, 'license', i).slice(0, 8).toUpperCase()}`,
      license_expiry: new Date(g.now.getTime() + rng.range(30, 1500) * 86_400_000),
      vehicle_type: rng.pick(['motorcycle', 'van', 'van', 'car']),
      vehicle_plate: `${rng.chars('ABCDEFGHJKLMNPRSTUVWXYZ', 3)}-${rng.range(100, 999)}-${rng.chars('ABCDEFGHJKLMNPRSTUVWXYZ', 1)}`,
      is_active: u.active,
      current_zone: `Zona ${METRO_ZONES[Math.max(0, totals.zone[i] >= 0 ? totals.zone[i] : u.zone)].name}`,
      total_pickups: total,
      success_rate: total ? Math.round((totals.ok[i] / total) * 10000) / 100 : 0,
      avg_rating: total ? rng.money(4, 5) : null,
      created_at: u.born,
    };
  },
});
