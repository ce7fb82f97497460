import { defineTable } from '../../src/seed/kit';
import { CITIES, City, State } from '../../src/seed/geo';

/**
 * A territory is a plaza: the cities that share one area code (LADA) — a metro area such as the
 * Valle de México, Guadalajara or Monterrey, or one city — in the state of its main city. Its
 * orders are those of the customers of that area code. Plazas are ordered by population (the
 * largest first); the code carries the state's INEGI code: MX-<INEGI>-<number within the state>.
 */
export interface Plaza {
  lada: string;
  name: string;
  main: City;
  cities: City[];
  state: State;
  code: string;
  population: number;
}

const REGION: Record<string, string> = {
  '02': 'Noroeste',
  '03': 'Noroeste',
  '25': 'Noroeste',
  '26': 'Noroeste',
  '05': 'Noreste',
  '08': 'Norte',
  '10': 'Norte',
  '19': 'Noreste',
  '28': 'Noreste',
  '01': 'Bajío',
  '11': 'Bajío',
  '22': 'Bajío',
  '24': 'Centro-Norte',
  '32': 'Centro-Norte',
  '06': 'Occidente',
  '14': 'Occidente',
  '16': 'Occidente',
  '18': 'Occidente',
  '09': 'Centro',
  '13': 'Centro',
  '15': 'Centro',
  '17': 'Centro',
  '21': 'Centro',
  '29': 'Centro',
  '12': 'Sur',
  '20': 'Sur',
  '07': 'Sur',
  '04': 'Sureste',
  '23': 'Sureste',
  '27': 'Sureste',
  '30': 'Golfo',
  '31': 'Sureste',
};
export const regionOf = (stateCode: string) => REGION[stateCode] ?? 'Centro';

export const PLAZAS: readonly Plaza[] = (() => {
  const by = new Map<string, City[]>();
  for (const c of CITIES) by.set(c.lada, [...(by.get(c.lada) ?? []), c]);
  const list = [...by.entries()].map(([lada, cities]) => {
    const main = cities.reduce((a, b) => (b.population > a.population ? b : a));
    return {
      lada,
      name: cities.length > 1 ? main.metro : main.name,
      main,
      cities,
      state: main.state,
      code: '',
      population: cities.reduce((a, c) => a + c.population, 0),
    };
  });
  list.sort((a, b) => b.population - a.population || a.lada.localeCompare(b.lada));
  const perState = new Map<string, number>();
  for (const p of list) {
    const n = (perState.get(p.state.code) ?? 0) + 1;
    perState.set(p.state.code, n);
    p.code = `MX-${p.state.code}-${String(n).padStart(4, '0')}`;
  }
  return list;
})();

export const territoryCode = (i: number) => PLAZAS[i].code;

export default defineTable({
  table: 'territories',
  columns: [
    'id',
    'territory_code',
    'name',
    'description',
    'country',
    'state',
    'region',
    'boundaries',
    'area_size',
    'population',
    'market_potential',
    'competition_level',
    'average_income',
    'demographic_data',
    'status',
    'reserved_until',
    'reserved_by',
    'is_active',
    'created_at',
    'updated_at',
  ],
  // One per plaza, the largest first; a small world opens fewer.
  count: (g) => Math.min(PLAZAS.length, Math.max(5, Math.ceil(g.count('orders', 'order_db') / 40))),
  row(g, i, rng) {
    const p = PLAZAS[i];
    const franchised = i < g.count('franchises');
    // Drawn when the franchise network was planned, before the platform's first day.
    const created = new Date(g.clock.firstDay.getTime() - (120 - (i % 30)) * 86_400_000);
    const updated = franchised ? g.facts('franchise_db', 'franchises', i).born : created;
    const thousands = p.population;
    return {
      id: i + 1,
      territory_code: p.code,
      name: p.name,
      description: p.cities.length > 1 ? `Zona metropolitana: ${p.cities.map((c) => c.name).join(', ')}` : `Municipio de ${p.main.name}`,
      country: 'MX',
      state: p.state.name,
      region: regionOf(p.state.code),
      boundaries: { type: 'MultiPoint', coordinates: p.cities.map((c) => [c.lng, c.lat]) },
      area_size: Math.round(thousands * rng.money(0.4, 1.6)),
      population: thousands * 1000,
      market_potential: thousands > 2000 ? 'high' : thousands > 700 ? 'medium' : 'low',
      competition_level: thousands > 2000 ? 'high' : rng.pick(['low', 'medium', 'high']),
      average_income: rng.money(12_000, 32_000),
      demographic_data: null,
      status: franchised ? 'assigned' : 'available',
      reserved_until: null,
      reserved_by: null,
      is_active: true,
      created_at: created,
      updated_at: updated,
    };
  },
});
