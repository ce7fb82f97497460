import { defineTable, ordinalUuid, companyName, companyRfc, addDays } from '../../src/seed/kit';

export default defineTable({
  table: 'companies',
  columns: ['id', 'company_id', 'name', 'business_name', 'document_type', 'document_number', 'active', 'created_at', 'updated_at'],
  keys: { company_id: (g, i) => ordinalUuid(g.seed, 'customer.companies', i) },
  row(g, i, rng) {
    const n = companyName(rng);
    const founded = addDays(new Date(Date.UTC(1985, 0, 1)), rng.int(13_000));
    const rfc = companyRfc(rng, n.business, founded);
    const created = g.time(i);
    return {
      id: i + 1,
      company_id: ordinalUuid(g.seed, 'customer.companies', i),
      name: `${n.name} ${i + 1}`,
      business_name: n.business,
      document_type: 'RFC',
      document_number: uniqueRfc(rfc, i),
      active: rng.chance(0.93),
      created_at: created,
      updated_at: created,
    };
  },
});

import { rfcCheckChar } from '../../src/seed/kit';
const HC = 'ABCDEFGHIJKLMNPQRSTUVWXYZ123456789';
/**
 * RFCs repeat at scale (3 letters x dates x 34² homoclaves): the homoclave and the date's day
 * are re-derived from the ordinal so that every company's RFC is distinct and still valid.
 */
export function uniqueRfc(rfc: string, ordinal: number): string {
  const letters = rfc.slice(0, 3);
  const yy = rfc.slice(3, 5);
  const mm = rfc.slice(5, 7);
  const n = ordinal;
  const day = 1 + (n % 28);
  const h = Math.floor(n / 28);
  const hc = HC[h % 34] + HC[Math.floor(h / 34) % 34];
  const yy2 = String((Number(yy) + Math.floor(h / (34 * 34))) % 100).padStart(2, '0');
  const body = letters + yy2 + mm + String(day).padStart(2, '0') + hc;
  return body + rfcCheckChar(body);
}
