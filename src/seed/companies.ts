/**
 * Mexican companies: names without row numbers, legal forms that fit the sector, and the RFC of a
 * moral person (SAT rules: the legal form and stop words are left out of the three letters).
 *
 * API
 *   SECTORS                          sector ids ('electronica', 'moda', …) with their legal forms
 *   companyIn(sector, rng)           { name, legalForm, business: 'name, legal form', sector }
 *   rfcInitials(businessName)        the three letters of a moral person's RFC ('SAPI' forms too)
 *   moralRfc(businessName, founded, homoclave)  12 characters with the SAT check digit
 */
import type { Rng } from './prng';
import { SURNAMES } from './names';
import { rfcCheckChar } from './rfc-check';

/** Legal forms (longest written form first where one contains another). */
export const LEGAL_FORMS = [
  'S.A.P.I. de C.V.',
  'S.A.B. de C.V.',
  'S.A.S. de C.V.',
  'S. de R.L. de C.V.',
  'S.A. de C.V.',
  'S. de R.L.',
  'S. en C.',
  'S.A.P.I.',
  'S.A.S.',
  'S.A.',
  'S.C.',
  'A.C.',
  'I.A.P.',
] as const;
export type LegalForm = (typeof LEGAL_FORMS)[number];

export interface Sector {
  id: string;
  /** Nouns that open a company name of the sector. */
  nouns: readonly string[];
  forms: ReadonlyArray<readonly [LegalForm, number]>;
  /** Catalogue categories the sector's companies sell (catalogue.ts). */
  categories: readonly string[];
}

const TRADE: ReadonlyArray<readonly [LegalForm, number]> = [
  ['S.A. de C.V.', 60],
  ['S. de R.L. de C.V.', 25],
  ['S.A.P.I. de C.V.', 5],
  ['S.A.S. de C.V.', 10],
];
const TECH: ReadonlyArray<readonly [LegalForm, number]> = [
  ['S.A.P.I. de C.V.', 45],
  ['S.A. de C.V.', 35],
  ['S. de R.L. de C.V.', 10],
  ['S.A.S. de C.V.', 10],
];
const CRAFT: ReadonlyArray<readonly [LegalForm, number]> = [
  ['S. de R.L. de C.V.', 40],
  ['S.C.', 25],
  ['S.A. de C.V.', 30],
  ['A.C.', 5],
];

export const SECTORS: readonly Sector[] = [
  {
    id: 'electronica',
    nouns: ['Electrónica', 'Tecnología', 'Digital', 'Sistemas', 'Innovación Tecnológica'],
    forms: TECH,
    categories: ['electronica', 'computo'],
  },
  { id: 'moda', nouns: ['Textiles', 'Confecciones', 'Moda', 'Boutique', 'Calzado'], forms: TRADE, categories: ['ropa', 'calzado', 'joyeria'] },
  {
    id: 'alimentos',
    nouns: ['Alimentos', 'Productos Alimenticios', 'Abarrotes', 'Café', 'Dulces', 'Comercializadora Agrícola'],
    forms: TRADE,
    categories: ['alimentos', 'bebidas'],
  },
  { id: 'belleza', nouns: ['Cosméticos', 'Laboratorios', 'Belleza', 'Perfumería'], forms: TRADE, categories: ['belleza', 'farmacia'] },
  { id: 'hogar', nouns: ['Hogar', 'Decoración', 'Muebles', 'Enseres', 'Línea Blanca'], forms: TRADE, categories: ['hogar', 'muebles'] },
  { id: 'juguetes', nouns: ['Juguetes', 'Jugueterías', 'Didácticos'], forms: TRADE, categories: ['juguetes', 'papeleria'] },
  { id: 'deportes', nouns: ['Deportes', 'Artículos Deportivos', 'Ciclismo'], forms: TRADE, categories: ['deportes', 'ropa', 'calzado'] },
  { id: 'papeleria', nouns: ['Papelería', 'Librería', 'Ediciones', 'Suministros de Oficina'], forms: TRADE, categories: ['papeleria', 'libros'] },
  { id: 'autopartes', nouns: ['Autopartes', 'Refacciones', 'Refaccionaria', 'Llantas'], forms: TRADE, categories: ['autopartes', 'herramientas'] },
  { id: 'ferreteria', nouns: ['Ferretería', 'Herramientas', 'Materiales', 'Ferreteros'], forms: TRADE, categories: ['herramientas', 'hogar'] },
  { id: 'artesanias', nouns: ['Artesanías', 'Arte Popular', 'Talleres', 'Cerámica'], forms: CRAFT, categories: ['artesanias', 'hogar'] },
  { id: 'farmacia', nouns: ['Farmacias', 'Distribuidora Farmacéutica', 'Productos Médicos'], forms: TRADE, categories: ['farmacia', 'belleza'] },
  { id: 'mascotas', nouns: ['Mascotas', 'Veterinaria', 'Productos para Mascotas'], forms: TRADE, categories: ['mascotas'] },
];
const sectorById = new Map(SECTORS.map((s) => [s.id, s]));
export const sector = (id: string): Sector => {
  const s = sectorById.get(id);
  if (!s) throw new Error(`unknown sector ${id} (one of ${SECTORS.map((x) => x.id).join(', ')})`);
  return s;
};

/** Places that go with any noun, and adjectives that agree with it (feminine / masculine plural). */
const PLACES = [
  'del Norte',
  'del Bajío',
  'del Pacífico',
  'del Golfo',
  'de Occidente',
  'del Sureste',
  'del Centro',
  'de la Sierra',
  'de la Costa',
  'de Oriente',
];
const ADJ_F = [
  'Tapatía',
  'Regiomontana',
  'Poblana',
  'Huasteca',
  'Veracruzana',
  'Potosina',
  'Queretana',
  'Yucateca',
  'Jarocha',
  'Oaxaqueña',
  'Sonorense',
  'Peninsular',
  'Lagunera',
  'Azteca',
  'Maya',
];
const ADJ_MPL = [
  'Tapatíos',
  'Regiomontanos',
  'Poblanos',
  'Huastecos',
  'Veracruzanos',
  'Potosinos',
  'Queretanos',
  'Yucatecos',
  'Jarochos',
  'Oaxaqueños',
  'Sonorenses',
  'Peninsulares',
  'Laguneros',
  'Aztecas',
  'Mayas',
];
const BRANDS = [
  'Alcance',
  'Aurora',
  'Cenit',
  'Horizonte',
  'Quetzal',
  'Jaguar',
  'Colibrí',
  'Ceiba',
  'Nopal',
  'Maguey',
  'Tonalli',
  'Xochitl',
  'Itzá',
  'Brisa',
  'Cumbre',
  'Estrella',
  'Faro',
  'Mirador',
  'Origen',
  'Raíz',
  'Sol de Mayo',
  'Vértice',
  'Alba',
  'Ámbar',
  'Obsidiana',
  'Jade',
  'Coral',
  'Pirámide',
  'Volcán',
  'Laguna',
];
const FEM = new Set([
  'Electrónica',
  'Tecnología',
  'Moda',
  'Boutique',
  'Comercializadora Agrícola',
  'Papelería',
  'Librería',
  'Refaccionaria',
  'Ferretería',
  'Veterinaria',
  'Perfumería',
  'Belleza',
  'Decoración',
  'Línea Blanca',
  'Cerámica',
  'Distribuidora Farmacéutica',
  'Innovación Tecnológica',
]);
const MASC_PL = new Set([
  'Sistemas',
  'Textiles',
  'Alimentos',
  'Productos Alimenticios',
  'Abarrotes',
  'Dulces',
  'Cosméticos',
  'Laboratorios',
  'Muebles',
  'Enseres',
  'Juguetes',
  'Didácticos',
  'Deportes',
  'Artículos Deportivos',
  'Suministros de Oficina',
  'Refacciones',
  'Materiales',
  'Ferreteros',
  'Talleres',
  'Productos Médicos',
  'Productos para Mascotas',
]);

/** A place that agrees with the noun: "Alimentos Poblanos", "Ferretería Tapatía", "Café del Golfo". */
function placeFor(noun: string, rng: Rng): string {
  if (rng.chance(0.4)) return rng.pick(PLACES);
  if (FEM.has(noun)) return rng.pick(ADJ_F);
  if (MASC_PL.has(noun)) return rng.pick(ADJ_MPL);
  return rng.pick(PLACES);
}

export interface Company {
  name: string;
  legalForm: LegalForm;
  /** Name and legal form, as on the tax certificate: "Alimentos del Norte, S.A. de C.V." */
  business: string;
  sector: string;
}

/** A company of the sector: "Textiles Poblanos", "Grupo Hernández Ochoa", "Colibrí Digital"… */
export function companyIn(sectorId: string, rng: Rng): Company {
  const s = sector(sectorId);
  const noun = rng.pick(s.nouns);
  let name: string;
  switch (rng.int(5)) {
    case 0:
    case 1:
      name = `${noun} ${placeFor(noun, rng)}`;
      break;
    case 2:
      name = `${rng.pick(BRANDS)} ${noun}`;
      break;
    case 3:
      name = `${rng.chance(0.5) ? 'Grupo' : noun} ${rng.weighted(SURNAMES)}${rng.chance(0.4) ? ' Hermanos' : ''}`;
      break;
    default:
      name = `${rng.chance(0.5) ? 'Comercializadora' : 'Distribuidora'} ${rng.pick(BRANDS)}`;
  }
  let legalForm = rng.weighted(s.forms);
  // A trading house or a group is a mercantile company: never a civil society or an association.
  if (/^(Comercializadora|Distribuidora|Grupo) /.test(name) && (legalForm === 'S.C.' || legalForm === 'A.C.')) legalForm = 'S.A. de C.V.';
  return { name, legalForm, business: `${name}, ${legalForm}`, sector: s.id };
}

// ---- RFC of a moral person ---------------------------------------------------------------------

/** Words the SAT leaves out of a moral person's name (articles, prepositions, company words). */
const STOP = new Set([
  'EL',
  'LA',
  'DE',
  'LOS',
  'LAS',
  'Y',
  'DEL',
  'MI',
  'POR',
  'CON',
  'AL',
  'SUS',
  'E',
  'PARA',
  'EN',
  'MC',
  'VON',
  'MAC',
  'VAN',
  'COMPANIA',
  'CIA',
  'COMPAÑIA',
  'SOCIEDAD',
  'SOC',
  'COMPANY',
  'CO',
  'COOPERATIVA',
  'COOP',
  'SC',
  'SCL',
  'SCS',
  'SNC',
  'SRL',
  'CV',
  'SA',
  'THE',
  'OF',
  'AND',
  'A',
  'U',
]);
/** A legal form at the end of a name, dots optional ("S.A. de C.V.", "SA DE CV"); letters upper-case, "de"/"en" any case. */
const FORM_RE = new RegExp(
  '[,\\s]+(' +
    LEGAL_FORMS.map((f) =>
      f
        .replace(/\./g, '\\.?')
        .replace(/ /g, '\\s*')
        .replace(/de|en/g, (w) => `[${w[0]}${w[0].toUpperCase()}][${w[1]}${w[1].toUpperCase()}]`),
    ).join('|') +
    ')\\s*$',
);

/** Strips accents (Ñ stays), upper-cases, keeps letters, digits, & and spaces. */
function normalise(s: string): string {
  return s
    .toUpperCase()
    .replace(/Ñ/g, '\u0000')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/\u0000/g, 'Ñ')
    .replace(/[^A-ZÑ0-9& ]+/g, ' ');
}

/** The three letters of the RFC of a moral person named `business` (name plus legal form). */
export function rfcInitials(business: string): string {
  const name = business.trim().replace(FORM_RE, '');
  const words = normalise(name)
    .split(/\s+/)
    .filter((w) => w && !STOP.has(w));
  let letters: string;
  if (words.length >= 3) letters = words[0][0] + words[1][0] + words[2][0];
  else if (words.length === 2) letters = words[0][0] + words[1].slice(0, 2);
  else letters = (words[0] ?? '').slice(0, 3);
  return letters.padEnd(3, 'X');
}

const yymmdd = (d: Date) =>
  String(d.getUTCFullYear() % 100).padStart(2, '0') + String(d.getUTCMonth() + 1).padStart(2, '0') + String(d.getUTCDate()).padStart(2, '0');

/** The RFC of a moral person: initials, incorporation date, homoclave (2), check character. */
export function moralRfc(business: string, founded: Date, homoclave: string): string {
  const body = rfcInitials(business) + yymmdd(founded) + homoclave;
  return body + rfcCheckChar(body);
}
