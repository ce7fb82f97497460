import { defineTable, isoDate, addDays, MX_TZ } from '../../src/seed/kit';

/** One audit per franchise, months after its opening, by an admin already hired then; follow-up a month later. */
export default defineTable({
  table: 'franchise_audits',
  columns: [
    'id',
    'franchise_id',
    'audit_type',
    'audit_date',
    'auditor_id',
    'findings',
    'compliance_score',
    'action_items',
    'follow_up_date',
    'status',
    'created_at',
  ],
  count: (g) => g.count('franchises'),
  row(g, i, rng) {
    const f = g.facts('franchise_db', 'franchises', i);
    const at = g.clock.after(addDays(f.opening, 1), 45 * 1440, 240 * 1440, rng, MX_TZ, 'office');
    if (at.getTime() >= g.now.getTime()) return null;
    const score = rng.money(62, 99);
    const day = new Date(g.clock.local(MX_TZ, at).dayMs);
    const hired = Math.max(1, g.tally('auth_db', 'users', 'role', 'admin', at));
    const findings =
      score < 80 ? ['Tiempos de recolección fuera de la ventana', 'Inventario de empaques incompleto'] : score < 90 ? ['Señalética de marca desgastada'] : [];
    return {
      id: i + 1,
      franchise_id: i + 1,
      audit_type: rng.pick(['operational', 'financial', 'brand']),
      audit_date: isoDate(day),
      auditor_id: g.refAt('auditor_id', g.find('auth_db', 'users', 'role', 'admin', rng.int(hired))),
      findings,
      compliance_score: score,
      action_items: findings.map((x) => `Corregir: ${x.toLowerCase()}`),
      follow_up_date: findings.length ? isoDate(addDays(day, 30)) : null,
      status: 'completed',
      created_at: at,
    };
  },
});
