import { defineTable } from '../../src/seed/kit';

/** [name, ISO code, zone, share of Quenty's exports]. */
export const COUNTRIES: Array<[string, string, string, number]> = [
  ['México', 'MX', 'domestic', 0],
  ['Estados Unidos', 'US', 'north_america', 58],
  ['Canadá', 'CA', 'north_america', 9],
  ['Guatemala', 'GT', 'central_america', 4],
  ['Belice', 'BZ', 'central_america', 1],
  ['Colombia', 'CO', 'south_america', 4],
  ['Brasil', 'BR', 'south_america', 2],
  ['Argentina', 'AR', 'south_america', 2],
  ['Chile', 'CL', 'south_america', 3],
  ['Perú', 'PE', 'south_america', 2],
  ['España', 'ES', 'europe', 6],
  ['Alemania', 'DE', 'europe', 2],
  ['Francia', 'FR', 'europe', 2],
  ['Reino Unido', 'GB', 'europe', 2],
  ['China', 'CN', 'asia', 1],
  ['Japón', 'JP', 'asia', 1],
  ['Corea del Sur', 'KR', 'asia', 1],
];

export default defineTable({
  table: 'countries',
  columns: ['id', 'name', 'iso_code', 'zone', 'active', 'created_at'],
  count: () => COUNTRIES.length,
  row(g, i) {
    const [name, iso, zone] = COUNTRIES[i];
    return { id: i + 1, name, iso_code: iso, zone, active: true, created_at: new Date(g.clock.firstDay.getTime() - 60 * 86_400_000) };
  },
});
