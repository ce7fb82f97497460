import pg from 'pg';
import { Rfc } from '@nodecfdi/rfc';
import { Context, withClient } from '../../src/db/targets';
import { up } from '../../src/up';
import { seed } from '../../src/seed';
import { dropTestDatabases, testContext } from '../helpers/context';
import { CITY_CENTRE, KNOWN_CP, LADA, METRO_CP, prefixMatchesState } from '../helpers/mx-fixtures';

/**
 * Geography, people and local time of the seeded auth, customer and pickup databases, checked
 * with SQL against the independent fixture of test/helpers/mx-fixtures.ts (SEPOMEX postal codes,
 * LADA, city centres), not by replaying the generators.
 */
const PREFIX = 't_geo_';
const NOW = new Date('2026-11-30T00:00:00Z');
let ctx: Context;

const q = async <T = Record<string, any>>(db: string, sql: string): Promise<T[]> =>
  withClient(ctx.target(db).url, db, async (c: pg.Client) => (await c.query(sql)).rows as T[]);
const ms = (d: Date | string) => new Date(d).getTime();
const km = (a: any, b: any): number => {
  const r = Math.PI / 180;
  const h = Math.sin(((b.lat - a.lat) * r) / 2) ** 2 + Math.cos(a.lat * r) * Math.cos(b.lat * r) * Math.sin(((b.lng - a.lng) * r) / 2) ** 2;
  return 12742 * Math.asin(Math.sqrt(h));
};
const ascii = (s: string) =>
  s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z]/g, '');

beforeAll(async () => {
  ctx = await testContext(PREFIX);
  await dropTestDatabases(ctx);
  await up(ctx, { seed: false, databases: ['auth_db', 'customer_db', 'pickup_db'] });
  // Pickups are built from the facts of orders (order_db need not be loaded for that).
  const r = await seed(ctx, { databases: ['auth_db', 'customer_db', 'pickup_db'], rows: 60_000, now: NOW, reset: true, yes: true });
  if (!r.ok) throw new Error(JSON.stringify(r.databases.filter((d) => !d.ok)));
}, 600_000);

afterAll(async () => {
  await dropTestDatabases(ctx);
});

describe('one geography', () => {
  test('pickup addresses: a colonia and postal code of their own municipality and state (SEPOMEX), phones with its LADA', async () => {
    const rows = await q(
      'pickup_db',
      `SELECT pickup_address AS a, postal_code AS cp, city, state, contact_phone AS ph, pickup_latitude::float AS lat, pickup_longitude::float AS lng FROM pickups`,
    );
    expect(rows.length).toBeGreaterThan(500);
    const bad: string[] = [];
    for (const r of rows) {
      const m = METRO_CP[r.city];
      if (!m || m.state !== r.state) {
        bad.push(`not a Valle de México municipality: ${r.city}, ${r.state}`);
        continue;
      }
      if (!(Number(r.cp) >= m.from && Number(r.cp) <= m.to) || !prefixMatchesState(r.cp, r.state)) bad.push(`${r.cp} not of ${r.city}`);
      if (!r.a.endsWith(`, ${r.cp} ${r.city}, ${r.state}`) || !/, Col\. [^,]+, \d{5} /.test(r.a)) bad.push(`address ${r.a}`);
      const known = KNOWN_CP[r.cp];
      if (known && !r.a.includes(`Col. ${known}, ${r.cp}`)) bad.push(`${r.cp} is ${known}: ${r.a}`);
      if (km(r, CITY_CENTRE[r.city]) > (r.city === 'Ciudad de México' ? 25 : 12)) bad.push(`${r.lat},${r.lng} far from ${r.city}`);
      if (!new RegExp(`^\\+52${LADA[r.city]}[2-9]\\d{${9 - LADA[r.city].length}}$`).test(r.ph)) bad.push(`phone ${r.ph} in ${r.city}`);
    }
    expect(bad.slice(0, 10)).toEqual([]);
    // Several municipalities, both entities of the metro area.
    expect(new Set(rows.map((r) => r.city)).size).toBeGreaterThanOrEqual(4);
    expect(new Set(rows.map((r) => r.cp)).size).toBeGreaterThan(30);
  });

  test('zones, drivers and routes: a route stays in its zone; zone postal codes are of the metro area', async () => {
    const zones = await q('pickup_db', `SELECT zone_name AS name, postal_codes AS cps, boundaries AS b FROM pickup_zones`);
    expect(zones.length).toBeGreaterThan(3);
    for (const z of zones)
      for (const cp of z.cps as string[]) expect([cp, Object.values(METRO_CP).some((m) => Number(cp) >= m.from && Number(cp) <= m.to)]).toEqual([cp, true]);
    const byName = new Map(zones.map((z) => [z.name as string, z]));
    const stops = await q(
      'pickup_db',
      `SELECT r.id, r.route_name, r.driver_id AS rd, p.assigned_driver_id AS pd, p.postal_code AS cp, p.pickup_latitude::float AS lat, p.pickup_longitude::float AS lng
      FROM pickup_routes r JOIN pickups p ON p.assigned_route_id = r.id`,
    );
    expect(stops.length).toBeGreaterThan(300);
    const bad: string[] = [];
    for (const s of stops) {
      const z = byName.get(`Zona ${String(s.route_name).replace(/ \d{4}-\d\d-\d\d$/, '')}`);
      if (!z) {
        bad.push(`route ${s.route_name} of no zone`);
        continue;
      }
      if (!(z.cps as string[]).includes(s.cp)) bad.push(`${s.cp} outside ${z.name}`);
      if (km(s, z.b.center) > z.b.radius_km + 1) bad.push(`${s.lat},${s.lng} beyond ${z.name}'s radius`);
      if (s.rd !== s.pd) bad.push(`route ${s.id}: pickup driver ${s.pd} is not the route's ${s.rd}`);
    }
    expect(bad.slice(0, 10)).toEqual([]);
  });

  test("a route's distance is the depot → stops → depot path over their coordinates times a road factor (1.2–1.5)", async () => {
    const routes = await q(
      'pickup_db',
      `SELECT r.id, r.total_distance_km::float AS km, z.boundaries->'center' AS depot,
        json_agg(json_build_object('lat', p.pickup_latitude::float, 'lng', p.pickup_longitude::float) ORDER BY a.attempted_at, p.id) AS s
      FROM pickup_routes r JOIN pickup_zones z ON 'Zona ' || regexp_replace(r.route_name, ' \\d{4}-\\d\\d-\\d\\d$', '') = z.zone_name
      JOIN pickups p ON p.assigned_route_id = r.id JOIN pickup_attempts a ON a.pickup_id = p.id GROUP BY r.id, z.boundaries`,
    );
    expect(routes.length).toBeGreaterThan(50);
    const off: string[] = [];
    for (const r of routes) {
      let path = 0,
        prev = r.depot;
      for (const s of [...r.s, r.depot]) {
        path += km(prev, s);
        prev = s;
      }
      if (path > 0.5 && !(r.km >= path * 1.2 - 0.1 && r.km <= path * 1.5 + 0.1)) off.push(`${r.id}: ${r.km} km over a ${path.toFixed(1)} km straight path`);
    }
    expect(off.slice(0, 10)).toEqual([]);
  });

  test('driver totals and success rates, route totals equal their pickups', async () => {
    expect(
      await q(
        'pickup_db',
        `SELECT d.id FROM drivers d LEFT JOIN pickups p ON p.assigned_driver_id = d.driver_id GROUP BY d.id
      HAVING d.total_pickups <> count(p.id) OR abs(d.success_rate - coalesce(round(100.0 * count(p.id) FILTER (WHERE p.status = 'completed') / nullif(count(p.id), 0), 2), 0)) > 0.01`,
      ),
    ).toEqual([]);
    expect(
      await q(
        'pickup_db',
        `SELECT r.id FROM pickup_routes r LEFT JOIN pickups p ON p.assigned_route_id = r.id GROUP BY r.id
      HAVING r.total_pickups <> count(p.id) OR r.completed_pickups <> count(p.id) FILTER (WHERE p.status = 'completed')`,
      ),
    ).toEqual([]);
  });
});

describe('people', () => {
  test('auth and customer are the same person: names, handles, phone, instant, flags', async () => {
    const auth = new Map(
      (await q('auth_db', `SELECT user_id::text AS id, username, email, first_name, last_name, phone, created_at, updated_at, is_active FROM users`)).map(
        (r) => [r.id, r],
      ),
    );
    const cust = await q(
      'customer_db',
      `SELECT unique_id::text AS id, username, email, first_name, last_name, phone, created_at, updated_at, active FROM users`,
    );
    expect(cust.length).toBeGreaterThan(1000);
    const bad = cust.filter((c) => {
      const a = auth.get(c.id);
      return (
        !a ||
        a.username !== c.username ||
        a.email !== c.email ||
        a.first_name !== c.first_name ||
        a.last_name !== c.last_name ||
        a.phone !== c.phone ||
        ms(a.created_at) !== ms(c.created_at) ||
        ms(a.updated_at) !== ms(c.updated_at) ||
        a.is_active !== c.active
      );
    });
    expect(bad.slice(0, 5)).toEqual([]);
    // The pickup's contact is its customer.
    const people = new Map(cust.map((c) => [c.id, c]));
    const contacts = await q('pickup_db', `SELECT customer_id::text AS id, contact_name, contact_phone, contact_email FROM pickups`);
    expect(
      contacts
        .filter((p) => {
          const c = people.get(p.id);
          return !c || p.contact_name !== `${c.first_name} ${c.last_name}` || p.contact_phone !== c.phone || p.contact_email !== c.email;
        })
        .slice(0, 5),
    ).toEqual([]);
  });

  test('drivers are users holding the driver role, hired before their first pickup', async () => {
    const role = new Map(
      (
        await q(
          'auth_db',
          `SELECT u.user_id::text AS id, r.name, u.created_at FROM users u JOIN user_roles ur ON ur.user_id = u.id JOIN roles r ON r.id = ur.role_id`,
        )
      ).map((r) => [r.id, r]),
    );
    const drivers = await q(
      'pickup_db',
      `SELECT d.user_id::text AS id, d.created_at, min(p.actual_pickup_time) AS first FROM drivers d LEFT JOIN pickups p ON p.assigned_driver_id = d.driver_id GROUP BY d.id`,
    );
    expect(drivers.length).toBeGreaterThan(5);
    expect(
      drivers.filter(
        (d) => role.get(d.id)?.name !== 'driver' || ms(role.get(d.id)!.created_at) !== ms(d.created_at) || (d.first && ms(d.first) <= ms(d.created_at)),
      ),
    ).toEqual([]);
  });

  test('names weighted by real frequency; emails from the name, without row numbers, a number only now and then', async () => {
    const users = await q('auth_db', `SELECT id, username, email, first_name, last_name FROM users`);
    const surnames = new Map<string, number>();
    for (const u of users) {
      const s = u.last_name.split(' ')[0];
      surnames.set(s, (surnames.get(s) ?? 0) + 1);
    }
    const top = [...surnames]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 3)
      .map(([s]) => s);
    expect(top[0]).toBe('Hernández'); // the commonest surname in Mexico (INEGI/RENAPO)
    expect(top).toEqual(expect.arrayContaining(['García']));
    const compound = users.filter((u) => u.first_name.includes(' ')).length / users.length;
    expect(compound).toBeGreaterThan(0.12);
    expect(compound).toBeLessThan(0.5);
    expect(new Set(users.map((u) => u.first_name)).size).toBeGreaterThan(60);
    expect(new Set(users.map((u) => u.username)).size).toBe(users.length);
    expect(new Set(users.map((u) => u.email)).size).toBe(users.length);
    const bad: string[] = [];
    let withDigits = 0;
    for (const u of users) {
      const [local, domain] = u.email.split('@');
      const digits = /(\d+)$/.exec(local)?.[1];
      if (digits) withDigits++;
      if (digits && (digits === String(u.id) || (digits.endsWith(String(u.id)) && String(u.id).length >= 3))) bad.push(`row number in ${u.email} (id ${u.id})`);
      if (/^(user|usuario|cliente|test)/.test(local) || !/^[a-z][a-z._]*[a-z]\d*$/.test(local)) bad.push(`shape ${u.email}`);
      // The handle comes from the name: the first surname, or the given name with the surname's initial.
      const surname = ascii(u.last_name.split(' ')[0]);
      if (
        !ascii(local).includes(surname) &&
        !ascii(local).includes(surname.slice(0, 3)) &&
        !/^(hdz|glez|mtz|rdz|fdz|gtz|dguez|vlz|sanchz|rmz)$/.test(local.split(/[._]/).pop()!.replace(/\d+$/, ''))
      )
        bad.push(`${u.email} not from ${u.first_name} ${u.last_name}`);
      if (!domain || !/^[a-z.]+\.(com|mx|com\.mx|net\.mx)$/.test(domain)) bad.push(`domain ${u.email}`);
    }
    expect(bad.slice(0, 10)).toEqual([]);
    // A number only where the handle was taken: a minority of a few thousand people.
    expect(withDigits / users.length).toBeLessThan(0.45);
    expect(withDigits).toBeGreaterThan(0);
  });
});

describe('companies', () => {
  test('names without row numbers, mercantile names with mercantile forms, RFC valid (@nodecfdi/rfc) with the initials of the name', async () => {
    const rows = await q('customer_db', `SELECT name, business_name, document_number AS rfc FROM companies`);
    expect(rows.length).toBeGreaterThan(100);
    // Words the SAT leaves out of a moral person's initials (articles, prepositions, conjunctions).
    const STOP = new Set(['de', 'del', 'la', 'las', 'los', 'el', 'y', 'para', 'por', 'con', 'en', 'al', 'mi', 'sus', 'e']);
    const bad: string[] = [];
    for (const c of rows) {
      if (/\d/.test(c.name) || !c.business_name.startsWith(`${c.name}, `)) bad.push(`name ${c.business_name}`);
      const form = c.business_name.slice(c.name.length + 2);
      if (/^(Comercializadora|Distribuidora|Grupo) /.test(c.name) && ['S.C.', 'A.C.'].includes(form)) bad.push(`form ${c.business_name}`);
      if (!Rfc.isValid(c.rfc) || !Rfc.parse(c.rfc).isMoral()) bad.push(`invalid RFC ${c.rfc} ${c.business_name}`);
      // SAT: three words or more give their initials; two words the first initial and two letters of the second.
      const words = c.name
        .split(' ')
        .filter((w: string) => !STOP.has(w.toLowerCase()))
        .map((w: string) =>
          w
            .normalize('NFD')
            .replace(/[\u0300-\u036f]/g, '')
            .toUpperCase(),
        );
      const initials =
        words.length >= 3 ? words[0][0] + words[1][0] + words[2][0] : words.length === 2 ? words[0][0] + words[1].slice(0, 2) : words[0].slice(0, 3);
      if (c.rfc.slice(0, 3) !== initials) bad.push(`${c.rfc} for ${c.business_name} (expected ${initials})`);
    }
    expect(bad.slice(0, 10)).toEqual([]);
    expect(rows.some((c) => c.business_name.endsWith('S.A.P.I. de C.V.'))).toBe(true);
    expect(new Set(rows.map((c) => c.name)).size).toBeGreaterThan(rows.length * 0.8);
  });
});

describe('local time', () => {
  test('pickups inside their local window on their local date, in business hours, Monday to Saturday mostly', async () => {
    const [r] = await q(
      'pickup_db',
      `SELECT count(*)::int AS n,
        count(*) FILTER (WHERE (actual_pickup_time AT TIME ZONE 'America/Mexico_City')::time NOT BETWEEN time_window_start AND time_window_end
          OR (actual_pickup_time AT TIME ZONE 'America/Mexico_City')::date <> pickup_date)::int AS outside,
        count(*) FILTER (WHERE time_window_start < '08:00' OR time_window_end > '20:00')::int AS after_hours,
        count(*) FILTER (WHERE extract(isodow FROM pickup_date) = 7)::int AS sundays
      FROM pickups WHERE status = 'completed'`,
    );
    expect(r.n).toBeGreaterThan(300);
    expect(r).toEqual({ n: r.n, outside: 0, after_hours: 0, sundays: 0 });
    // Stored as instants: read in UTC the same pickups fall six hours later (UTC−6, no DST since 2022).
    const [u] = await q(
      'pickup_db',
      `SELECT count(*) FILTER (WHERE (actual_pickup_time AT TIME ZONE 'UTC') - (actual_pickup_time AT TIME ZONE 'America/Mexico_City') <> interval '6 hours')::int AS n FROM pickups WHERE status = 'completed'`,
    );
    expect(u.n).toBe(0);
  });

  test('customers sign up mostly awake (local time), and updated_at moves where a later change happened', async () => {
    const [s] = await q(
      'auth_db',
      `SELECT avg(CASE WHEN extract(hour FROM created_at AT TIME ZONE 'America/Mexico_City') < 6 THEN 1 ELSE 0 END)::float AS night,
        count(*) FILTER (WHERE updated_at < created_at)::int AS back,
        count(*) FILTER (WHERE NOT is_active AND updated_at <= created_at)::int AS silent_deactivation,
        count(*) FILTER (WHERE updated_at > created_at)::float / count(*) AS moved FROM users`,
    );
    expect(s.night).toBeLessThan(0.1);
    expect(s.back).toBe(0);
    expect(s.silent_deactivation).toBe(0);
    expect(s.moved).toBeGreaterThan(0.5);
    // A pickup's updated_at is its last event: the attempt for completed and failed ones.
    expect(
      await q(
        'pickup_db',
        `SELECT id FROM pickups WHERE status IN ('completed', 'failed') AND updated_at <> (SELECT max(attempted_at) FROM pickup_attempts a WHERE a.pickup_id = pickups.id) LIMIT 5`,
      ),
    ).toEqual([]);
  });
});
