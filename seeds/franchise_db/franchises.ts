import { defineTable, ordinalUuid, person, personRfc, addDays, GenContext, RowFacts, rowRng, MX_TZ, isoDate, monthStart } from '../../src/seed/kit';
import { addressIn, phoneIn } from '../../src/seed/geo';
import { PLAZAS, Plaza } from './territories';

export interface FranchiseFacts extends RowFacts {
  plaza: Plaza;
  /** Contract signed (born), contract start (a first of the month), opening day (Mexico City date label). */
  signed: Date;
  start: Date;
  opening: Date;
  /** Royalty, percent of the revenue of the plaza's orders. */
  royaltyRate: number;
  initialFee: number;
  monthlyFee: number;
  /** Full calendar months (Mexico City) after the opening and before the anchor: performance periods. */
  periods: number;
}
declare module '../../src/seed/types' {
  interface FactsRegistry {
    'franchise_db.franchises': FranchiseFacts;
  }
}

/** Period k of franchise f: the k-th full month after its opening ('YYYY-MM-01'). */
export const periodStart = (f: FranchiseFacts, k: number) => monthStart(f.opening, k + 1);

/**
 * Franchise i holds plaza (territory) i, the largest plazas first and earliest: contracts are
 * signed along the opening timeline, start 2-4 weeks later and the franchise opens 30-75 days
 * after the start. The royalty rate is the contract's (5-8 %, in half points).
 */
function franchiseFacts(g: GenContext, i: number): FranchiseFacts {
  const rng = rowRng(g.seed, 'franchise_db.franchises#facts', i);
  const F = g.count('franchises');
  // Signed along the opening timeline of the window (the network grows with the platform).
  const signed = g.clock.at('opening', i, F, rng, MX_TZ, 'office');
  const start = monthStart(addDays(signed, rng.range(14, 28)), 1);
  const openedAt = g.clock.after(start, 30 * 1440, 75 * 1440, rng, MX_TZ, 'office');
  // The opening day (Mexico City date), as a date label.
  const opening = new Date(g.clock.local(MX_TZ, openedAt).dayMs);
  const nowMs = g.now.getTime();
  let periods = 0;
  // A month counts once it is over in Mexico City (its last day ends before the anchor).
  while (periods < 18 && monthStart(opening, periods + 2).getTime() + 6 * 3_600_000 <= nowMs) periods++;
  return {
    born: signed,
    plaza: PLAZAS[i],
    signed,
    start,
    opening,
    royaltyRate: 5 + 0.5 * rng.int(7),
    initialFee: 50_000 * rng.range(3, 9),
    monthlyFee: 1_000 * rng.range(8, 20),
    periods,
    status: openedAt.getTime() < nowMs ? 'active' : 'pending',
    place: {
      state: PLAZAS[i].state.name,
      city: PLAZAS[i].main.name,
      lat: PLAZAS[i].main.lat,
      lng: PLAZAS[i].main.lng,
      tz: PLAZAS[i].main.tz,
      stateCode: PLAZAS[i].state.code,
    },
  };
}

/** Franchise i holds territory i: one franchise per plaza, for most plazas. */
export default defineTable({
  table: 'franchises',
  columns: [
    'id',
    'franchise_id',
    'name',
    'franchisee_name',
    'email',
    'phone',
    'address',
    'city',
    'state',
    'country',
    'postal_code',
    'business_license',
    'tax_id',
    'territory_code',
    'contract_start_date',
    'contract_end_date',
    'contract_terms',
    'status',
    'opening_date',
    'closure_date',
    'operational_hours',
    'services_offered',
    'equipment_list',
    'initial_fee',
    'monthly_fee',
    'royalty_rate',
    'is_active',
    'company_id',
    'created_by',
    'updated_by',
    'created_at',
    'updated_at',
  ],
  count: (g) => Math.max(1, Math.floor(g.count('territories') * 0.8)),
  facts: franchiseFacts,
  row(g, i, rng) {
    const f = g.facts('franchise_db', 'franchises', i);
    const a = addressIn(f.plaza.main, rng);
    const p = person(rng);
    // The franchisee's person RFC: their names and a birth date 25-65 years before the contract.
    const r = g.rng(i, 'rfc');
    const birth = addDays(f.signed, -(365 * 25 + r.int(365 * 40)));
    const open = f.status === 'active';
    return {
      id: i + 1,
      franchise_id: ordinalUuid(g.seed, 'franchise.franchises', i),
      name: `Quenty ${f.plaza.name}`,
      franchisee_name: p.full,
      email: `franquicia${i + 1}@quenty.com.mx`,
      phone: phoneIn(f.plaza.main, rng),
      address: `${a.street} ${a.number}, Col. ${a.colonia}`,
      city: f.plaza.main.name,
      state: f.plaza.state.name,
      country: 'MX',
      postal_code: a.postalCode,
      business_license: `LF-${f.plaza.state.abbr}-${String(i + 1).padStart(5, '0')}`,
      tax_id: personRfc(r, p.first, p.last1, p.last2, birth),
      territory_code: f.plaza.code,
      contract_start_date: isoDate(f.start),
      contract_end_date: isoDate(addDays(f.start, 365 * 5)),
      contract_terms: { years: 5, royalty_rate: f.royaltyRate },
      status: f.status,
      opening_date: isoDate(f.opening),
      closure_date: null,
      operational_hours: { lun_vie: '09:00-19:00', sab: '09:00-14:00' },
      services_offered: ['pickup', 'dropoff', 'packaging'],
      equipment_list: null,
      initial_fee: f.initialFee,
      monthly_fee: f.monthlyFee,
      royalty_rate: f.royaltyRate,
      is_active: open,
      company_id: rng.chance(0.7)
        ? g.refAt('company_id', rng.int(Math.max(1, g.clock.countBefore('company', g.count('companies', 'customer_db'), f.signed))))
        : null,
      created_by: 'system',
      updated_by: open ? 'system' : null,
      created_at: f.signed,
      updated_at: open ? f.opening : f.signed,
    };
  },
});
