import { defineTable, ordinalUuid } from '../../src/seed/kit';

export default defineTable({
  table: 'dashboards',
  columns: ['id', 'dashboard_id', 'name', 'description', 'dashboard_type', 'widgets', 'layout', 'filters', 'refresh_interval', 'owner_id', 'is_public', 'allowed_users', 'allowed_roles', 'is_active', 'created_at', 'updated_at'],
  row(g, i, rng) {
    const at = g.time(i);
    return { id: i + 1, dashboard_id: ordinalUuid(g.seed, 'analytics.dashboards', i), name: rng.pick(['Operación diaria', 'Ventas por estado', 'Recolecciones', 'Cartera de crédito', 'Devoluciones']) + ` ${i + 1}`, description: null, dashboard_type: 'standard', widgets: [{ type: 'line', metric: 'orders_created' }], layout: {}, filters: {}, refresh_interval: 300, owner_id: g.refAt('owner_id', g.find('auth_db', 'users', 'role', 'analyst', i)), is_public: rng.chance(0.3), allowed_users: [], allowed_roles: ['analyst'], is_active: true, created_at: at, updated_at: at };
  },
});
