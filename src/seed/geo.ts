/**
 * One geography of Mexico for the seed (data in geo-data.ts, sources in docs/seed-reference-data.md).
 *
 * API
 *   STATES, CITIES                 the 32 entities (INEGI code, abbreviation, SEPOMEX prefixes) and
 *                                  the main cities (IANA zone, LADA, coordinates, postal-code range,
 *                                  metro area, colonias with their postal code and centre)
 *   stateByCode('14'), stateByName('Jalisco'), cityByName('Tijuana')
 *   cityByWeight(u)                city for u ∈ [0, 1), weighted by population (O(log n))
 *   citiesOf(state), metroOf(city) the cities of a state / of the city's metro area (Valle de México…)
 *   addressIn(city, rng)           street, number, colonia, postal code, lat/lng near the colonia
 *   phoneIn(city, rng)             +52, the city's LADA, 10 digits
 *   cityOfPostalCode('06700')      the city whose range holds the code (or undefined)
 *   PICKUP_ZONES, PICKUP_METRO     the operating zones of Quenty's own pickups (Valle de México):
 *                                  depot, radius, and the colonias (of the cities above) they serve
 *   addressAt(city, colonia, rng)  an address in that colonia of that city
 *   haversineKm(a, b), ROAD_FACTOR great-circle distance; road distance over straight line
 *   localTimeToUtc(tz, y, m, d, hh, mm[, ss])   local wall time → Date (m is 1-based)
 *   utcToLocal(tz, date)           Date → { y, m, d, hh, mm, ss, dow, offsetMinutes }
 *   utcOffsetMinutes(tz, date)     offset from UTC in minutes (−360 for Mexico City since 2022)
 * Offsets come from Intl (the runtime's tz database), found once per (zone, year) and kept as
 * transition lists, so that conversions cost a few comparisons.
 */
import { CITY_ROWS, ColoniaRow, PICKUP_METRO, PICKUP_ZONE_ROWS, STATE_ROWS, STREET_NAMES, STREET_TYPES } from './geo-data';
import type { Rng } from './prng';

export interface State {
  /** INEGI two-digit code of the federal entity ('09' = Ciudad de México). */
  code: string;
  name: string;
  abbr: string;
  /** The two letters RENAPO puts in a CURP for births in the entity. */
  curp: string;
  /** SEPOMEX: first two digits of the state's postal codes, inclusive range. */
  cpPrefix: readonly [number, number];
  population: number;
}
export interface Colonia {
  name: string;
  postalCode: string;
  lat: number;
  lng: number;
}
export interface City {
  name: string;
  state: State;
  /** IANA time zone. */
  tz: string;
  lada: string;
  lat: number;
  lng: number;
  /** Municipality population 2020, thousands (the weight of cityByWeight). */
  population: number;
  /** Postal codes of the city, inclusive numeric range. */
  cp: readonly [number, number];
  metro: string;
  colonias: readonly Colonia[];
}

export const STATES: readonly State[] = STATE_ROWS.map(([code, name, abbr, curp, lo, hi, population]) => ({
  code,
  name,
  abbr,
  curp,
  cpPrefix: [lo, hi] as const,
  population,
}));
const byCode = new Map(STATES.map((s) => [s.code, s]));
const byName = new Map(STATES.map((s) => [s.name, s]));

export const CITIES: readonly City[] = CITY_ROWS.map(([name, code, tz, lada, lat, lng, population, lo, hi, metro, cols]) => ({
  name,
  state: byCode.get(code)!,
  tz,
  lada,
  lat,
  lng,
  population,
  cp: [lo, hi] as const,
  metro,
  colonias: cols.map(([n, cp, la, ln]: ColoniaRow) => ({ name: n, postalCode: cp, lat: la, lng: ln })),
}));
const cityNames = new Map(CITIES.map((c) => [`${c.name}|${c.state.code}`, c]));

export const stateByCode = (code: string): State | undefined => byCode.get(code);
export const stateByName = (name: string): State | undefined => byName.get(name);
/** The city of that name (the first one when two states share a name; give the state to choose). */
export function cityByName(name: string, stateCode?: string): City | undefined {
  if (stateCode) return cityNames.get(`${name}|${stateCode}`);
  return CITIES.find((c) => c.name === name);
}
export const citiesOf = (state: State): readonly City[] => CITIES.filter((c) => c.state === state);

const cumulative: number[] = [];
{
  let t = 0;
  for (const c of CITIES) cumulative.push((t += c.population));
}
const totalPopulation = cumulative[cumulative.length - 1];

/** The city of u ∈ [0, 1) on the population-weighted line: pass rng.float(). */
export function cityByWeight(u: number): City {
  const x = u * totalPopulation;
  let lo = 0,
    hi = cumulative.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cumulative[mid] > x) hi = mid;
    else lo = mid + 1;
  }
  return CITIES[lo];
}

const metros = new Map<string, City[]>();
for (const c of CITIES) {
  const list = metros.get(c.metro) ?? [];
  list.push(c);
  metros.set(c.metro, list);
}
/** The cities of `city`'s metro area (itself included): zones, drivers and routes stay inside it. */
export function metroOf(city: City): { name: string; cities: readonly City[] } {
  return { name: city.metro, cities: metros.get(city.metro)! };
}

export function cityOfPostalCode(cp: string): City | undefined {
  const n = Number(cp);
  return /^\d{5}$/.test(cp) ? CITIES.find((c) => n >= c.cp[0] && n <= c.cp[1]) : undefined;
}

export interface Address {
  street: string;
  number: string;
  colonia: string;
  postalCode: string;
  city: City;
  state: State;
  lat: number;
  lng: number;
  /** "Calle Hidalgo 123, Col. Roma Norte, 06700 Ciudad de México, Ciudad de México" */
  full: string;
}

/** An address in `city`: one of its colonias, that colonia's postal code, a point within ~600 m of it. */
export function addressIn(city: City, rng: Rng, streetNames: readonly string[] = STREET_NAMES): Address {
  return addressAt(city, rng.pick(city.colonias), rng, streetNames);
}

/** An address in colonia `col` of `city`: a street, a number, the colonia's postal code, a point within ~600 m of its centre. */
export function addressAt(city: City, col: Colonia, rng: Rng, streetNames: readonly string[] = STREET_NAMES): Address {
  const street = `${rng.weighted(STREET_TYPES)} ${rng.pick(streetNames)}`;
  const number = rng.chance(0.15) ? `${rng.range(1, 999)} Int. ${rng.range(1, 40)}` : String(rng.range(1, rng.chance(0.7) ? 999 : 4999));
  const lat = Math.round((col.lat + (rng.float() - 0.5) * 0.011) * 1e6) / 1e6;
  const lng = Math.round((col.lng + (rng.float() - 0.5) * 0.011) * 1e6) / 1e6;
  return {
    street,
    number,
    colonia: col.name,
    postalCode: col.postalCode,
    city,
    state: city.state,
    lat,
    lng,
    full: `${street} ${number}, Col. ${col.name}, ${col.postalCode} ${city.name}, ${city.state.name}`,
  };
}

/** Great-circle distance in km. */
export function haversineKm(a: { lat: number; lng: number }, b: { lat: number; lng: number }): number {
  const R = 6371.0088,
    rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad,
    dLng = (b.lng - a.lng) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLng / 2) ** 2;
  return 2 * R * Math.asin(Math.min(1, Math.sqrt(h)));
}
/** Road distance over straight-line distance in Mexican cities. */
export const ROAD_FACTOR = 1.3;

// ---- Quenty's pickup zones ---------------------------------------------------------------------

export { PICKUP_METRO };
/** A colonia a pickup zone serves, with its city. */
export interface ZoneColonia extends Colonia {
  city: City;
}
export interface PickupZone {
  name: string;
  /** The depot routes start from and return to. */
  center: { lat: number; lng: number };
  /** Farthest colonia centre from the depot, km, rounded up. */
  radiusKm: number;
  colonias: readonly ZoneColonia[];
  /** Postal codes served, sorted, without repeats. */
  postalCodes: readonly string[];
  /** INEGI codes of the states the zone lies in. */
  stateCodes: readonly string[];
  tz: string;
}

export const PICKUP_ZONES: readonly PickupZone[] = (() => {
  const members: ZoneColonia[][] = PICKUP_ZONE_ROWS.map(() => []);
  for (const city of CITIES) {
    if (city.metro !== PICKUP_METRO) continue;
    for (const col of city.colonias) {
      let best = -1,
        bestKm = Infinity;
      PICKUP_ZONE_ROWS.forEach(([, lat, lng, cities], z) => {
        if (!cities.includes(city.name)) return;
        const km = haversineKm({ lat, lng }, col);
        if (km < bestKm) {
          best = z;
          bestKm = km;
        }
      });
      if (best >= 0) members[best].push({ ...col, city });
    }
  }
  return PICKUP_ZONE_ROWS.map(([name, lat, lng], z) => {
    const colonias = members[z];
    if (!colonias.length) throw new Error(`pickup zone ${name} serves no colonia of geo-data.ts`);
    const center = { lat, lng };
    return {
      name,
      center,
      colonias,
      radiusKm: Math.ceil(Math.max(...colonias.map((c) => haversineKm(center, c)))),
      postalCodes: [...new Set(colonias.map((c) => c.postalCode))].sort(),
      stateCodes: [...new Set(colonias.map((c) => c.city.state.code))].sort(),
      tz: colonias[0].city.tz,
    };
  });
})();

/** +52, the city's LADA, then the local number (first digit 2-9): 10 digits in all. */
export function phoneIn(city: City, rng: Rng): string {
  return '+52' + city.lada + String(rng.range(2, 9)) + rng.chars('0123456789', 9 - city.lada.length);
}

// ---- local time -------------------------------------------------------------------------------

const formatters = new Map<string, Intl.DateTimeFormat>();
/** Offset of `tz` at instant `ms`, in minutes, from Intl (slow path: used to build the tables). */
function intlOffset(tz: string, ms: number): number {
  let f = formatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: tz,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(tz, f);
  }
  const p: Record<string, number> = {};
  for (const x of f.formatToParts(new Date(ms))) if (x.type !== 'literal') p[x.type] = Number(x.value);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return Math.round((asUtc - Math.floor(ms / 1000) * 1000) / 60_000);
}

/** Per (zone, year): the offset at the year's start and the instants where it changes. */
interface YearTable {
  start: number;
  end: number;
  first: number;
  at: number[];
  offsets: number[];
}
/** Tables by zone, indexed by year − 1970. */
const tables = new Map<string, YearTable[]>();
const HOUR = 3_600_000,
  WEEK = 7 * 86_400_000;

function yearTable(tz: string, year: number): YearTable {
  let byYear = tables.get(tz);
  if (!byYear) tables.set(tz, (byYear = []));
  let t = byYear[year - 1970];
  if (t) return t;
  const start = Date.UTC(year, 0, 1),
    end = Date.UTC(year + 1, 0, 1);
  const first = intlOffset(tz, start);
  const at: number[] = [],
    offsets: number[] = [];
  let prev = first;
  // Zones change their offset at most a few times a year, months apart: probe weekly, then
  // bisect the week that changed down to the minute.
  for (let d = start; d < end; d += WEEK) {
    const next = intlOffset(tz, Math.min(d + WEEK, end));
    if (next === prev) continue;
    let lo = d,
      hi = Math.min(d + WEEK, end);
    while (hi - lo > 60_000) {
      const mid = lo + Math.floor((hi - lo) / 2 / 60_000) * 60_000 || lo + 60_000;
      if (intlOffset(tz, mid) === prev) lo = mid;
      else hi = mid;
    }
    at.push(hi);
    offsets.push(next);
    prev = next;
  }
  t = { start, end, first, at, offsets };
  byYear[year - 1970] = t;
  return t;
}

/** The table of the year last asked, by zone. */
const lastYear = new Map<string, YearTable>();

/** Minutes to add to UTC to get the local time of `tz` at `date` (e.g. −360 in Mexico City). */
export function utcOffsetMinutes(tz: string, date: Date | number): number {
  const ms = typeof date === 'number' ? date : date.getTime();
  // The year asked last in each zone answers most calls (a seed asks millions, in runs of a year).
  let t = lastYear.get(tz);
  if (!t || ms < t.start || ms >= t.end) {
    let y = 1970 + Math.floor(ms / 31_556_952_000);
    if (ms < Date.UTC(y, 0, 1)) y--;
    else if (ms >= Date.UTC(y + 1, 0, 1)) y++;
    lastYear.set(tz, (t = yearTable(tz, y)));
  }
  let off = t.first;
  for (let i = 0; i < t.at.length && ms >= t.at[i]; i++) off = t.offsets[i];
  return off;
}

export interface LocalTime {
  y: number;
  m: number;
  d: number;
  hh: number;
  mm: number;
  ss: number;
  /** 0 = Sunday */ dow: number;
  offsetMinutes: number;
}

export function utcToLocal(tz: string, date: Date | number): LocalTime {
  const ms = typeof date === 'number' ? date : date.getTime();
  const off = utcOffsetMinutes(tz, ms);
  const l = new Date(ms + off * 60_000);
  return {
    y: l.getUTCFullYear(),
    m: l.getUTCMonth() + 1,
    d: l.getUTCDate(),
    hh: l.getUTCHours(),
    mm: l.getUTCMinutes(),
    ss: l.getUTCSeconds(),
    dow: l.getUTCDay(),
    offsetMinutes: off,
  };
}

/**
 * The instant when the clocks of `tz` show y-m-d hh:mm:ss (m 1-based). A time skipped by a
 * spring-forward change maps to the instant an hour later on the clock; a repeated one (fall back)
 * to its first occurrence.
 */
export function localTimeToUtc(tz: string, y: number, m: number, d: number, hh = 0, mm = 0, ss = 0): Date {
  const wall = Date.UTC(y, m - 1, d, hh, mm, ss);
  const o1 = utcOffsetMinutes(tz, wall - HOUR * 12);
  const a = wall - o1 * 60_000;
  const o2 = utcOffsetMinutes(tz, a);
  if (o2 === o1) return new Date(a);
  // `a` does not show the wall time (its offset is o2): try o2; if that fails too, the wall time
  // falls in a spring-forward gap and `a` is the same clock time an hour later.
  const b = wall - o2 * 60_000;
  return new Date(utcOffsetMinutes(tz, b) === o2 ? b : a);
}
