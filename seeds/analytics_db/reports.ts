import { defineTable, ordinalUuid, addMinutes, addDays, isoDate, MX_TZ } from '../../src/seed/kit';

const TYPES: ReadonlyArray<readonly [string, string, readonly string[]]> = [
  ['sales', 'Ventas', ['orders_created', 'revenue_mxn']],
  ['operations', 'Operación', ['pickups_completed', 'manifests_created']],
  ['returns', 'Devoluciones', ['returns_requested']],
  ['growth', 'Crecimiento', ['users_registered']],
];

/** Reports of a past period (ending before they were requested), by analysts hired before, over the daily metrics. */
export default defineTable({
  table: 'reports',
  columns: [
    'id',
    'report_id',
    'name',
    'description',
    'report_type',
    'format',
    'parameters',
    'filters',
    'date_range',
    'status',
    'progress_percentage',
    'file_url',
    'file_size',
    'is_scheduled',
    'schedule_expression',
    'next_run',
    'requested_by',
    'created_at',
    'completed_at',
    'expires_at',
  ],
  row(g, i, rng) {
    const at = g.clock.at('flat', i, g.count('reports'), rng, MX_TZ, 'office');
    const [type, label, metrics] = TYPES[i % TYPES.length];
    const to = new Date(g.clock.local(MX_TZ, at).dayMs - 86_400_000);
    const from = new Date(Math.max(g.clock.firstDay.getTime(), addDays(to, -rng.pick([6, 29, 90])).getTime()));
    const done = rng.chance(0.95);
    const analysts = Math.max(1, g.tally('auth_db', 'users', 'role', 'analyst', at));
    const c = addMinutes(at, rng.range(1, 30));
    const completed = done && c.getTime() < g.now.getTime() ? c : null;
    const status = !done ? 'failed' : completed ? 'completed' : 'processing';
    return {
      id: i + 1,
      report_id: ordinalUuid(g.seed, 'analytics.reports', i),
      name: `${label} del ${isoDate(from)} al ${isoDate(to)}`,
      description: null,
      report_type: type,
      format: rng.pick(['csv', 'pdf', 'json']),
      parameters: { metrics, period: '1d' },
      filters: { calendar: 'America/Mexico_City' },
      date_range: { from: isoDate(from), to: isoDate(to) },
      status,
      progress_percentage: completed ? 100 : 40,
      file_url: completed ? `https://reports.quenty.example/${ordinalUuid(g.seed, 'analytics.reports', i)}` : null,
      file_size: completed ? rng.range(2_000, 900_000) : null,
      is_scheduled: false,
      schedule_expression: null,
      next_run: null,
      requested_by: g.refAt('requested_by', g.find('auth_db', 'users', 'role', 'analyst', rng.int(analysts))),
      created_at: at,
      completed_at: completed,
      expires_at: addDays(at, 90),
    };
  },
});
