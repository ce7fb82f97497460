/** Seed plan of analytics_db: relative sizes (rows per unit of scale). */
export default {
  order: ['dashboards', 'reports', 'alerts', 'metrics'],
  tables: { metrics: 8, dashboards: 0.03, reports: 0.1, alerts: 0.03 },
};
