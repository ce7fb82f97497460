import { Rng } from './prng';
import { City, State, STATES, citiesOf, addressIn } from './geo';
import { rfcCheckChar } from './rfc-check';
import { SECTORS, companyIn, rfcInitials } from './companies';
import { personName } from './names';

export { rfcCheckChar };

/**
 * Mexican realism that faker's es_MX lacks: RFCs with their check character (SAT algorithm),
 * +52 phones with real area codes (LADA), 5-digit postal codes whose first two digits belong
 * to the state (SEPOMEX ranges), real states and cities.
 */

export interface MxCity {
  name: string;
  /** LADA area code: 2 digits (then 8-digit number) or 3 digits (then 7). */
  lada: string;
  lat: number;
  lng: number;
}
export interface MxState {
  name: string;
  /** Postal code prefixes (first two digits) of the state, inclusive range. */
  cp: readonly [number, number];
  /** The state's cities in the one geography (geo.ts). */
  cities: City[];
  geo: State;
}

/** The states of geo.ts in the shape older generators use. */
export const MX_STATES: MxState[] = STATES.map((s) => ({ name: s.name, cp: s.cpPrefix, cities: [...citiesOf(s)], geo: s }));
const WEIGHTED_STATES: Array<readonly [MxState, number]> = MX_STATES.map((s) => [s, s.cities.reduce((a, c) => a + c.population, 0)] as const);

export function pickState(rng: Rng): MxState {
  return rng.weighted(WEIGHTED_STATES);
}

export function stateOfPostalCode(cp: string): MxState | undefined {
  const p = Number(cp.slice(0, 2));
  return MX_STATES.find((s) => p >= s.cp[0] && p <= s.cp[1]);
}

export function postalCode(rng: Rng, state: MxState): string {
  const prefix = rng.range(state.cp[0], state.cp[1]);
  // 00 is not a valid first pair (CDMX starts at 01); the last three digits are free.
  return String(prefix).padStart(2, '0') + String(rng.int(1000)).padStart(3, '0');
}

/** +52 followed by 10 digits: the LADA then the local number (never starting with 0 or 1). */
export function phone(rng: Rng, c: MxCity): string {
  const rest = 10 - c.lada.length;
  return '+52' + c.lada + String(rng.range(2, 9)) + rng.chars('0123456789', rest - 1);
}

/** Every LADA we use, for validation. */
export const AREA_CODES = new Set(MX_STATES.flatMap((s) => s.cities.map((c) => c.lada)));

export function isValidMxPhone(p: string): boolean {
  const m = /^\+52(\d{10})$/.exec(p);
  if (!m) return false;
  const d = m[1];
  return AREA_CODES.has(d.slice(0, 2)) || AREA_CODES.has(d.slice(0, 3));
}

const HOMOCLAVE = 'ABCDEFGHIJKLMNPQRSTUVWXYZ123456789';
const strip = (s: string) =>
  s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toUpperCase()
    .replace(/[^A-Z]/g, '');
const VOWELS = 'AEIOU';
const PARTICLES = new Set(['DE', 'DEL', 'LA', 'LAS', 'LOS', 'Y', 'MC', 'MAC', 'VON', 'VAN', 'DA', 'DI', 'DER']);
/** Upper-case words of a name without accents and particles (Ñ becomes X, as in the SAT's rules). */
const nameWords = (s: string) =>
  s
    .replace(/[ñÑ]/g, 'X')
    .split(/\s+/)
    .map(strip)
    .filter((w) => w && !PARTICLES.has(w));
/** Inconvenient words the SAT replaces (last letter becomes X). */
const BAD_WORDS = new Set([
  'BUEI',
  'BUEY',
  'CACA',
  'CACO',
  'CAGA',
  'CAGO',
  'CAKA',
  'COGE',
  'COJA',
  'COJE',
  'COJI',
  'COJO',
  'CULO',
  'FETO',
  'GUEY',
  'JOTO',
  'KACA',
  'KACO',
  'KAGA',
  'KAGO',
  'KOGE',
  'KOJO',
  'KAKA',
  'KULO',
  'MAME',
  'MAMO',
  'MEAR',
  'MEON',
  'MION',
  'MOCO',
  'MULA',
  'PEDA',
  'PEDO',
  'PENE',
  'PUTA',
  'PUTO',
  'QULO',
  'RATA',
  'RUIN',
]);

const yymmdd = (d: Date) =>
  String(d.getUTCFullYear() % 100).padStart(2, '0') + String(d.getUTCMonth() + 1).padStart(2, '0') + String(d.getUTCDate()).padStart(2, '0');

/** Person RFC, 13 characters: 4 letters from the names, birth date, homoclave, check character. */
export function personRfc(rng: Rng, first: string, last1: string, last2: string, birth: Date): string {
  const p = nameWords(last1).join(''),
    m = nameWords(last2).join(''),
    given = nameWords(first);
  // SAT: a compound given name that starts with María or José is represented by its second name.
  const n = given.length > 1 && ['MARIA', 'MA', 'JOSE', 'J'].includes(given[0]) ? given[1] : (given[0] ?? 'X');
  const vowel = [...p.slice(1)].find((ch) => VOWELS.includes(ch)) ?? 'X';
  let letters = (p[0] ?? 'X') + vowel + (m[0] ?? 'X') + (n[0] ?? 'X');
  if (BAD_WORDS.has(letters)) letters = letters.slice(0, 3) + 'X';
  const body = letters + yymmdd(birth) + rng.chars(HOMOCLAVE, 2);
  return body + rfcCheckChar(body);
}

/** Company RFC, 12 characters: the SAT initials of the name (companies.ts), incorporation date, homoclave, check. */
export function companyRfc(rng: Rng, name: string, founded: Date, homoclave?: string): string {
  const body = rfcInitials(name) + yymmdd(founded) + (homoclave ?? rng.chars(HOMOCLAVE, 2));
  return body + rfcCheckChar(body);
}

/** Incorporation dates of company RFCs: the 80 years 1940-2019 (two-digit years never repeat). */
const RFC_FIRST_DAY = Date.UTC(1940, 0, 1);
const RFC_DAYS = (Date.UTC(2020, 0, 1) - RFC_FIRST_DAY) / 86_400_000;
/** Distinct (incorporation date, homoclave) pairs: 29,220 days x 34² = 33,778,320. */
export const COMPANY_RFC_SPACE = RFC_DAYS * HOMOCLAVE.length ** 2;
const RFC_STRIDE = 1_000_003; // prime, coprime with COMPANY_RFC_SPACE: n -> n * stride mod space is a bijection

/**
 * Date and homoclave of company `ordinal`, derived from the ordinal alone: a bijection of
 * [0, COMPANY_RFC_SPACE), so that two companies never share them (and so never share an RFC,
 * whatever their letters), while neighbouring ordinals get unrelated dates.
 */
export function companyRfcParts(ordinal: number): { founded: Date; homoclave: string } {
  if (!Number.isInteger(ordinal) || ordinal < 0 || ordinal >= COMPANY_RFC_SPACE)
    throw new Error(`company RFC ordinal out of range: ${ordinal} (at most ${COMPANY_RFC_SPACE} companies)`);
  const x = Number((BigInt(ordinal) * BigInt(RFC_STRIDE) + 12_345n) % BigInt(COMPANY_RFC_SPACE));
  const h = x % HOMOCLAVE.length ** 2;
  const day = Math.floor(x / HOMOCLAVE.length ** 2);
  return { founded: new Date(RFC_FIRST_DAY + day * 86_400_000), homoclave: HOMOCLAVE[h % HOMOCLAVE.length] + HOMOCLAVE[Math.floor(h / HOMOCLAVE.length)] };
}

export function isValidRfc(rfc: string): boolean {
  const m = /^([A-ZÑ&]{3,4})(\d{2})(\d{2})(\d{2})([A-Z0-9]{2})([0-9A])$/.exec(rfc);
  if (!m) return false;
  const [, letters, , mm, dd] = m;
  if (rfc.length !== (letters.length === 3 ? 12 : 13)) return false;
  const month = Number(mm),
    day = Number(dd);
  if (month < 1 || month > 12 || day < 1 || day > 31) return false;
  return rfcCheckChar(rfc.slice(0, -1)) === rfc.slice(-1);
}

export interface MxPerson {
  first: string;
  last1: string;
  last2: string;
  full: string;
  female: boolean;
}
/** A person (names.ts: weighted by frequency, compound given names): `first` is the whole given name. */
export function person(rng: Rng): MxPerson {
  const p = personName(rng);
  return { first: p.given, last1: p.last1, last2: p.last2, full: p.full, female: p.female };
}

/** A company of a random sector (companies.ts): `business` carries the legal form. */
export function companyName(rng: Rng): { name: string; business: string; sector: string } {
  const c = companyIn(rng.pick(SECTORS).id, rng);
  return { name: c.name, business: c.business, sector: c.sector };
}

export interface MxAddress {
  street: string;
  state: MxState;
  city: City;
  postalCode: string;
  full: string;
}

/**
 * An address in `state`: a city of it (by population), one of that city's colonias and its postal
 * code (geo.ts addressIn). `streetNames` (a faker pool, see pools.ts) replaces our street names.
 */
export function address(rng: Rng, state = pickState(rng), streetNames?: readonly string[]): MxAddress {
  const c = rng.weighted(state.cities.map((x) => [x, x.population] as const));
  const a = addressIn(c, rng, streetNames?.length ? streetNames : undefined);
  return { street: `${a.street} ${a.number}`, state, city: c, postalCode: a.postalCode, full: a.full };
}

/** ASCII-only lower-case slug for usernames and emails. */
const slugs = new Map<string, string>();
export function slug(s: string): string {
  let v = slugs.get(s);
  if (v === undefined) {
    v = s
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '.');
    if (slugs.size < 10_000) slugs.set(s, v);
  }
  return v;
}
