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
import type { Rng } from './prng';

type W = ReadonlyArray<readonly [string, number]>;

/** Given names of women, weights ∝ frequency per 10,000 (compound names are single entries). */
export const GIVEN_F: W = [
  ['María Guadalupe', 180], ['Guadalupe', 120], ['María', 110], ['Juana', 80], ['Margarita', 70], ['María del Carmen', 70], ['Verónica', 60],
  ['Elizabeth', 60], ['Alejandra', 55], ['Leticia', 55], ['Gabriela', 55], ['Patricia', 52], ['Rosa María', 50], ['Adriana', 50], ['Martha', 48],
  ['María Elena', 45], ['Silvia', 45], ['Yolanda', 44], ['Teresa', 43], ['Josefina', 40], ['Claudia', 40], ['Ana María', 38], ['Araceli', 36],
  ['Alicia', 36], ['Norma', 35], ['María de Jesús', 35], ['Laura', 34], ['Mónica', 32], ['María Isabel', 30], ['Rosa', 30], ['Sandra', 30],
  ['Angélica', 28], ['Gloria', 28], ['María de Lourdes', 26], ['Lucía', 25], ['Diana', 25], ['Daniela', 25], ['Fernanda', 22], ['Andrea', 22],
  ['Mariana', 22], ['Karla', 20], ['Brenda', 20], ['Paola', 18], ['Ana Karen', 16], ['María Fernanda', 18], ['Sofía', 18], ['Valeria', 16],
  ['Ximena', 15], ['Camila', 14], ['Regina', 12], ['Itzel', 12], ['Jessica', 14], ['Esmeralda', 12], ['Carmen', 20], ['Isabel', 18], ['Elena', 14],
];
export const GIVEN_M: W = [
  ['José Luis', 150], ['Juan', 140], ['José', 120], ['Francisco', 95], ['Miguel Ángel', 90], ['Juan Carlos', 80], ['Jesús', 80], ['Pedro', 70],
  ['Antonio', 70], ['Alejandro', 70], ['Manuel', 65], ['Jorge', 62], ['Roberto', 60], ['José Antonio', 58], ['Ricardo', 55], ['Luis', 55],
  ['Fernando', 52], ['Carlos', 52], ['Javier', 52], ['Martín', 48], ['Daniel', 48], ['Eduardo', 46], ['Rafael', 45], ['Arturo', 45],
  ['Raúl', 42], ['Sergio', 42], ['Jorge Luis', 38], ['Juan Manuel', 38], ['José Manuel', 35], ['Víctor Manuel', 34], ['Héctor', 34],
  ['Mario', 33], ['Óscar', 32], ['Enrique', 32], ['Gerardo', 30], ['Salvador', 28], ['Alfredo', 27], ['Andrés', 25], ['Luis Ángel', 22],
  ['Luis Fernando', 20], ['Ángel', 22], ['Diego', 20], ['Santiago', 18], ['Sebastián', 16], ['Mateo', 14], ['Emiliano', 14], ['Leonardo', 14],
  ['Iker', 8], ['Gabriel', 18], ['Alberto', 28], ['Juan Pablo', 16], ['Hugo', 18], ['Rubén', 24], ['Ramón', 24], ['Marco Antonio', 26],
];
/** Surnames, weights ∝ bearers in Mexico (thousands, rounded). */
export const SURNAMES: W = [
  ['Hernández', 5500], ['García', 4100], ['Martínez', 3700], ['López', 3400], ['González', 3300], ['Pérez', 2500], ['Rodríguez', 2400],
  ['Sánchez', 2300], ['Ramírez', 2200], ['Cruz', 1500], ['Flores', 1450], ['Gómez', 1400], ['Morales', 1200], ['Vázquez', 1150], ['Reyes', 1100],
  ['Jiménez', 1100], ['Torres', 1050], ['Díaz', 1000], ['Gutiérrez', 1000], ['Ruiz', 900], ['Mendoza', 900], ['Aguilar', 880], ['Ortiz', 850],
  ['Moreno', 820], ['Castillo', 800], ['Romero', 790], ['Álvarez', 750], ['Méndez', 720], ['Chávez', 700], ['Rivera', 700], ['Juárez', 660],
  ['Ramos', 650], ['Domínguez', 610], ['Herrera', 600], ['Medina', 600], ['Castro', 560], ['Vargas', 520], ['Guzmán', 510], ['Velázquez', 500],
  ['Muñoz', 460], ['Rojas', 455], ['Contreras', 450], ['Salazar', 450], ['Luna', 445], ['Ortega', 445], ['Santiago', 440], ['Guerrero', 430],
  ['Estrada', 410], ['Bautista', 400], ['Cortés', 400], ['Soto', 390], ['Alvarado', 385], ['Espinoza', 380], ['Lara', 375], ['Ávila', 370],
  ['Ríos', 365], ['Cervantes', 360], ['Silva', 355], ['Delgado', 350], ['Vega', 345], ['Márquez', 340], ['Sandoval', 335], ['Fernández', 330],
  ['León', 325], ['Carrillo', 320], ['Mejía', 315], ['Solís', 310], ['Núñez', 305], ['Rosas', 300], ['Valdez', 295], ['Ibarra', 290],
  ['Campos', 285], ['Santos', 280], ['Camacho', 275], ['Navarro', 270], ['Peña', 265], ['Maldonado', 260], ['Rosales', 255], ['Acosta', 250],
  ['Miranda', 245], ['Trejo', 240], ['Valencia', 235], ['Nava', 230], ['Pacheco', 225], ['Huerta', 220], ['Padilla', 215], ['Molina', 210],
  ['Ayala', 205], ['Cabrera', 200], ['Fuentes', 195], ['Zamora', 190], ['Ochoa', 185], ['Hidalgo', 180], ['Téllez', 150], ['Zúñiga', 150],
];

/** Weighted picks in O(log n): cumulative tables built once. */
function sampler(list: W): (rng: Rng) => string {
  const cum: number[] = [];
  let t = 0;
  for (const [, w] of list) cum.push((t += w));
  return (rng) => {
    const x = rng.float() * t;
    let lo = 0, hi = cum.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cum[mid] > x) hi = mid;
      else lo = mid + 1;
    }
    return list[lo][0];
  };
}
const pickF = sampler(GIVEN_F), pickM = sampler(GIVEN_M), pickS = sampler(SURNAMES);

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
  return s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z0-9]+/g, '');
}

const DOMAINS: W = [['gmail.com', 55], ['hotmail.com', 22], ['outlook.com', 9], ['yahoo.com.mx', 6], ['icloud.com', 4], ['live.com.mx', 2], ['prodigy.net.mx', 1]];
const pickDomain = sampler(DOMAINS);
const SHORT: Record<string, string> = { hernandez: 'hdz', gonzalez: 'glez', martinez: 'mtz', rodriguez: 'rdz', guadalupe: 'lupita', francisco: 'paco', jose: 'pepe' };

/** A unique tail: two digits (a year, say) then the ordinal's decimal digits reversed. */
function tail(ordinal: number, rng: Rng): string {
  const yy = String(rng.pick([70, 75, 78, 80, 82, 85, 87, 88, 90, 92, 94, 95, 96, 98, 99, 0, 1, 2, 3, 5])).padStart(2, '0');
  return yy + String(ordinal).split('').reverse().join('');
}

/** The local part before the tail always ends in a letter, so (name, tail) splits one way only. */
function handle(p: PersonName, rng: Rng, sep: string): string {
  const g = slugName(p.first), g2 = slugName(p.given.split(' ')[1] ?? ''), a = slugName(p.last1), b = slugName(p.last2);
  switch (rng.int(6)) {
    case 0: return `${g}${sep}${a}`;
    case 1: return `${g[0]}${a}${b[0]}`;
    case 2: return g2 ? `${g[0]}${g2}${sep}${SHORT[a] ?? a}` : `${g}${sep}${SHORT[a] ?? a}`;
    case 3: return `${SHORT[g] ?? g}${sep}${a}`;
    case 4: return `${g}${a[0]}${b}`;
    default: return `${g}${sep}${a}${sep}${b}`;
  }
}

export function emailFor(p: PersonName, ordinal: number, rng: Rng): string {
  return `${handle(p, rng, '.')}${tail(ordinal, rng)}@${pickDomain(rng)}`;
}

export function usernameFor(p: PersonName, ordinal: number, rng: Rng): string {
  return `${handle(p, rng, rng.chance(0.5) ? '_' : '.')}${tail(ordinal, rng)}`;
}
