/** Seed plan of customer_db: relative sizes (rows per unit of scale). */
export default {
  order: ['document_types', 'companies', 'users'],
  tables: { companies: 0.5, users: 8 },
};
