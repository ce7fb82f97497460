import { defineTable, ordinalUuid, companyName, companyRfc, companyRfcParts, RowFacts, MX_TZ } from '../../src/seed/kit';

/** Every MERCHANT_EVERY-th company sells through Quenty: it has a catalogue (order_db.products) and orders. */
const MERCHANT_EVERY = 3;

export interface CompanyFacts extends RowFacts {
  merchant: boolean;
  /** Index among merchants, -1 if not one. */ merchantIndex: number;
  active: boolean;
}
declare module '../../src/seed/types' {
  interface FactsRegistry {
    'customer_db.companies': CompanyFacts;
  }
}

export default defineTable({
  table: 'companies',
  columns: ['id', 'company_id', 'name', 'business_name', 'document_type', 'document_number', 'active', 'created_at', 'updated_at'],
  keys: { company_id: (g, i) => ordinalUuid(g.seed, 'customer.companies', i) },
  // Companies join along their timeline, in office hours: company i is the i-th to sign up.
  facts: (g, i) => {
    const rng = g.rng(i, 'facts');
    const born = g.clock.at('company', i, g.count('companies'), rng, MX_TZ, 'office');
    const active = rng.chance(0.95);
    return {
      born,
      company: i,
      merchant: i % MERCHANT_EVERY === 0,
      merchantIndex: i % MERCHANT_EVERY === 0 ? i / MERCHANT_EVERY : -1,
      active,
      status: active ? 'active' : 'inactive',
      times: { created: born },
    };
  },
  find: {
    /** Company ordinal of the k-th merchant. */
    merchant: (g, _v, k) => {
      const n = Math.ceil(g.count('companies') / MERCHANT_EVERY);
      return n ? (((k % n) + n) % n) * MERCHANT_EVERY : -1;
    },
  },
  tally: { merchant: (g) => Math.ceil(g.count('companies') / MERCHANT_EVERY) },
  row(g, i, rng) {
    const f = g.facts('customer_db', 'companies', i);
    const n = companyName(rng);
    // Date and homoclave come from the ordinal alone: RFCs are unique by construction.
    const { founded, homoclave } = companyRfcParts(i);
    const rfc = companyRfc(rng, n.business, founded, homoclave);
    const updated = f.active ? f.born : new Date(f.born.getTime() + Math.floor((g.now.getTime() - f.born.getTime()) * (0.3 + 0.6 * rng.float())));
    return {
      id: i + 1,
      company_id: ordinalUuid(g.seed, 'customer.companies', i),
      name: n.name,
      business_name: n.business,
      document_type: 'RFC',
      document_number: rfc,
      active: f.active,
      created_at: f.born,
      updated_at: updated,
    };
  },
});
