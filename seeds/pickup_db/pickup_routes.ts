import { defineTable, ordinalUuid, addMinutes } from '../../src/seed/kit';
import { driverId } from './drivers';
import { PICKUPS_PER_ROUTE, routeFacts } from './pickups';

export default defineTable({
  table: 'pickup_routes',
  columns: ['id', 'route_id', 'driver_id', 'route_name', 'route_date', 'status', 'vehicle_type', 'vehicle_license_plate', 'total_distance_km', 'estimated_duration_minutes', 'actual_duration_minutes', 'total_pickups', 'completed_pickups', 'optimized_waypoints', 'route_start_time', 'route_end_time', 'created_at', 'updated_at'],
  count: (g) => Math.max(1, Math.ceil(g.count('pickups') / PICKUPS_PER_ROUTE)),
  row(g, i, rng) {
    const { day, driver } = routeFacts(g, i);
    const date = day.toISOString().slice(0, 10);
    const done = day.getTime() < g.now.getTime() - 86_400_000;
    const start = new Date(`${date}T14:00:00Z`);
    const est = rng.range(120, 480);
    const actual = done ? est + rng.range(-30, 60) : null;
    const total = rng.range(5, 25);
    return {
      id: i + 1, route_id: ordinalUuid(g.seed, 'pickup.routes', i), driver_id: driverId(driver), route_name: `Ruta ${i + 1}`,
      route_date: date, status: done ? 'completed' : 'planned', vehicle_type: rng.pick(['van', 'truck', 'motorcycle']), vehicle_license_plate: null,
      total_distance_km: rng.money(10, 180, 1), estimated_duration_minutes: est, actual_duration_minutes: actual, total_pickups: total,
      completed_pickups: done ? total - rng.int(3) : 0, optimized_waypoints: null,
      route_start_time: done ? start : null, route_end_time: done ? addMinutes(start, actual!) : null, created_at: day, updated_at: day,
    };
  },
});
