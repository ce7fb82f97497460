import { defineTable } from '../../src/seed/kit';

export const COUNTRIES: Array<[string, string, string]> = [
  ['México', 'MX', 'domestic'], ['Estados Unidos', 'US', 'north_america'], ['Canadá', 'CA', 'north_america'], ['Guatemala', 'GT', 'central_america'],
  ['Belice', 'BZ', 'central_america'], ['Colombia', 'CO', 'south_america'], ['Brasil', 'BR', 'south_america'], ['Argentina', 'AR', 'south_america'],
  ['Chile', 'CL', 'south_america'], ['Perú', 'PE', 'south_america'], ['España', 'ES', 'europe'], ['Alemania', 'DE', 'europe'],
  ['Francia', 'FR', 'europe'], ['Reino Unido', 'GB', 'europe'], ['China', 'CN', 'asia'], ['Japón', 'JP', 'asia'], ['Corea del Sur', 'KR', 'asia'],
];

export default defineTable({
  table: 'countries',
  columns: ['id', 'name', 'iso_code', 'zone', 'active', 'created_at'],
  count: () => COUNTRIES.length,
  row(g, i) {
    const [name, iso, zone] = COUNTRIES[i];
    return { id: i + 1, name, iso_code: iso, zone, active: true, created_at: g.time(0, 'static') };
  },
});
