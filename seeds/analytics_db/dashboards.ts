import { defineTable, ordinalUuid, MX_TZ } from '../../src/seed/kit';
import { DAILY } from './metrics';

const BOARDS: ReadonlyArray<readonly [string, readonly string[]]> = [
  ['Operación diaria', ['orders_created', 'pickups_completed', 'returns_requested']],
  ['Ventas', ['orders_created', 'revenue_mxn']],
  ['Recolecciones', ['pickups_completed']],
  ['Devoluciones', ['returns_requested']],
  ['Crecimiento', ['users_registered', 'orders_created']],
  ['Envíos internacionales', ['manifests_created']],
];

/** Dashboards of analysts (hired before), charting the daily metrics that exist. */
export default defineTable({
  table: 'dashboards',
  columns: [
    'id',
    'dashboard_id',
    'name',
    'description',
    'dashboard_type',
    'widgets',
    'layout',
    'filters',
    'refresh_interval',
    'owner_id',
    'is_public',
    'allowed_users',
    'allowed_roles',
    'is_active',
    'created_at',
    'updated_at',
  ],
  row(g, i, rng) {
    const at = g.clock.at('flat', i, g.count('dashboards'), rng, MX_TZ, 'office');
    const [name, metrics] = BOARDS[i % BOARDS.length];
    const services = new Map(DAILY.map(([s, n]) => [n, s]));
    const analysts = Math.max(1, g.tally('auth_db', 'users', 'role', 'analyst', at));
    return {
      id: i + 1,
      dashboard_id: ordinalUuid(g.seed, 'analytics.dashboards', i),
      name: i < BOARDS.length ? name : `${name} (${Math.floor(i / BOARDS.length) + 1})`,
      description: null,
      dashboard_type: 'standard',
      widgets: metrics.map((m, k) => ({ type: k === 0 ? 'line' : 'bar', metric: m, source_service: services.get(m), period: '1d' })),
      layout: { columns: 2 },
      filters: { calendar: 'America/Mexico_City' },
      refresh_interval: 300,
      owner_id: g.refAt('owner_id', g.find('auth_db', 'users', 'role', 'analyst', rng.int(analysts))),
      is_public: rng.chance(0.3),
      allowed_users: [],
      allowed_roles: ['analyst'],
      is_active: true,
      created_at: at,
      updated_at: at,
    };
  },
});
