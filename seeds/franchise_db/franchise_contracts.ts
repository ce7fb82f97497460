import { defineTable, addDays, isoDate, MX_TZ } from '../../src/seed/kit';

/** The franchise agreement of each franchise: signed, then in force from its start for five years, at the franchise's royalty rate. */
export default defineTable({
  table: 'franchise_contracts',
  columns: [
    'id',
    'franchise_id',
    'contract_type',
    'start_date',
    'end_date',
    'terms_conditions',
    'renewal_terms',
    'fee_structure',
    'performance_requirements',
    'signed_date',
    'status',
    'created_at',
  ],
  count: (g) => g.count('franchises'),
  row(g, i) {
    const f = g.facts('franchise_db', 'franchises', i);
    return {
      id: i + 1,
      franchise_id: i + 1,
      contract_type: 'franchise_agreement',
      start_date: isoDate(f.start),
      end_date: isoDate(addDays(f.start, 365 * 5)),
      terms_conditions: `Contrato de franquicia Quenty para la plaza ${f.plaza.name}`,
      renewal_terms: 'Renovación automática por 5 años',
      fee_structure: { royalty_rate: f.royaltyRate, initial_fee: f.initialFee, monthly_fee: f.monthlyFee, royalty_base: 'ingresos por pedidos de la plaza' },
      performance_requirements: { min_monthly_orders: 20 },
      signed_date: isoDate(new Date(g.clock.local(MX_TZ, f.signed).dayMs)),
      status: f.start.getTime() < g.now.getTime() ? 'active' : 'draft',
      created_at: f.signed,
    };
  },
});
