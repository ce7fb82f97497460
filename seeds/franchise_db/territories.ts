import { defineTable, MX_STATES } from '../../src/seed/kit';

export const territoryCode = (i: number) => {
  const s = MX_STATES[i % MX_STATES.length];
  return `MX-${String(s.cp[0]).padStart(2, '0')}-${String(Math.floor(i / MX_STATES.length) + 1).padStart(4, '0')}`;
};

export default defineTable({
  table: 'territories',
  columns: ['id', 'territory_code', 'name', 'description', 'country', 'state', 'region', 'boundaries', 'area_size', 'population', 'market_potential', 'competition_level', 'average_income', 'demographic_data', 'status', 'reserved_until', 'reserved_by', 'is_active', 'created_at', 'updated_at'],
  row(g, i, rng) {
    const s = MX_STATES[i % MX_STATES.length];
    const c = s.cities[Math.floor(i / MX_STATES.length) % s.cities.length];
    const franchised = i < g.count('franchises');
    return {
      id: i + 1, territory_code: territoryCode(i), name: `${c.name} ${Math.floor(i / MX_STATES.length) + 1}`, description: null, country: 'MX', state: s.name, region: null,
      boundaries: { center: { lat: c.lat, lng: c.lng } }, area_size: rng.money(5, 500), population: rng.range(20_000, 900_000), market_potential: rng.pick(['low', 'medium', 'high']),
      competition_level: rng.pick(['low', 'medium', 'high']), average_income: rng.money(8_000, 45_000), demographic_data: null, status: franchised ? 'assigned' : 'available',
      reserved_until: null, reserved_by: null, is_active: true, created_at: g.time(i), updated_at: g.time(i),
    };
  },
});
