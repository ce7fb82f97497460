/** Seed plan of franchise_db: territories scale; franchises (one per territory) and their records derive. */
export default {
  order: ['territories', 'franchises', 'franchise_contracts', 'franchise_payments', 'franchise_performance', 'franchise_audits'],
  tables: { territories: 0.25 },
};
