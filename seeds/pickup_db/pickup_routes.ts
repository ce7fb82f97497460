import { defineTable, ordinalUuid, haversineKm, ROAD_FACTOR, METRO_ZONES, METRO_TZ, isoDate, GenContext } from '../../src/seed/kit';

interface Stop {
  at: Date;
  lat: number;
  lng: number;
  ok: boolean;
}
/** The stops and driver of each route of one day, in pickup order. */
interface Day {
  dayMs: number;
  stops: Map<number, Stop[]>;
  driver: Map<number, number>;
}
/**
 * The routes of the last day asked for, per thread: the routes of a day (one per zone) are
 * consecutive ordinals and share one scan of the pickups around that day, instead of one each.
 */
const lastDay = new WeakMap<GenContext, Day>();
function routesOf(g: GenContext, dayMs: number): Day {
  const cached = lastDay.get(g);
  if (cached && cached.dayMs === dayMs) return cached;
  const day: Day = { dayMs, stops: new Map(), driver: new Map() };
  const first = Math.round((dayMs - g.clock.firstDay.getTime()) / 86_400_000) * METRO_ZONES.length;
  const from = g.find('pickup_db', 'pickups', 'dayFrom', dayMs),
    to = g.find('pickup_db', 'pickups', 'dayTo', dayMs);
  for (let p = from; p < to; p++) {
    const f = g.facts('pickup_db', 'pickups', p);
    if (f.route < first || f.route >= first + METRO_ZONES.length) continue;
    day.driver.set(f.route, f.driver);
    let stops = day.stops.get(f.route);
    if (!stops) day.stops.set(f.route, (stops = []));
    stops.push({ at: f.attemptAt!, lat: f.place.lat, lng: f.place.lng, ok: f.status === 'completed' });
  }
  lastDay.set(g, day);
  return day;
}

/**
 * One route per (local day, metro zone) with at least one pickup: its driver, its pickups'
 * counts, a distance over its stops' coordinates (depot at the zone centre, stops in time
 * order, back to the depot; haversine × road factor) and start/end from its attempts.
 */
export default defineTable({
  table: 'pickup_routes',
  columns: [
    'id',
    'route_id',
    'driver_id',
    'route_name',
    'route_date',
    'status',
    'vehicle_type',
    'vehicle_license_plate',
    'total_distance_km',
    'estimated_duration_minutes',
    'actual_duration_minutes',
    'total_pickups',
    'completed_pickups',
    'optimized_waypoints',
    'route_start_time',
    'route_end_time',
    'created_at',
    'updated_at',
  ],
  count: (g) => g.clock.days * METRO_ZONES.length,
  // Routes with at least one pickup (Poisson estimate: about nine in ten pickups are routed).
  kept: (g) => 1 - Math.exp(-(0.9 * g.count('pickups')) / (g.clock.days * METRO_ZONES.length)),
  row(g, i) {
    const Z = METRO_ZONES.length;
    const zone = i % Z;
    const dayMs = g.clock.firstDay.getTime() + Math.floor(i / Z) * 86_400_000;
    const day = routesOf(g, dayMs);
    // A copy: sorting must not reorder the day's cached list.
    const stops = [...(day.stops.get(i) ?? [])];
    const driver = day.driver.get(i) ?? -1;
    if (!stops.length) return null;
    stops.sort((a, b) => a.at.getTime() - b.at.getTime());
    const depot = METRO_ZONES[zone].center;
    let km = 0,
      prev = depot;
    for (const s of [...stops, depot]) {
      km += haversineKm(prev, s);
      prev = s;
    }
    km = Math.round(km * ROAD_FACTOR * 10) / 10;
    const start = new Date(stops[0].at.getTime() - 30 * 60_000);
    const end = new Date(stops[stops.length - 1].at.getTime() + 30 * 60_000);
    const minutes = Math.round((end.getTime() - start.getTime()) / 60_000);
    return {
      id: i + 1,
      route_id: ordinalUuid(g.seed, 'pickup.routes', i),
      driver_id: g.key('pickup_db', 'drivers', 'driver_id', driver),
      route_name: `${METRO_ZONES[zone].name} ${isoDate(new Date(dayMs))}`,
      route_date: isoDate(new Date(dayMs)),
      status: 'completed',
      vehicle_type: 'van',
      vehicle_license_plate: null,
      total_distance_km: km,
      estimated_duration_minutes: Math.round(minutes * 0.9),
      actual_duration_minutes: minutes,
      total_pickups: stops.length,
      completed_pickups: stops.filter((s) => s.ok).length,
      optimized_waypoints: null,
      route_start_time: start,
      route_end_time: end,
      created_at: g.clock.utc(METRO_TZ, dayMs - 86_400_000, 18 * 60),
      updated_at: end,
    };
  },
});
