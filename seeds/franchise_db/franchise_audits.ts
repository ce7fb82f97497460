import { defineTable, addDays } from '../../src/seed/kit';

export default defineTable({
  table: 'franchise_audits',
  columns: ['id', 'franchise_id', 'audit_type', 'audit_date', 'auditor_id', 'findings', 'compliance_score', 'action_items', 'follow_up_date', 'status', 'created_at'],
  count: (g) => g.count('franchises'),
  row(g, i, rng) {
    const at = g.time(i);
    return { id: i + 1, franchise_id: i + 1, audit_type: rng.pick(['operational', 'financial', 'brand']), audit_date: at.toISOString().slice(0, 10), auditor_id: g.refAt('auditor_id', g.find('auth_db', 'users', 'role', 'admin', i)), findings: [], compliance_score: rng.money(60, 100), action_items: [], follow_up_date: addDays(at, 30).toISOString().slice(0, 10), status: 'completed', created_at: at };
  },
});
