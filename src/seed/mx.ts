import { Rng } from './prng';

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
  cp: [number, number];
  cities: MxCity[];
}

const city = (name: string, lada: string, lat: number, lng: number): MxCity => ({ name, lada, lat, lng });

export const MX_STATES: MxState[] = [
  { name: 'Ciudad de México', cp: [1, 16], cities: [city('Ciudad de México', '55', 19.43, -99.13)] },
  { name: 'Aguascalientes', cp: [20, 20], cities: [city('Aguascalientes', '449', 21.88, -102.29)] },
  { name: 'Baja California', cp: [21, 22], cities: [city('Tijuana', '664', 32.51, -117.04), city('Mexicali', '686', 32.62, -115.45), city('Ensenada', '646', 31.87, -116.6)] },
  { name: 'Baja California Sur', cp: [23, 23], cities: [city('La Paz', '612', 24.14, -110.31), city('Los Cabos', '624', 22.89, -109.91)] },
  { name: 'Campeche', cp: [24, 24], cities: [city('Campeche', '981', 19.83, -90.53), city('Ciudad del Carmen', '938', 18.65, -91.82)] },
  { name: 'Coahuila', cp: [25, 27], cities: [city('Saltillo', '844', 25.42, -101.0), city('Torreón', '871', 25.54, -103.41)] },
  { name: 'Colima', cp: [28, 28], cities: [city('Colima', '312', 19.24, -103.72), city('Manzanillo', '314', 19.05, -104.31)] },
  { name: 'Chiapas', cp: [29, 30], cities: [city('Tuxtla Gutiérrez', '961', 16.75, -93.12), city('Tapachula', '962', 14.9, -92.26)] },
  { name: 'Chihuahua', cp: [31, 33], cities: [city('Chihuahua', '614', 28.63, -106.07), city('Ciudad Juárez', '656', 31.69, -106.42)] },
  { name: 'Durango', cp: [34, 35], cities: [city('Durango', '618', 24.02, -104.65)] },
  { name: 'Guanajuato', cp: [36, 38], cities: [city('León', '477', 21.12, -101.68), city('Guanajuato', '473', 21.02, -101.26), city('Irapuato', '462', 20.67, -101.35), city('Celaya', '461', 20.52, -100.81)] },
  { name: 'Guerrero', cp: [39, 41], cities: [city('Acapulco', '744', 16.85, -99.82), city('Chilpancingo', '747', 17.55, -99.5)] },
  { name: 'Hidalgo', cp: [42, 43], cities: [city('Pachuca', '771', 20.1, -98.76)] },
  { name: 'Jalisco', cp: [44, 49], cities: [city('Guadalajara', '33', 20.67, -103.35), city('Zapopan', '33', 20.72, -103.39), city('Puerto Vallarta', '322', 20.62, -105.23)] },
  { name: 'Estado de México', cp: [50, 57], cities: [city('Toluca', '722', 19.29, -99.66), city('Naucalpan', '55', 19.48, -99.24), city('Ecatepec', '55', 19.6, -99.05)] },
  { name: 'Michoacán', cp: [58, 61], cities: [city('Morelia', '443', 19.7, -101.19), city('Uruapan', '452', 19.42, -102.06)] },
  { name: 'Morelos', cp: [62, 62], cities: [city('Cuernavaca', '777', 18.92, -99.23)] },
  { name: 'Nayarit', cp: [63, 63], cities: [city('Tepic', '311', 21.5, -104.89)] },
  { name: 'Nuevo León', cp: [64, 67], cities: [city('Monterrey', '81', 25.69, -100.32), city('San Pedro Garza García', '81', 25.66, -100.4), city('Guadalupe', '81', 25.68, -100.26)] },
  { name: 'Oaxaca', cp: [68, 71], cities: [city('Oaxaca de Juárez', '951', 17.07, -96.72)] },
  { name: 'Puebla', cp: [72, 75], cities: [city('Puebla', '222', 19.04, -98.2), city('Tehuacán', '238', 18.46, -97.39)] },
  { name: 'Querétaro', cp: [76, 76], cities: [city('Querétaro', '442', 20.59, -100.39)] },
  { name: 'Quintana Roo', cp: [77, 77], cities: [city('Cancún', '998', 21.16, -86.85), city('Chetumal', '983', 18.5, -88.3), city('Playa del Carmen', '984', 20.63, -87.08)] },
  { name: 'San Luis Potosí', cp: [78, 79], cities: [city('San Luis Potosí', '444', 22.15, -100.98)] },
  { name: 'Sinaloa', cp: [80, 82], cities: [city('Culiacán', '667', 24.81, -107.39), city('Mazatlán', '669', 23.25, -106.41)] },
  { name: 'Sonora', cp: [83, 85], cities: [city('Hermosillo', '662', 29.07, -110.96), city('Ciudad Obregón', '644', 27.49, -109.94)] },
  { name: 'Tabasco', cp: [86, 86], cities: [city('Villahermosa', '993', 17.99, -92.93)] },
  { name: 'Tamaulipas', cp: [87, 89], cities: [city('Reynosa', '899', 26.09, -98.28), city('Tampico', '833', 22.23, -97.86), city('Ciudad Victoria', '834', 23.74, -99.15)] },
  { name: 'Tlaxcala', cp: [90, 90], cities: [city('Tlaxcala', '246', 19.32, -98.24)] },
  { name: 'Veracruz', cp: [91, 96], cities: [city('Veracruz', '229', 19.17, -96.13), city('Xalapa', '228', 19.54, -96.91), city('Coatzacoalcos', '921', 18.13, -94.46)] },
  { name: 'Yucatán', cp: [97, 97], cities: [city('Mérida', '999', 20.97, -89.62)] },
  { name: 'Zacatecas', cp: [98, 99], cities: [city('Zacatecas', '492', 22.77, -102.58)] },
];

/** Rough population weights, so that most customers live where most Mexicans do. */
const STATE_WEIGHTS: Record<string, number> = {
  'Ciudad de México': 9, 'Estado de México': 12, Jalisco: 8, 'Nuevo León': 6, Veracruz: 6, Puebla: 5, Guanajuato: 5,
};
const WEIGHTED_STATES: Array<readonly [MxState, number]> = MX_STATES.map((s) => [s, STATE_WEIGHTS[s.name] ?? 2] as const);

export const FIRST_NAMES_M = ['José', 'Juan', 'Luis', 'Carlos', 'Jorge', 'Miguel', 'Alejandro', 'Francisco', 'Fernando', 'Ricardo', 'Eduardo', 'Roberto', 'Javier', 'Daniel', 'Sergio', 'Arturo', 'Raúl', 'Héctor', 'Manuel', 'Pedro', 'Diego', 'Santiago', 'Mateo', 'Emiliano', 'Andrés', 'Óscar', 'Rafael', 'Gerardo', 'Jesús', 'Antonio'];
export const FIRST_NAMES_F = ['María', 'Guadalupe', 'Juana', 'Margarita', 'Verónica', 'Leticia', 'Rosa', 'Patricia', 'Gabriela', 'Alejandra', 'Ana', 'Sofía', 'Valentina', 'Regina', 'Ximena', 'Fernanda', 'Daniela', 'Mariana', 'Andrea', 'Lucía', 'Carmen', 'Adriana', 'Claudia', 'Elena', 'Isabel', 'Paola', 'Karla', 'Diana', 'Brenda', 'Itzel'];
export const LAST_NAMES = ['Hernández', 'García', 'Martínez', 'López', 'González', 'Pérez', 'Rodríguez', 'Sánchez', 'Ramírez', 'Cruz', 'Flores', 'Gómez', 'Morales', 'Vázquez', 'Reyes', 'Jiménez', 'Torres', 'Díaz', 'Gutiérrez', 'Ruiz', 'Mendoza', 'Aguilar', 'Ortiz', 'Moreno', 'Castillo', 'Romero', 'Álvarez', 'Méndez', 'Chávez', 'Rivera', 'Juárez', 'Ramos', 'Domínguez', 'Herrera', 'Medina', 'Castro', 'Vargas', 'Guzmán', 'Velázquez', 'Muñoz', 'Rojas', 'Contreras', 'Salazar', 'Luna', 'Ortega', 'Santiago', 'Guerrero', 'Estrada', 'Bautista', 'Cortés', 'Soto', 'Alvarado', 'Espinoza', 'Lara', 'Ávila', 'Ríos', 'Cervantes', 'Silva', 'Delgado', 'Vega'];
export const STREETS = ['Av. Insurgentes Sur', 'Av. Reforma', 'Calle Hidalgo', 'Calle Morelos', 'Av. Juárez', 'Calle 5 de Mayo', 'Av. Revolución', 'Calle Allende', 'Av. Universidad', 'Calle Zaragoza', 'Av. Vallarta', 'Calle Madero', 'Av. Constitución', 'Calle Guerrero', 'Av. Chapultepec', 'Calle Aldama', 'Av. López Mateos', 'Calle Independencia', 'Av. Lázaro Cárdenas', 'Calle Matamoros'];
export const COLONIAS = ['Centro', 'Del Valle', 'Roma Norte', 'Condesa', 'Polanco', 'Jardines', 'Las Águilas', 'San Miguel', 'Industrial', 'Lomas', 'Santa Fe', 'Obrera', 'La Esperanza', 'Linda Vista', 'Los Pinos'];
const COMPANY_WORDS = ['Comercializadora', 'Distribuidora', 'Logística', 'Grupo', 'Servicios', 'Importadora', 'Abarrotes', 'Textiles', 'Alimentos', 'Ferretería', 'Tecnología', 'Muebles', 'Farmacéutica', 'Papelería', 'Autopartes'];
const COMPANY_NAMES = ['del Norte', 'del Bajío', 'Azteca', 'Maya', 'del Pacífico', 'del Golfo', 'Occidente', 'Anáhuac', 'Sierra Madre', 'Tolteca', 'Lagunera', 'Jalisciense', 'Regiomontana', 'Poblana', 'Peninsular', 'Huasteca', 'Mixteca', 'Tapatía', 'Sonorense', 'Veracruzana'];
/** Mexican legal forms (faker's es_MX offers Spanish "S.L."). */
export const COMPANY_SUFFIXES = ['S.A. de C.V.', 'S. de R.L. de C.V.', 'S.A.P.I. de C.V.', 'S.C.', 'S.A.'];

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

const RFC_DICT = '0123456789ABCDEFGHIJKLMN&OPQRSTUVWXYZ Ñ';

/** SAT check character of the first 11 (company, padded with a space) or 12 (person) characters. */
export function rfcCheckChar(body: string): string {
  const s = body.length === 11 ? ' ' + body : body;
  if (s.length !== 12) throw new Error(`rfc body must have 11 or 12 characters, got ${body.length}`);
  let sum = 0;
  for (let i = 0; i < 12; i++) {
    const v = RFC_DICT.indexOf(s[i]);
    if (v < 0) throw new Error(`invalid RFC character ${s[i]}`);
    sum += v * (13 - i);
  }
  const d = 11 - (sum % 11);
  return d === 11 ? '0' : d === 10 ? 'A' : String(d);
}

const HOMOCLAVE = 'ABCDEFGHIJKLMNPQRSTUVWXYZ123456789';
const strip = (s: string) => s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toUpperCase().replace(/[^A-Z]/g, '');
const VOWELS = 'AEIOU';
/** Inconvenient words the SAT replaces (last letter becomes X). */
const BAD_WORDS = new Set(['BUEI', 'BUEY', 'CACA', 'CACO', 'CAGA', 'CAGO', 'CAKA', 'COGE', 'COJA', 'COJE', 'COJI', 'COJO', 'CULO', 'FETO', 'GUEY', 'JOTO', 'KACA', 'KACO', 'KAGA', 'KAGO', 'KOGE', 'KOJO', 'KAKA', 'KULO', 'MAME', 'MAMO', 'MEAR', 'MEON', 'MION', 'MOCO', 'MULA', 'PEDA', 'PEDO', 'PENE', 'PUTA', 'PUTO', 'QULO', 'RATA', 'RUIN']);

const yymmdd = (d: Date) =>
  String(d.getUTCFullYear() % 100).padStart(2, '0') + String(d.getUTCMonth() + 1).padStart(2, '0') + String(d.getUTCDate()).padStart(2, '0');

/** Person RFC, 13 characters: 4 letters from the names, birth date, homoclave, check character. */
export function personRfc(rng: Rng, first: string, last1: string, last2: string, birth: Date): string {
  const p = strip(last1), m = strip(last2), n = strip(first);
  const vowel = [...p.slice(1)].find((ch) => VOWELS.includes(ch)) ?? 'X';
  let letters = (p[0] ?? 'X') + vowel + (m[0] ?? 'X') + (n[0] ?? 'X');
  if (BAD_WORDS.has(letters)) letters = letters.slice(0, 3) + 'X';
  const body = letters + yymmdd(birth) + rng.chars(HOMOCLAVE, 2);
  return body + rfcCheckChar(body);
}

/** Company RFC, 12 characters: 3 letters of the name, incorporation date, homoclave, check. */
export function companyRfc(rng: Rng, name: string, founded: Date, homoclave?: string): string {
  const stop = ['DE', 'DEL', 'LA', 'LOS', 'LAS', 'EL', 'Y', 'SA', 'CV', 'RL', 'SC', 'SAPI'];
  const words = name.replace(/S\.A\.|S\. de R\.L\.|S\.A\.P\.I\.|S\.C\.|de C\.V\./g, ' ').split(/\s+/).map(strip).filter((w) => w && !stop.includes(w));
  let letters = words.length >= 3 ? words[0][0] + words[1][0] + words[2][0] : words.length === 2 ? words[0][0] + words[1].slice(0, 2) : (words[0] ?? 'XXX').slice(0, 3);
  letters = letters.padEnd(3, 'X');
  const body = letters + yymmdd(founded) + (homoclave ?? rng.chars(HOMOCLAVE, 2));
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
  if (!Number.isInteger(ordinal) || ordinal < 0 || ordinal >= COMPANY_RFC_SPACE) throw new Error(`company RFC ordinal out of range: ${ordinal} (at most ${COMPANY_RFC_SPACE} companies)`);
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
  const month = Number(mm), day = Number(dd);
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
export function person(rng: Rng): MxPerson {
  const female = rng.chance(0.5);
  const first = rng.pick(female ? FIRST_NAMES_F : FIRST_NAMES_M);
  const last1 = rng.pick(LAST_NAMES);
  const last2 = rng.pick(LAST_NAMES);
  return { first, last1, last2, full: `${first} ${last1} ${last2}`, female };
}

export function companyName(rng: Rng): { name: string; business: string } {
  const name = `${rng.pick(COMPANY_WORDS)} ${rng.pick(COMPANY_NAMES)}`;
  return { name, business: `${name} ${rng.pick(COMPANY_SUFFIXES)}` };
}

export interface MxAddress {
  street: string;
  state: MxState;
  city: MxCity;
  postalCode: string;
  full: string;
}
const STREET_TYPES = ['Calle', 'Calle', 'Av.', 'Privada', 'Calz.', 'Cerrada', 'Andador', 'Blvd.'];

/**
 * An address in `state`. With `streetNames` (a faker pool, see pools.ts) the street is one of them
 * behind a Mexican street type; otherwise one of our well-known STREETS.
 */
export function address(rng: Rng, state = pickState(rng), streetNames?: readonly string[]): MxAddress {
  const c = rng.pick(state.cities);
  const cp = postalCode(rng, state);
  const name = streetNames?.length ? `${rng.pick(STREET_TYPES)} ${rng.pick(streetNames)}` : rng.pick(STREETS);
  const street = `${name} ${rng.range(1, 4999)}`;
  return { street, state, city: c, postalCode: cp, full: `${street}, Col. ${rng.pick(COLONIAS)}, ${cp} ${c.name}, ${state.name}` };
}

/** ASCII-only lower-case slug for usernames and emails. */
const slugs = new Map<string, string>();
export function slug(s: string): string {
  let v = slugs.get(s);
  if (v === undefined) {
    v = s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z0-9]+/g, '.');
    if (slugs.size < 10_000) slugs.set(s, v);
  }
  return v;
}
