import { defineTable, streetNamePool, ordinalUuid, person, personRfc, phone, address, MX_STATES, addDays } from '../../src/seed/kit';
import { territoryCode } from './territories';

/** Franchise i holds territory i: one franchise per territory. */
export default defineTable({
  table: 'franchises',
  columns: ['id', 'franchise_id', 'name', 'franchisee_name', 'email', 'phone', 'address', 'city', 'state', 'country', 'postal_code', 'business_license', 'tax_id', 'territory_code', 'contract_start_date', 'contract_end_date', 'contract_terms', 'status', 'opening_date', 'closure_date', 'operational_hours', 'services_offered', 'equipment_list', 'initial_fee', 'monthly_fee', 'royalty_rate', 'is_active', 'company_id', 'created_by', 'updated_by', 'created_at', 'updated_at'],
  count: (g) => Math.floor(g.count('territories') * 0.8),
  row(g, i, rng) {
    const s = MX_STATES[i % MX_STATES.length];
    const a = address(rng, s, streetNamePool(g.seed));
    const p = person(rng);
    const start = g.other('territories').time(i);
    // The franchisee's person RFC: their names and a birth date 25-65 years before the contract.
    const r = g.rng(i, 'rfc');
    const birth = addDays(start, -(365 * 25 + r.int(365 * 40)));
    const taxId = personRfc(r, p.first, p.last1, p.last2, birth);
    return {
      id: i + 1, franchise_id: ordinalUuid(g.seed, 'franchise.franchises', i), name: `Quenty ${a.city.name} ${Math.floor(i / MX_STATES.length) + 1}`, franchisee_name: p.full,
      email: `franquicia${i + 1}@quenty.com.mx`, phone: phone(rng, a.city), address: a.street, city: a.city.name, state: s.name, country: 'MX', postal_code: a.postalCode,
      business_license: `LF-${i + 1}`, tax_id: taxId, territory_code: territoryCode(i), contract_start_date: start.toISOString().slice(0, 10), contract_end_date: addDays(start, 365 * 5).toISOString().slice(0, 10),
      contract_terms: { years: 5 }, status: 'active', opening_date: addDays(start, 30).toISOString().slice(0, 10), closure_date: null, operational_hours: { mon_sat: '09:00-19:00' },
      services_offered: ['pickup', 'dropoff', 'packaging'], equipment_list: null, initial_fee: rng.money(150_000, 450_000), monthly_fee: rng.money(8_000, 25_000), royalty_rate: rng.money(4, 9),
      is_active: true, company_id: rng.chance(0.7) ? g.ref('company_id', i) : null, created_by: 'system', updated_by: null, created_at: start, updated_at: start,
    };
  },
});
