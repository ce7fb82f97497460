import { defineDatabase } from '../../src/registry/schema';

export default defineDatabase({
  name: 'analytics_db',
  service: 'analytics',
  description: 'Analytics service: metrics (partitioned by month), dashboards, reports and alerts',
  partitioned: [{ table: 'metrics', column: 'created_at', columnType: 'timestamptz', monthsAhead: 4, retentionMonths: 24 }],
  references: [
    {
      table: 'dashboards',
      column: 'owner_id',
      nullable: true,
      parent: { database: 'auth_db', table: 'users', column: 'user_id' },
      source: '000 Analytics ERD: Dashboards.owner_id -> Auth Service',
    },
    {
      table: 'reports',
      column: 'requested_by',
      nullable: true,
      parent: { database: 'auth_db', table: 'users', column: 'user_id' },
      source: '000 Analytics ERD: Reports.requested_by -> Auth Service',
    },
    {
      table: 'alerts',
      column: 'created_by',
      nullable: true,
      parent: { database: 'auth_db', table: 'users', column: 'user_id' },
      source: '000 Analytics ERD: Alerts.created_by -> Auth Service',
    },
  ],
});
