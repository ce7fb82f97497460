/**
 * Mexican people's names, weighted by how often they occur (approximate shares after RENAPO/INEGI
 * counts; see docs/seed-reference-data.md), with compound given names and two surnames.
 *
 * API
 *   personName(rng[, female])        { given, first, last1, last2, full, female }
 *   emailFor(p, ordinal, rng)        'maria.hernandez8712@gmail.com': a name, two digits of a
 *                                    year, then the decimal ordinal written backwards: unique per
 *                                    ordinal, never `user123`
 *   usernameFor(p, ordinal, rng)     'mguadalupe_hdz8712', unique per ordinal the same way
 *   slugName(s)                      ASCII lower-case
 */
import { Rng } from './prng';

type W = ReadonlyArray<readonly [string, number]>;

/** Given names of women, weights ∝ frequency per 10,000 (compound names are single entries). */
export const GIVEN_F: W = [
  ['María Guadalupe', 180],
  ['Guadalupe', 120],
  ['María', 110],
  ['Juana', 80],
  ['Margarita', 70],
  ['María del Carmen', 70],
  ['Verónica', 60],
  ['Elizabeth', 60],
  ['Alejandra', 55],
  ['Leticia', 55],
  ['Gabriela', 55],
  ['Patricia', 52],
  ['Rosa María', 50],
  ['Adriana', 50],
  ['Martha', 48],
  ['María Elena', 45],
  ['Silvia', 45],
  ['Yolanda', 44],
  ['Teresa', 43],
  ['Josefina', 40],
  ['Claudia', 40],
  ['Ana María', 38],
  ['Araceli', 36],
  ['Alicia', 36],
  ['Norma', 35],
  ['María de Jesús', 35],
  ['Laura', 34],
  ['Mónica', 32],
  ['María Isabel', 30],
  ['Rosa', 30],
  ['Sandra', 30],
  ['Angélica', 28],
  ['Gloria', 28],
  ['María de Lourdes', 26],
  ['Lucía', 25],
  ['Diana', 25],
  ['Daniela', 25],
  ['Fernanda', 22],
  ['Andrea', 22],
  ['Mariana', 22],
  ['Karla', 20],
  ['Brenda', 20],
  ['Paola', 18],
  ['Ana Karen', 16],
  ['María Fernanda', 18],
  ['Sofía', 18],
  ['Valeria', 16],
  ['Ximena', 15],
  ['Camila', 14],
  ['Regina', 12],
  ['Itzel', 12],
  ['Jessica', 14],
  ['Esmeralda', 12],
  ['Carmen', 20],
  ['Isabel', 18],
  ['Elena', 14],
];
export const GIVEN_M: W = [
  ['José Luis', 150],
  ['Juan', 140],
  ['José', 120],
  ['Francisco', 95],
  ['Miguel Ángel', 90],
  ['Juan Carlos', 80],
  ['Jesús', 80],
  ['Pedro', 70],
  ['Antonio', 70],
  ['Alejandro', 70],
  ['Manuel', 65],
  ['Jorge', 62],
  ['Roberto', 60],
  ['José Antonio', 58],
  ['Ricardo', 55],
  ['Luis', 55],
  ['Fernando', 52],
  ['Carlos', 52],
  ['Javier', 52],
  ['Martín', 48],
  ['Daniel', 48],
  ['Eduardo', 46],
  ['Rafael', 45],
  ['Arturo', 45],
  ['Raúl', 42],
  ['Sergio', 42],
  ['Jorge Luis', 38],
  ['Juan Manuel', 38],
  ['José Manuel', 35],
  ['Víctor Manuel', 34],
  ['Héctor', 34],
  ['Mario', 33],
  ['Óscar', 32],
  ['Enrique', 32],
  ['Gerardo', 30],
  ['Salvador', 28],
  ['Alfredo', 27],
  ['Andrés', 25],
  ['Luis Ángel', 22],
  ['Luis Fernando', 20],
  ['Ángel', 22],
  ['Diego', 20],
  ['Santiago', 18],
  ['Sebastián', 16],
  ['Mateo', 14],
  ['Emiliano', 14],
  ['Leonardo', 14],
  ['Iker', 8],
  ['Gabriel', 18],
  ['Alberto', 28],
  ['Juan Pablo', 16],
  ['Hugo', 18],
  ['Rubén', 24],
  ['Ramón', 24],
  ['Marco Antonio', 26],
];
/** Surnames, weights ∝ bearers in Mexico (thousands, rounded). */
export const SURNAMES: W = [
  ['Hernández', 5500],
  ['García', 4100],
  ['Martínez', 3700],
  ['López', 3400],
  ['González', 3300],
  ['Pérez', 2500],
  ['Rodríguez', 2400],
  ['Sánchez', 2300],
  ['Ramírez', 2200],
  ['Cruz', 1500],
  ['Flores', 1450],
  ['Gómez', 1400],
  ['Morales', 1200],
  ['Vázquez', 1150],
  ['Reyes', 1100],
  ['Jiménez', 1100],
  ['Torres', 1050],
  ['Díaz', 1000],
  ['Gutiérrez', 1000],
  ['Ruiz', 900],
  ['Mendoza', 900],
  ['Aguilar', 880],
  ['Ortiz', 850],
  ['Moreno', 820],
  ['Castillo', 800],
  ['Romero', 790],
  ['Álvarez', 750],
  ['Méndez', 720],
  ['Chávez', 700],
  ['Rivera', 700],
  ['Juárez', 660],
  ['Ramos', 650],
  ['Domínguez', 610],
  ['Herrera', 600],
  ['Medina', 600],
  ['Castro', 560],
  ['Vargas', 520],
  ['Guzmán', 510],
  ['Velázquez', 500],
  ['Muñoz', 460],
  ['Rojas', 455],
  ['Contreras', 450],
  ['Salazar', 450],
  ['Luna', 445],
  ['Ortega', 445],
  ['Santiago', 440],
  ['Guerrero', 430],
  ['Estrada', 410],
  ['Bautista', 400],
  ['Cortés', 400],
  ['Soto', 390],
  ['Alvarado', 385],
  ['Espinoza', 380],
  ['Lara', 375],
  ['Ávila', 370],
  ['Ríos', 365],
  ['Cervantes', 360],
  ['Silva', 355],
  ['Delgado', 350],
  ['Vega', 345],
  ['Márquez', 340],
  ['Sandoval', 335],
  ['Fernández', 330],
  ['León', 325],
  ['Carrillo', 320],
  ['Mejía', 315],
  ['Solís', 310],
  ['Núñez', 305],
  ['Rosas', 300],
  ['Valdez', 295],
  ['Ibarra', 290],
  ['Campos', 285],
  ['Santos', 280],
  ['Camacho', 275],
  ['Navarro', 270],
  ['Peña', 265],
  ['Maldonado', 260],
  ['Rosales', 255],
  ['Acosta', 250],
  ['Miranda', 245],
  ['Trejo', 240],
  ['Valencia', 235],
  ['Nava', 230],
  ['Pacheco', 225],
  ['Huerta', 220],
  ['Padilla', 215],
  ['Molina', 210],
  ['Ayala', 205],
  ['Cabrera', 200],
  ['Fuentes', 195],
  ['Zamora', 190],
  ['Ochoa', 185],
  ['Hidalgo', 180],
  ['Téllez', 150],
  ['Zúñiga', 150],
];

/** Weighted picks in O(log n): cumulative tables built once. */
function sampler(list: W): (rng: Rng) => string {
  const cum: number[] = [];
  let t = 0;
  for (const [, w] of list) cum.push((t += w));
  return (rng) => {
    const x = rng.float() * t;
    let lo = 0,
      hi = cum.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cum[mid] > x) hi = mid;
      else lo = mid + 1;
    }
    return list[lo][0];
  };
}
const pickF = sampler(GIVEN_F),
  pickM = sampler(GIVEN_M),
  pickS = sampler(SURNAMES);

export interface PersonName {
  /** The whole given name ("María Guadalupe"). */
  given: string;
  /** Its first word ("María"): what RFC/CURP rules and nicknames start from. */
  first: string;
  last1: string;
  last2: string;
  full: string;
  female: boolean;
}

export function personName(rng: Rng, female = rng.chance(0.51)): PersonName {
  const given = female ? pickF(rng) : pickM(rng);
  const last1 = pickS(rng);
  const last2 = pickS(rng);
  return { given, first: given.split(' ')[0], last1, last2, full: `${given} ${last1} ${last2}`, female };
}

export function slugName(s: string): string {
  return s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '');
}

const DOMAINS: W = [
  ['gmail.com', 55],
  ['hotmail.com', 22],
  ['outlook.com', 9],
  ['yahoo.com.mx', 6],
  ['icloud.com', 4],
  ['live.com.mx', 2],
  ['prodigy.net.mx', 1],
];
const pickDomain = sampler(DOMAINS);
const SHORT: Record<string, string> = {
  hernandez: 'hdz',
  gonzalez: 'glez',
  martinez: 'mtz',
  rodriguez: 'rdz',
  guadalupe: 'lupita',
  francisco: 'paco',
  jose: 'pepe',
};

/** A unique tail: two digits (a year, say) then the ordinal's decimal digits reversed. */
function tail(ordinal: number, rng: Rng): string {
  const yy = String(rng.pick([70, 75, 78, 80, 82, 85, 87, 88, 90, 92, 94, 95, 96, 98, 99, 0, 1, 2, 3, 5])).padStart(2, '0');
  return yy + String(ordinal).split('').reverse().join('');
}

/** The local part before the tail always ends in a letter, so (name, tail) splits one way only. */
function handle(p: PersonName, rng: Rng, sep: string): string {
  const g = slugName(p.first),
    g2 = slugName(p.given.split(' ')[1] ?? ''),
    a = slugName(p.last1),
    b = slugName(p.last2);
  switch (rng.int(6)) {
    case 0:
      return `${g}${sep}${a}`;
    case 1:
      return `${g[0]}${a}${b[0]}`;
    case 2:
      return g2 ? `${g[0]}${g2}${sep}${SHORT[a] ?? a}` : `${g}${sep}${SHORT[a] ?? a}`;
    case 3:
      return `${SHORT[g] ?? g}${sep}${a}`;
    case 4:
      return `${g}${a[0]}${b}`;
    default:
      return `${g}${sep}${a}${sep}${b}`;
  }
}

export function emailFor(p: PersonName, ordinal: number, rng: Rng): string {
  return `${handle(p, rng, '.')}${tail(ordinal, rng)}@${pickDomain(rng)}`;
}

export function usernameFor(p: PersonName, ordinal: number, rng: Rng): string {
  return `${handle(p, rng, rng.chance(0.5) ? '_' : '.')}${tail(ordinal, rng)}`;
}

// ---- people of a world, with unique handles ------------------------------------------------------

/**
 * How people are laid out over ordinals so that handles (the local part of an email, the
 * username) are unique without a row number: a sequence of SLOTS positions, each a (given name,
 * first surname, handle pattern) drawn with its real frequency, every combination's positions
 * spread evenly (jittered) over the sequence. Ordinal i takes position i mod SLOTS; the k-th
 * person with a given handle string (counted along the ordinals, so in sign-up order) writes it
 * bare when k = 0 and adds a suffix of k otherwise — a two-digit year first, then a four-digit
 * year, then three and four digits — the way a handle that is already taken gets a number.
 */
const SLOTS = 1 << 18;

/** Handle patterns and their shares: [pattern, weight]. */
const PATTERNS: ReadonlyArray<readonly [number, number]> = [
  [0, 38],
  [1, 18],
  [2, 16],
  [3, 12],
  [4, 16],
];
const NICK: Record<string, string> = {
  guadalupe: 'lupita',
  francisco: 'paco',
  jose: 'pepe',
  josefina: 'chepina',
  alejandro: 'alex',
  alejandra: 'ale',
  fernando: 'fer',
  fernanda: 'fer',
  guillermo: 'memo',
  eduardo: 'lalo',
  roberto: 'beto',
  alberto: 'beto',
  enrique: 'kike',
  ignacio: 'nacho',
  jesus: 'chuy',
  gabriela: 'gaby',
  patricia: 'paty',
  margarita: 'magui',
  rosa: 'rosy',
};
const SHORT_SURNAME: Record<string, string> = {
  hernandez: 'hdz',
  gonzalez: 'glez',
  martinez: 'mtz',
  rodriguez: 'rdz',
  fernandez: 'fdz',
  gutierrez: 'gtz',
  dominguez: 'dguez',
  velazquez: 'vlz',
  sanchez: 'sanchz',
  ramirez: 'rmz',
};

function handleOf(given: string, surname: string, pattern: number): string {
  const words = given.split(' ').map(slugName);
  const g = words.join('.'),
    first = words[0],
    a = slugName(surname);
  switch (pattern) {
    case 0:
      return `${g}.${a}`;
    case 1:
      return `${first}${a}`;
    case 2:
      return `${first[0]}${a}`;
    case 3:
      return `${first}_${SHORT_SURNAME[a] ?? a}`;
    default:
      return NICK[first] ? `${NICK[first]}.${a}` : `${a}.${first}`;
  }
}

interface PeopleTable {
  /** Per position: index into GIVEN (women first, then men), surname index, handle id, k of that handle at this position. */
  given: Uint16Array;
  surname: Uint16Array;
  handle: Uint32Array;
  k: Uint32Array;
  /** Per handle id: its string and its number of positions. */
  handles: string[];
  perHandle: Uint32Array;
}
const GIVEN_ALL: ReadonlyArray<readonly [string, number, boolean]> = [
  ...GIVEN_F.map(([n, w]) => [n, w, true] as const),
  ...GIVEN_M.map(([n, w]) => [n, w, false] as const),
];
const tablesBySeed = new Map<number, PeopleTable>();

function peopleTable(seed: number): PeopleTable {
  let t = tablesBySeed.get(seed);
  if (t) return t;
  const sumF = GIVEN_F.reduce((s, [, w]) => s + w, 0),
    sumM = GIVEN_M.reduce((s, [, w]) => s + w, 0);
  const sumS = SURNAMES.reduce((s, [, w]) => s + w, 0),
    sumP = PATTERNS.reduce((s, [, w]) => s + w, 0);
  // Entries (given, surname, pattern) with their share; positions by cumulative rounding (exactly SLOTS).
  const eGiven: number[] = [],
    eSurname: number[] = [],
    eHandle: number[] = [],
    eCount: number[] = [];
  const handleIds = new Map<string, number>();
  const handles: string[] = [];
  let cum = 0,
    placed = 0;
  GIVEN_ALL.forEach(([given, w, female], gi) => {
    const pg = female ? (0.51 * w) / sumF : (0.49 * w) / sumM;
    SURNAMES.forEach(([surname, ws], si) => {
      for (const [pattern, wp] of PATTERNS) {
        cum += pg * (ws / sumS) * (wp / sumP);
        const upto = Math.min(SLOTS, Math.round(cum * SLOTS));
        const c = upto - placed;
        placed = upto;
        if (c <= 0) continue;
        const h = handleOf(given, surname, pattern);
        let id = handleIds.get(h);
        if (id === undefined) handleIds.set(h, (id = handles.push(h) - 1));
        eGiven.push(gi);
        eSurname.push(si);
        eHandle.push(id);
        eCount.push(c);
      }
    });
  });
  // Positions of each entry spread evenly with a jitter, then sorted.
  // Stratified: the j-th position of an entry of c lies in [j/c, (j+1)/c). Sorting packs the key
  // (22 bits) and the slot (18 bits) into one float, so a plain numeric sort orders them.
  const rng = new Rng(mixSeed(seed));
  const packed = new Float64Array(SLOTS),
    entryOf = new Uint32Array(SLOTS);
  let s = 0;
  for (let e = 0; e < eCount.length; e++) {
    const c = eCount[e];
    for (let j = 0; j < c; j++, s++) {
      packed[s] = Math.floor(((j + rng.float()) / c) * 4_194_304) * SLOTS + s;
      entryOf[s] = e;
    }
  }
  packed.sort();
  const order = new Uint32Array(SLOTS);
  for (let i = 0; i < SLOTS; i++) order[i] = packed[i] % SLOTS;
  t = {
    given: new Uint16Array(SLOTS),
    surname: new Uint16Array(SLOTS),
    handle: new Uint32Array(SLOTS),
    k: new Uint32Array(SLOTS),
    handles,
    perHandle: new Uint32Array(handles.length),
  };
  for (let p = 0; p < SLOTS; p++) {
    const e = entryOf[order[p]];
    const h = eHandle[e];
    t.given[p] = eGiven[e];
    t.surname[p] = eSurname[e];
    t.handle[p] = h;
    t.k[p] = t.perHandle[h]++;
  }
  if (tablesBySeed.size > 2) tablesBySeed.clear();
  tablesBySeed.set(seed, t);
  return t;
}
const mixSeed = (seed: number) => (Math.imul(seed ^ 0x6a09e667, 0x9e3779b1) ^ 0x2545f491) >>> 0;

/** Two-digit suffixes, likeliest first: birth years of adults, then the rest. */
const TWO = (() => {
  const years = [88, 90, 85, 92, 87, 95, 91, 89, 93, 86, 94, 84, 96, 82, 83, 97, 81, 98, 80, 99, 79, 0, 78, 1, 77, 2, 76, 3, 75, 4, 74, 5, 73, 72, 71, 70];
  const rest = Array.from({ length: 100 }, (_, n) => n).filter((n) => !years.includes(n));
  return [...years, ...rest].map((n) => String(n).padStart(2, '0'));
})();
/** Four-digit suffixes: years 1967–2008 (1988, 1987, 1989, …), then the other numbers 1000–9999 scrambled. */
let FOUR: string[] | undefined;
function four(): string[] {
  if (FOUR) return FOUR;
  const years = Array.from({ length: 42 }, (_, x) => 1988 - (x % 2 ? -(x + 1) / 2 : x / 2));
  const set = new Set(years);
  const rest: number[] = [];
  for (let y = 0; y < 9000; y++) {
    const n = 1000 + ((y * 4001) % 9000);
    if (!set.has(n)) rest.push(n);
  }
  return (FOUR = [...years, ...rest].map(String));
}
/** The suffix of the k-th holder of a handle: '' for the first, then distinct numbers (2, 4, 3, 4, 5+ digits). */
export function handleSuffix(k: number): string {
  if (k === 0) return '';
  let x = k - 1;
  if (x < TWO.length) return TWO[x];
  x -= TWO.length;
  if (x < 42) return four()[x];
  x -= 42;
  if (x < 900) return String(100 + ((x * 277) % 900));
  x -= 900;
  if (x < 9000 - 42) return four()[42 + x];
  return String(10000 + x - (9000 - 42));
}

export interface WorldPerson {
  person: PersonName;
  /** Unique local part: handle and suffix ("maria.hernandez", "mhernandez87"). */ local: string;
}

/**
 * The person of ordinal i of a world (auth users): given name and first surname from the people
 * table (real frequencies), second surname from `rng`, and a unique handle.
 */
export function personAt(seed: number, ordinal: number, rng: Rng): WorldPerson {
  const t = peopleTable(seed);
  const p = ordinal % SLOTS,
    round = Math.floor(ordinal / SLOTS);
  const [given, , female] = GIVEN_ALL[t.given[p]];
  const last1 = SURNAMES[t.surname[p]][0];
  const last2 = pickS(rng);
  const h = t.handle[p];
  const k = round * t.perHandle[h] + t.k[p];
  return { person: { given, first: given.split(' ')[0], last1, last2, full: `${given} ${last1} ${last2}`, female }, local: t.handles[h] + handleSuffix(k) };
}

/** An email provider, by its share among Mexican consumers. */
export const emailDomain = (rng: Rng): string => pickDomain(rng);
