import { defineTable, ordinalUuid, addMinutes, addDays } from '../../src/seed/kit';

export default defineTable({
  table: 'reports',
  columns: ['id', 'report_id', 'name', 'description', 'report_type', 'format', 'parameters', 'filters', 'date_range', 'status', 'progress_percentage', 'file_url', 'file_size', 'is_scheduled', 'schedule_expression', 'next_run', 'requested_by', 'created_at', 'completed_at', 'expires_at'],
  row(g, i, rng) {
    const at = g.time(i);
    const done = rng.chance(0.9);
    return { id: i + 1, report_id: ordinalUuid(g.seed, 'analytics.reports', i), name: `Reporte ${i + 1}`, description: null, report_type: rng.pick(['sales', 'operations', 'credit', 'returns']), format: rng.pick(['json', 'csv', 'pdf']), parameters: {}, filters: {}, date_range: { from: addDays(at, -30).toISOString().slice(0, 10), to: at.toISOString().slice(0, 10) }, status: done ? 'completed' : 'failed', progress_percentage: done ? 100 : 40, file_url: done ? `https://reports.quenty.example/${i + 1}` : null, file_size: done ? rng.range(1000, 5_000_000) : null, is_scheduled: false, schedule_expression: null, next_run: null, requested_by: g.refAt('requested_by', g.find('auth_db', 'users', 'role', 'analyst', i)), created_at: at, completed_at: done ? addMinutes(at, rng.range(1, 30)) : null, expires_at: addDays(at, 90) };
  },
});
