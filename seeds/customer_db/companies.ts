import { defineTable, ordinalUuid, companyName, companyRfc, companyRfcParts } from '../../src/seed/kit';

export default defineTable({
  table: 'companies',
  columns: ['id', 'company_id', 'name', 'business_name', 'document_type', 'document_number', 'active', 'created_at', 'updated_at'],
  keys: { company_id: (g, i) => ordinalUuid(g.seed, 'customer.companies', i) },
  row(g, i, rng) {
    const n = companyName(rng);
    // Date and homoclave come from the ordinal alone: RFCs are unique by construction.
    const { founded, homoclave } = companyRfcParts(i);
    const rfc = companyRfc(rng, n.business, founded, homoclave);
    const created = g.time(i);
    return {
      id: i + 1,
      company_id: ordinalUuid(g.seed, 'customer.companies', i),
      name: `${n.name} ${i + 1}`,
      business_name: n.business,
      document_type: 'RFC',
      document_number: rfc,
      active: rng.chance(0.93),
      created_at: created,
      updated_at: created,
    };
  },
});

