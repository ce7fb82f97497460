/** Seed plan of reverse_logistics_db: relative sizes; items, inspections and history derive from returns. */
export default {
  order: ['returns', 'return_items', 'inspection_reports', 'return_status_history', 'disposal_records', 'return_metrics'],
  tables: { returns: 0.6 },
};
