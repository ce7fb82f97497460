/** Seed plan of pickup_db: relative sizes; drivers, routes, packages and attempts derive from pickups. */
export default {
  order: ['pickup_zones', 'drivers', 'pickup_routes', 'pickups', 'pickup_packages', 'pickup_attempts', 'pickup_capacity'],
  tables: { pickups: 3, pickup_capacity: 0.5 },
};
