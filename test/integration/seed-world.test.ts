import { seededWorld } from '../helpers/seeded';

/**
 * The seeded world as a data engineer checks it: SQL over each database, compared in the test
 * across databases. Written from the rules, not from the generators.
 */
const PREFIX = 't_world_';
const NOW = new Date('2026-11-30T00:00:00Z');
const ROWS = 60_000;
const { q } = seededWorld(PREFIX, ROWS, NOW);
const ms = (d: Date | string) => new Date(d).getTime();

/** Mexico City local hour of an instant (UTC-6, no DST since 2022: written here independently). */
const cdmxHour = (d: Date) => (new Date(d).getUTCHours() + 24 - 6) % 24;

describe('seeded world', () => {
  test('auth and customer users are the same people: same instant, same active flag', async () => {
    const auth = new Map((await q('auth_db', `SELECT user_id::text AS id, created_at, is_active FROM users`)).map((r) => [r.id, r]));
    const cust = await q('customer_db', `SELECT unique_id::text AS id, created_at, active FROM users`);
    const bad = cust.filter((c) => {
      const a = auth.get(c.id);
      return !a || ms(a.created_at) !== ms(c.created_at) || a.is_active !== c.active;
    });
    expect(bad.length).toBe(0);
  });

  test('drivers and inspectors are users holding their role; inspectors carry their user name', async () => {
    const roles = new Map(
      (
        await q(
          'auth_db',
          `SELECT u.user_id::text AS id, r.name AS role, u.first_name || ' ' || u.last_name AS name, u.created_at FROM users u JOIN user_roles ur ON ur.user_id = u.id JOIN roles r ON r.id = ur.role_id`,
        )
      ).map((r) => [r.id, r]),
    );
    const inspections = await q('reverse_logistics_db', `SELECT inspector_id::text AS id, inspector_name, inspection_date FROM inspection_reports`);
    expect(inspections.length).toBeGreaterThan(0);
    const bad = inspections.filter(
      (x) => roles.get(x.id)?.role !== 'inspector' || roles.get(x.id)?.name !== x.inspector_name || ms(roles.get(x.id)!.created_at) >= ms(x.inspection_date),
    );
    expect(bad).toEqual([]);
  });

  test('orders: placed after the customer signed up, of products of the order company that existed then', async () => {
    const signup = new Map((await q('customer_db', `SELECT unique_id::text AS id, created_at FROM users`)).map((r) => [r.id, ms(r.created_at)]));
    const companies = new Map((await q('customer_db', `SELECT company_id::text AS id, created_at FROM companies`)).map((r) => [r.id, ms(r.created_at)]));
    const orders = await q('order_db', `SELECT id, customer_id::text AS c, company_id::text AS co, created_at FROM orders`);
    expect(orders.filter((o) => !(signup.get(o.c)! < ms(o.created_at))).length).toBe(0);
    expect(orders.filter((o) => !(companies.get(o.co)! < ms(o.created_at))).length).toBe(0);
    const bad = await q(
      'order_db',
      `SELECT i.id FROM order_items i JOIN orders o ON o.id = i.order_id JOIN products p ON p.id = i.product_id
      WHERE p.created_at >= o.created_at OR p.company_id <> o.company_id OR i.unit_price <> p.price`,
    );
    expect(bad.length).toBe(0);
    const products = await q('order_db', `SELECT p.company_id::text AS co, p.created_at FROM products p`);
    expect(products.filter((p) => !(companies.get(p.co)! < ms(p.created_at))).length).toBe(0);
  });

  test('refresh tokens never predate their user', async () => {
    expect(await q('auth_db', `SELECT t.id FROM refresh_tokens t JOIN users u ON u.id = t.user_id WHERE t.created_at < u.created_at`)).toEqual([]);
  });

  test('returns: after the delivery of an order of the same customer; refunds after the inspection; histories in order', async () => {
    const orders = new Map((await q('order_db', `SELECT order_number AS n, customer_id::text AS c, status, updated_at FROM orders`)).map((r) => [r.n, r]));
    const returns = await q('reverse_logistics_db', `SELECT id, original_order_id AS n, customer_id::text AS c, created_at, status FROM returns`);
    expect(returns.length).toBeGreaterThan(50);
    expect(returns.filter((r) => orders.get(r.n)?.c !== r.c).length).toBe(0);
    // The order was delivered (or its goods came back) before the return was requested.
    expect(returns.filter((r) => !['delivered', 'returned'].includes(orders.get(r.n)!.status)).length).toBe(0);
    expect(
      await q(
        'reverse_logistics_db',
        `SELECT h.id FROM return_status_history h JOIN return_status_history x ON x.return_id = h.return_id AND x.status = 'requested' WHERE h.status_date < x.status_date`,
      ),
    ).toEqual([]);
    expect(
      await q(
        'reverse_logistics_db',
        `SELECT r.id FROM returns r JOIN return_status_history h ON h.return_id = r.id AND h.status = 'refunded'
      JOIN inspection_reports i ON i.return_id = r.id WHERE h.status_date <= i.inspection_date`,
      ),
    ).toEqual([]);
    expect(
      await q(
        'reverse_logistics_db',
        `SELECT id FROM inspection_reports WHERE functional_status = 'not_working' AND (overall_condition = 'excellent' OR recommended_action = 'restock')`,
      ),
    ).toEqual([]);
  });

  test('return_metrics per day equal the returns requested that day (Mexico City date)', async () => {
    const m = await q('reverse_logistics_db', `SELECT metric_date::text AS d, total_returns FROM return_metrics`);
    const counts = new Map(
      (
        await q('reverse_logistics_db', `SELECT (created_at AT TIME ZONE 'America/Mexico_City')::date::text AS d, count(*)::int AS n FROM returns GROUP BY 1`)
      ).map((r) => [r.d, r.n]),
    );
    const bad = m.filter((x) => (counts.get(x.d) ?? 0) !== x.total_returns);
    expect(bad).toEqual([]);
    expect(m.reduce((a, x) => a + x.total_returns, 0)).toBeGreaterThan(0);
  });

  test('time: growth, December and Buen Fin above average, January dip, few orders at night, heavy customers', async () => {
    const months = await q(
      'order_db',
      `SELECT to_char(created_at AT TIME ZONE 'America/Mexico_City', 'YYYY-MM') AS m, count(*)::int AS n FROM orders GROUP BY 1 ORDER BY 1`,
    );
    const by = new Map(months.map((r) => [r.m, r.n]));
    const full = months.filter((r) => r.m >= '2025-06' && r.m <= '2026-10');
    const avg = full.reduce((a, r) => a + r.n, 0) / full.length;
    expect(by.get('2025-12')!).toBeGreaterThan(avg * 1.1);
    expect(by.get('2026-01')!).toBeLessThan(by.get('2025-12')! * 0.7);
    expect(by.get('2026-10')!).toBeGreaterThan(by.get('2025-07')! * 1.8);
    // Buen Fin 2025 (14-17 Nov): busier days than the November average.
    const [bf] = await q(
      'order_db',
      `SELECT count(*) FILTER (WHERE (created_at AT TIME ZONE 'America/Mexico_City')::date BETWEEN '2025-11-14' AND '2025-11-17')::float / 4 AS bf,
      count(*) FILTER (WHERE to_char(created_at AT TIME ZONE 'America/Mexico_City', 'YYYY-MM') = '2025-11')::float / 30 AS nov FROM orders`,
    );
    expect(bf.bf).toBeGreaterThan(bf.nov * 2);
    // Local time of each order's customer city: few between midnight and 6 a.m.
    const [night] = await q(
      'order_db',
      `SELECT avg(CASE WHEN extract(hour FROM created_at AT TIME ZONE 'America/Mexico_City') < 6 THEN 1 ELSE 0 END)::float AS s FROM orders`,
    );
    expect(night.s).toBeLessThan(0.06);
    const per = (await q('order_db', `SELECT count(*)::int AS n FROM orders GROUP BY customer_id ORDER BY 1 DESC`)).map((r) => r.n);
    const customers = (await q('customer_db', `SELECT count(*)::int AS n FROM users`))[0].n as number;
    const top = per.slice(0, Math.ceil(customers / 10)).reduce((a, b) => a + b, 0);
    expect(top / per.reduce((a, b) => a + b, 0)).toBeGreaterThan(0.3);
    expect(cdmxHour(new Date('2026-01-01T14:00:00Z'))).toBe(8);
  });

  test('updated_at moves where a later status was reached', async () => {
    const [o] = await q(
      'order_db',
      `SELECT count(*) FILTER (WHERE status IN ('delivered','returned','cancelled') AND updated_at <= created_at)::int AS stuck, count(*) FILTER (WHERE updated_at < created_at)::int AS back FROM orders`,
    );
    expect(o).toEqual({ stuck: 0, back: 0 });
  });
});

describe('pickups', () => {
  test('a pickup collects an order of its own customer, after the order and before its delivery, inside its local window, by a driver hired before', async () => {
    const orders = new Map((await q('order_db', `SELECT order_number AS n, customer_id::text AS c, created_at, status FROM orders`)).map((r) => [r.n, r]));
    const pk = await q(
      'pickup_db',
      `SELECT p.id, p.customer_id::text AS c, p.status, p.pickup_date::text AS d, p.time_window_start::text AS ws, p.time_window_end::text AS we, p.actual_pickup_time AS at, k.order_id AS n, d.user_id::text AS driver_user
      FROM pickups p JOIN pickup_packages k ON k.pickup_id = p.id LEFT JOIN drivers d ON d.driver_id = p.assigned_driver_id`,
    );
    expect(pk.length).toBeGreaterThan(100);
    expect(pk.filter((p) => orders.get(p.n)?.c !== p.c).length).toBe(0);
    const done = pk.filter((p) => p.status === 'completed');
    expect(done.length).toBeGreaterThan(50);
    expect(done.filter((p) => ms(p.at) <= ms(orders.get(p.n)!.created_at)).length).toBe(0);
    // Local (Mexico City) pickup time inside the window, on the pickup date, in business hours.
    const local = (d: Date) => new Date(ms(d) - 6 * 3_600_000).toISOString();
    const bad = done.filter((p) => {
      const l = local(p.at);
      const hm = l.slice(11, 19);
      return l.slice(0, 10) !== p.d || hm < p.ws || hm > p.we || hm < '08:00:00' || hm > '21:00:00';
    });
    expect(bad).toEqual([]);
    const hired = new Map(
      (
        await q(
          'auth_db',
          `SELECT u.user_id::text AS id, u.created_at, r.name FROM users u JOIN user_roles ur ON ur.user_id = u.id JOIN roles r ON r.id = ur.role_id`,
        )
      ).map((r) => [r.id, r]),
    );
    expect(done.filter((p) => hired.get(p.driver_user)?.name !== 'driver' || ms(hired.get(p.driver_user)!.created_at) >= ms(p.at)).length).toBe(0);
  });

  test('routes: one metro area, totals equal their pickups, distance = haversine over the stops × road factor', async () => {
    const [box] = await q(
      'pickup_db',
      `SELECT min(pickup_latitude)::float AS lat0, max(pickup_latitude)::float AS lat1, min(pickup_longitude)::float AS lng0, max(pickup_longitude)::float AS lng1, count(DISTINCT state)::int AS states FROM pickups`,
    );
    expect(box.states).toBeLessThanOrEqual(2);
    expect(box.lat1 - box.lat0).toBeLessThan(0.6);
    expect(box.lng1 - box.lng0).toBeLessThan(0.6);
    expect(
      await q(
        'pickup_db',
        `SELECT r.id FROM pickup_routes r LEFT JOIN pickups p ON p.assigned_route_id = r.id GROUP BY r.id HAVING r.total_pickups <> count(p.id) OR r.completed_pickups <> count(p.id) FILTER (WHERE p.status = 'completed')`,
      ),
    ).toEqual([]);
    expect(
      await q(
        'pickup_db',
        `SELECT d.id FROM drivers d LEFT JOIN pickups p ON p.assigned_driver_id = d.driver_id GROUP BY d.id HAVING d.total_pickups <> count(p.id)`,
      ),
    ).toEqual([]);
    const stops = await q(
      'pickup_db',
      `SELECT r.id, r.total_distance_km::float AS km, json_agg(json_build_object('lat', p.pickup_latitude, 'lng', p.pickup_longitude) ORDER BY p.actual_pickup_time) AS s
      FROM pickup_routes r JOIN pickups p ON p.assigned_route_id = r.id GROUP BY r.id LIMIT 200`,
    );
    const hav = (a: any, b: any) => {
      const R = 6371,
        x = ((b.lat - a.lat) * Math.PI) / 180,
        y = ((b.lng - a.lng) * Math.PI) / 180;
      const h = Math.sin(x / 2) ** 2 + Math.cos((a.lat * Math.PI) / 180) * Math.cos((b.lat * Math.PI) / 180) * Math.sin(y / 2) ** 2;
      return 2 * R * Math.asin(Math.sqrt(h));
    };
    for (const r of stops) {
      let path = 0;
      for (let k = 1; k < r.s.length; k++) path += hav(r.s[k - 1], r.s[k]);
      // At least the path through its stops (a road is longer than a straight line), at most a metro-area day.
      expect(r.km).toBeGreaterThanOrEqual(path);
      expect(r.km).toBeLessThan(400);
    }
  });
});
