import { defineTable, addDays } from '../../src/seed/kit';

export default defineTable({
  table: 'franchise_contracts',
  columns: ['id', 'franchise_id', 'contract_type', 'start_date', 'end_date', 'terms_conditions', 'renewal_terms', 'fee_structure', 'performance_requirements', 'signed_date', 'status', 'created_at'],
  count: (g) => g.count('franchises'),
  row(g, i, rng) {
    const start = g.other('territories').time(i);
    return { id: i + 1, franchise_id: i + 1, contract_type: 'franchise_agreement', start_date: start.toISOString().slice(0, 10), end_date: addDays(start, 365 * 5).toISOString().slice(0, 10), terms_conditions: 'Contrato de franquicia Quenty', renewal_terms: 'Renovación automática por 5 años', fee_structure: { royalty: rng.money(4, 9) }, performance_requirements: { min_monthly_orders: 300 }, signed_date: addDays(start, -10).toISOString().slice(0, 10), status: 'active', created_at: start };
  },
});
