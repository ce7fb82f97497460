import {
  defineTable,
  ordinalUuid,
  pickState,
  phone,
  address,
  addressAt,
  placeOf,
  METRO_ZONES,
  METRO_TZ,
  GenContext,
  RowFacts,
  Place,
  MxPerson,
  MxCity,
  rowRng,
  personAt,
  emailDomain,
} from '../../src/seed/kit';
/** Roles of staff users, repeating: half of the staff are drivers. */
const STAFF = ['driver', 'driver', 'driver', 'driver', 'driver', 'inspector', 'inspector', 'collector', 'analyst', 'admin'] as const;
/** One customer in METRO_EVERY lives in the metro area Quenty picks up in (Valle de México). */
const METRO_EVERY = 4;

export interface UserFacts extends RowFacts {
  place: Place;
  /** Index of the metro zone (METRO_ZONES) the person lives in, -1 outside the metro area. */
  zone: number;
  /** Street address (customers). */
  address: string;
  person: MxPerson;
  role: string;
  staff: boolean;
  username: string;
  email: string;
  passwordHash: string;
  phone: string;
  active: boolean;
  verified: boolean;
  lastLogin: Date | null;
  updated: Date;
}
declare module '../../src/seed/types' {
  interface FactsRegistry {
    'auth_db.users': UserFacts;
  }
}

const customersOf = (g: GenContext) => g.count('users', 'customer_db');
const staffOf = (g: GenContext) => g.count('users', 'auth_db') - customersOf(g);

/**
 * The person behind auth user `i`: customers are ordinals 0..customers-1 (the same ordinal in
 * customer_db.users), signed up along the sign-up timeline in their local time; then staff, hired
 * along the hiring timeline, working in the metro area. Both users tables take their rows from
 * these facts, so they agree across databases (same instant, same flags).
 */
function userFacts(g: GenContext, i: number): UserFacts {
  const rng = rowRng(g.seed, 'auth_db.users#facts', i);
  const C = customersOf(g);
  const staff = i >= C;
  // Given name and first surname from the world's people table (real frequencies, unique handles).
  const who = personAt(g.seed, i, rowRng(g.seed, 'auth_db.users#person', i));
  const p: MxPerson = { first: who.person.given, last1: who.person.last1, last2: who.person.last2, full: who.person.full, female: who.person.female };
  let place: Place,
    addr: string,
    city: MxCity,
    zone = -1;
  if (staff || i % METRO_EVERY === 0) {
    // A colonia of an operating zone of the metro area, in its own municipality (CDMX, Naucalpan…).
    zone = rng.int(METRO_ZONES.length);
    const col = rng.pick(METRO_ZONES[zone].colonias);
    const a = addressAt(col.city, col, rng);
    place = { state: a.state.name, city: a.city.name, lat: a.lat, lng: a.lng, tz: a.city.tz, postalCode: a.postalCode, stateCode: a.state.code };
    addr = a.full;
    city = a.city;
  } else {
    const a = address(rng, pickState(rng));
    place = placeOf(a.state, a.city, a.postalCode);
    addr = a.full;
    city = a.city;
  }
  const role = staff ? STAFF[(i - C) % STAFF.length] : 'customer';
  // The first team (one of each staff role) is there when the platform starts, at 07:00.
  const founder = staff && i - C < STAFF.length;
  const born = founder
    ? g.clock.utc(METRO_TZ, g.clock.firstDay.getTime(), 7 * 60 + (i - C))
    : staff
      ? g.clock.at('hire', i - C, staffOf(g), rng, METRO_TZ, 'office')
      : g.clock.at('signup', i, C, rng, place.tz, 'consumer');
  // Handles come from the name; a number only where the handle was taken by someone earlier.
  const username = who.local;
  const email = `${username}@${staff ? 'quenty.com.mx' : emailDomain(rng)}`;
  const age = g.now.getTime() - born.getTime();
  const active = staff ? rng.chance(0.97) : rng.chance(0.94);
  const verified = staff || rng.chance(0.82);
  // Verification minutes after sign-up; a deactivation weeks later moves updated_at.
  let updated = verified ? new Date(Math.min(born.getTime() + rng.range(2, 90) * 60_000, g.now.getTime() - 1000)) : born;
  if (!active) updated = new Date(born.getTime() + Math.floor(age * (0.3 + 0.6 * rng.float())));
  const lastLogin =
    active && rng.chance(0.8)
      ? new Date(Math.max(updated.getTime(), born.getTime() + Math.floor(age * (0.5 + 0.5 * rng.float()))))
      : !active && rng.chance(0.5)
        ? new Date(born.getTime() + Math.floor((updated.getTime() - born.getTime()) * rng.float()))
        : null;
  return {
    born,
    place,
    zone,
    address: addr,
    person: p,
    role,
    staff,
    username,
    email,
    customer: staff ? undefined : i,
    passwordHash: '$2b$10$' + rng.bcrypt(53),
    phone: phone(rng, city),
    active,
    verified,
    lastLogin,
    updated,
    status: active ? 'active' : 'inactive',
    times: { signup: born, updated },
  };
}
/** Positions of a role in the STAFF cycle (asked for every pickup's driver: computed once). */
const POSITIONS = new Map<string, number[]>();
function positionsOf(role: string): number[] {
  let pos = POSITIONS.get(role);
  if (!pos) POSITIONS.set(role, (pos = STAFF.flatMap((r, j) => (r === role ? [j] : []))));
  return pos;
}
/** k-th staff ordinal of a role (k modulo their number), -1 if none. */
function roleOrdinal(g: GenContext, role: string, k: number): number {
  const C = customersOf(g);
  if (role === 'customer') return C ? ((k % C) + C) % C : -1;
  const n = roleCount(g, role);
  if (!n) return -1;
  const pos = positionsOf(role);
  const kk = ((k % n) + n) % n;
  return C + Math.floor(kk / pos.length) * STAFF.length + pos[kk % pos.length];
}
function roleCount(g: GenContext, role: string, before?: Date): number {
  const C = customersOf(g);
  // The first team (one of each role) is there from the first day, whatever the hiring curve says.
  const S = before ? Math.max(Math.min(STAFF.length, staffOf(g)), g.clock.countBefore('hire', staffOf(g), before)) : staffOf(g);
  if (role === 'customer') return before ? g.clock.countBefore('signup', C, before) : C;
  const pos = positionsOf(role);
  let first = 0;
  while (first < pos.length && pos[first] < S % STAFF.length) first++;
  return Math.floor(S / STAFF.length) * pos.length + first;
}

export default defineTable({
  table: 'users',
  columns: [
    'id',
    'user_id',
    'username',
    'email',
    'password_hash',
    'first_name',
    'last_name',
    'phone',
    'is_active',
    'is_verified',
    'created_at',
    'updated_at',
    'last_login',
  ],
  count: (g) => {
    const customers = g.count('users', 'customer_db');
    return customers + Math.max(STAFF.length, Math.ceil(customers * 0.05));
  },
  keys: { user_id: (g, i) => ordinalUuid(g.seed, 'auth.users', i) },
  facts: userFacts,
  find: {
    role: (g, role, k) => roleOrdinal(g, String(role), k),
    /** k-th customer living in the metro area. */
    metro: (g, _v, k) => {
      const C = customersOf(g);
      const n = Math.ceil(C / METRO_EVERY);
      return n ? (((k % n) + n) % n) * METRO_EVERY : -1;
    },
  },
  tally: {
    role: (g, role, before) => roleCount(g, String(role), before),
    /** Metro customers signed up before `before` (a prefix: customers are in sign-up order). */
    metro: (g, _v, before) => Math.ceil((before ? g.clock.countBefore('signup', customersOf(g), before) : customersOf(g)) / METRO_EVERY),
  },
  row(g, i) {
    const u = g.facts('auth_db', 'users', i);
    return {
      id: i + 1,
      user_id: ordinalUuid(g.seed, 'auth.users', i),
      username: u.username,
      email: u.email,
      password_hash: u.passwordHash,
      first_name: u.person.first,
      last_name: `${u.person.last1} ${u.person.last2}`,
      phone: u.phone,
      is_active: u.active,
      is_verified: u.verified,
      created_at: u.born,
      updated_at: u.updated,
      last_login: u.lastLogin,
    };
  },
});
