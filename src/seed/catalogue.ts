/**
 * Product catalogue: categories of what Quenty's merchants sell, with Spanish product names,
 * price ranges (MXN, retail), weight ranges (kg, shipped unit) and the product's HS code (6 digits,
 * HS 2022; the first two digits are its chapter). Sources: docs/seed-reference-data.md.
 *
 * API
 *   catalogue                       Category[] (id, name, products: { name, hs, price, weight })
 *   categoryById(id)
 *   productFor(sectorId, rng)       a priced product a company of that sector sells (companies.ts
 *                                   SECTORS): { category, name, hsCode, hsChapter, price, weightKg }
 *   priced(category, spec, rng)     the same for a given catalogue entry
 */
import type { Rng } from './prng';
import { sector } from './companies';

export interface ProductSpec {
  name: string;
  /** HS 2022 subheading, 6 digits. */
  hs: string;
  /** Retail price range, MXN. */
  price: readonly [number, number];
  /** Shipped weight range, kg. */
  weight: readonly [number, number];
}
export interface Category {
  id: string;
  name: string;
  /** Words appended to a product's name for variety ("negro", "talla M"). */
  variants: readonly string[];
  products: readonly ProductSpec[];
}

const p = (name: string, hs: string, price: [number, number], weight: [number, number]): ProductSpec => ({ name, hs, price, weight });
const COLORS = ['negro', 'blanco', 'azul', 'rojo', 'gris', 'verde'];
const SIZES = ['talla CH', 'talla M', 'talla G', 'talla XG'];

export const catalogue: readonly Category[] = [
  {
    id: 'electronica',
    name: 'Electrónica',
    variants: COLORS,
    products: [
      p('Cargador USB de pared', '850440', [150, 450], [0.05, 0.15]),
      p('Audífonos inalámbricos', '851830', [300, 2500], [0.05, 0.3]),
      p('Bocina Bluetooth portátil', '851822', [400, 3500], [0.3, 1.5]),
      p('Teléfono inteligente', '851713', [3000, 25000], [0.15, 0.3]),
      p('Cable USB-C', '854442', [80, 350], [0.03, 0.1]),
      p('Batería portátil', '850760', [300, 1200], [0.15, 0.45]),
      p('Memoria USB 64 GB', '852351', [90, 600], [0.01, 0.05]),
      p('Reloj inteligente', '851762', [800, 8000], [0.04, 0.12]),
      p('Pantalla LED 43"', '852872', [5000, 20000], [6, 18]),
    ],
  },
  {
    id: 'computo',
    name: 'Cómputo',
    variants: ['', ''],
    products: [
      p('Laptop', '847130', [8000, 35000], [1.2, 2.8]),
      p('Tableta', '847130', [3000, 15000], [0.3, 0.7]),
      p('Mouse inalámbrico', '847160', [150, 900], [0.06, 0.15]),
      p('Teclado', '847160', [250, 2500], [0.4, 1.2]),
      p('Monitor 24"', '852852', [2500, 9000], [3, 7]),
      p('Impresora multifuncional', '844331', [2500, 8000], [5, 12]),
    ],
  },
  {
    id: 'ropa',
    name: 'Ropa',
    variants: SIZES,
    products: [
      p('Playera de algodón', '610910', [120, 450], [0.15, 0.3]),
      p('Sudadera con capucha', '611020', [350, 1200], [0.4, 0.8]),
      p('Pantalón de mezclilla', '620342', [400, 1500], [0.5, 0.9]),
      p('Vestido de algodón', '620442', [450, 1800], [0.2, 0.5]),
      p('Calcetines (paquete de 3)', '611595', [80, 300], [0.1, 0.25]),
      p('Chamarra', '620193', [700, 3000], [0.6, 1.5]),
      p('Blusa bordada', '620630', [350, 1500], [0.15, 0.3]),
    ],
  },
  {
    id: 'calzado',
    name: 'Calzado',
    variants: ['número 24', 'número 25', 'número 26', 'número 27', 'número 28'],
    products: [
      p('Tenis deportivos', '640411', [800, 3500], [0.6, 1.2]),
      p('Zapatos de piel', '640399', [900, 3500], [0.8, 1.4]),
      p('Botas vaqueras', '640391', [1500, 6000], [1.2, 2.2]),
      p('Huaraches de piel', '640510', [300, 900], [0.4, 0.8]),
      p('Sandalias', '640299', [150, 600], [0.2, 0.5]),
    ],
  },
  {
    id: 'joyeria',
    name: 'Joyería y bisutería',
    variants: ['', 'de Taxco'],
    products: [
      p('Aretes de plata', '711311', [250, 1800], [0.005, 0.03]),
      p('Collar de plata', '711311', [400, 3000], [0.01, 0.06]),
      p('Anillo de plata', '711311', [250, 1500], [0.005, 0.02]),
      p('Pulsera de bisutería', '711719', [80, 400], [0.01, 0.05]),
    ],
  },
  {
    id: 'alimentos',
    name: 'Alimentos',
    variants: ['', 'orgánico', 'de Chiapas', 'de Veracruz', 'de Oaxaca'],
    products: [
      p('Café tostado en grano 1 kg', '090121', [250, 600], [1.0, 1.05]),
      p('Café molido 500 g', '090121', [120, 320], [0.5, 0.55]),
      p('Café soluble', '210111', [80, 250], [0.1, 0.3]),
      p('Chocolate de mesa 500 g', '180690', [60, 180], [0.5, 0.55]),
      p('Salsa picante', '210390', [25, 90], [0.15, 0.4]),
      p('Mole en pasta', '210390', [90, 250], [0.25, 0.55]),
      p('Miel de abeja 1 kg', '040900', [150, 350], [1.0, 1.4]),
      p('Dulces típicos (caja)', '170490', [80, 300], [0.3, 1.0]),
      p('Vainas de vainilla', '090510', [150, 600], [0.02, 0.1]),
      p('Chiles secos', '090421', [60, 200], [0.2, 0.5]),
    ],
  },
  {
    id: 'bebidas',
    name: 'Bebidas',
    variants: ['', 'reposado', 'añejo', 'joven'],
    products: [
      p('Tequila 750 ml', '220890', [250, 1500], [1.2, 1.5]),
      p('Mezcal 750 ml', '220890', [350, 1800], [1.2, 1.5]),
      p('Cerveza artesanal (6 piezas)', '220300', [150, 380], [2.0, 2.3]),
    ],
  },
  {
    id: 'belleza',
    name: 'Belleza y cuidado personal',
    variants: ['', 'natural'],
    products: [
      p('Crema facial', '330499', [150, 1200], [0.05, 0.2]),
      p('Perfume', '330300', [400, 3500], [0.1, 0.4]),
      p('Shampoo', '330510', [60, 350], [0.3, 1.0]),
      p('Labial', '330410', [80, 600], [0.01, 0.05]),
      p('Jabón artesanal', '340111', [40, 150], [0.1, 0.2]),
    ],
  },
  {
    id: 'hogar',
    name: 'Hogar y cocina',
    variants: ['', 'blanco', 'gris'],
    products: [
      p('Juego de sartenes de aluminio', '761510', [600, 3000], [2, 5]),
      p('Vajilla de cerámica 16 piezas', '691200', [500, 2500], [4, 8]),
      p('Licuadora', '850940', [600, 2500], [2.5, 4.5]),
      p('Cafetera eléctrica', '851671', [400, 3000], [1.2, 4]),
      p('Plancha', '851640', [300, 1500], [0.8, 1.6]),
      p('Juego de sábanas de algodón', '630231', [400, 1800], [1, 2.2]),
      p('Toallas de baño', '630260', [150, 600], [0.4, 0.9]),
    ],
  },
  {
    id: 'muebles',
    name: 'Muebles',
    variants: ['', 'nogal', 'roble', 'blanco'],
    products: [
      p('Silla de oficina giratoria', '940139', [1200, 6000], [9, 18]),
      p('Mesa de centro de madera', '940360', [1500, 8000], [10, 25]),
      p('Librero', '940360', [1200, 5000], [15, 35]),
      p('Lámpara de escritorio', '940521', [250, 1500], [0.6, 2]),
      p('Colchón matrimonial', '940429', [3000, 12000], [20, 40]),
    ],
  },
  {
    id: 'juguetes',
    name: 'Juguetes y juegos',
    variants: ['', ''],
    products: [
      p('Muñeca', '950300', [150, 900], [0.2, 0.8]),
      p('Rompecabezas', '950300', [120, 600], [0.3, 1.2]),
      p('Lotería mexicana', '950490', [60, 250], [0.2, 0.5]),
      p('Carrito a control remoto', '950300', [300, 2000], [0.5, 1.8]),
      p('Trompo de madera', '950300', [30, 120], [0.05, 0.15]),
      p('Juego de mesa', '950490', [250, 1200], [0.5, 1.5]),
    ],
  },
  {
    id: 'deportes',
    name: 'Deportes',
    variants: ['', ''],
    products: [
      p('Balón de fútbol', '950662', [250, 1500], [0.4, 0.5]),
      p('Bicicleta de montaña', '871200', [4000, 18000], [12, 16]),
      p('Tapete de yoga', '950691', [250, 900], [0.8, 1.8]),
      p('Mancuernas (par)', '950691', [400, 2000], [4, 20]),
      p('Guantes de box', '420321', [500, 2000], [0.6, 1.0]),
    ],
  },
  {
    id: 'papeleria',
    name: 'Papelería',
    variants: ['', ''],
    products: [
      p('Cuaderno profesional', '482020', [30, 120], [0.3, 0.6]),
      p('Plumas (paquete)', '960810', [40, 200], [0.05, 0.2]),
      p('Agenda', '482010', [150, 600], [0.3, 0.8]),
      p('Mochila escolar', '420292', [300, 1500], [0.5, 1.2]),
      p('Calculadora científica', '847010', [250, 900], [0.1, 0.25]),
    ],
  },
  {
    id: 'libros',
    name: 'Libros',
    variants: ['', ''],
    products: [p('Libro impreso', '490199', [150, 700], [0.2, 1.2]), p('Libro infantil ilustrado', '490300', [120, 450], [0.2, 0.8])],
  },
  {
    id: 'autopartes',
    name: 'Autopartes',
    variants: ['', ''],
    products: [
      p('Balatas delanteras', '870830', [400, 2000], [1.5, 3.5]),
      p('Filtro de aceite', '842123', [80, 350], [0.2, 0.6]),
      p('Bujías (juego de 4)', '851110', [200, 900], [0.2, 0.4]),
      p('Batería para auto', '850710', [1800, 4500], [12, 22]),
      p('Llanta rin 15', '401110', [1200, 3500], [7, 11]),
      p('Amortiguador', '870880', [600, 2500], [1.8, 4]),
    ],
  },
  {
    id: 'herramientas',
    name: 'Herramientas',
    variants: ['', ''],
    products: [
      p('Taladro eléctrico', '846721', [700, 3500], [1.5, 3]),
      p('Juego de desarmadores', '820540', [150, 800], [0.4, 1.2]),
      p('Martillo', '820520', [120, 450], [0.5, 1.0]),
      p('Cinta métrica', '901780', [60, 300], [0.15, 0.4]),
      p('Pinzas', '820320', [100, 500], [0.2, 0.5]),
    ],
  },
  {
    id: 'artesanias',
    name: 'Artesanías',
    variants: ['', 'de Oaxaca', 'de Puebla', 'de Michoacán', 'de Chiapas'],
    products: [
      p('Plato decorativo de Talavera', '691390', [250, 1500], [0.5, 1.5]),
      p('Alebrije de madera', '442019', [300, 3000], [0.2, 1.5]),
      p('Sarape de algodón', '630130', [300, 1200], [0.8, 1.8]),
      p('Rebozo', '621490', [400, 2500], [0.2, 0.5]),
      p('Sombrero de palma', '650400', [150, 800], [0.1, 0.3]),
      p('Piñata', '950590', [150, 600], [0.5, 2]),
      p('Bolsa tejida', '420222', [200, 900], [0.3, 0.7]),
    ],
  },
  {
    id: 'farmacia',
    name: 'Farmacia y salud',
    variants: ['', ''],
    products: [
      p('Vitaminas (frasco)', '210690', [150, 600], [0.1, 0.3]),
      p('Paracetamol (caja)', '300490', [30, 120], [0.02, 0.06]),
      p('Termómetro digital', '902519', [100, 450], [0.03, 0.1]),
      p('Cubrebocas (caja de 50)', '630790', [60, 250], [0.2, 0.4]),
      p('Baumanómetro digital', '901890', [500, 1800], [0.3, 0.7]),
    ],
  },
  {
    id: 'mascotas',
    name: 'Mascotas',
    variants: ['', ''],
    products: [
      p('Alimento para perro 20 kg', '230910', [700, 1900], [20, 20.3]),
      p('Alimento para gato 3 kg', '230910', [250, 650], [3, 3.1]),
      p('Collar para perro', '420100', [100, 500], [0.05, 0.3]),
      p('Cama para mascota', '940490', [400, 1500], [1, 3]),
      p('Arena para gato 10 kg', '250810', [150, 400], [10, 10.2]),
    ],
  },
];
const byId = new Map(catalogue.map((c) => [c.id, c]));
export function categoryById(id: string): Category {
  const c = byId.get(id);
  if (!c) throw new Error(`unknown catalogue category ${id}`);
  return c;
}

export interface Product {
  category: string;
  name: string;
  hsCode: string;
  hsChapter: string;
  /** MXN, a shelf price (ends in .00 or .90). */
  price: number;
  weightKg: number;
}

/** A priced instance of `spec`: price and weight inside the spec's ranges. */
export function priced(category: Category, spec: ProductSpec, rng: Rng): Product {
  const v = rng.pick(category.variants);
  // Prices skew to the low end of the range (more cheap models than expensive ones).
  const u = rng.float() ** 1.6;
  const raw = spec.price[0] + u * (spec.price[1] - spec.price[0]);
  const price = Math.max(spec.price[0], Math.floor(raw / 10) * 10 - (rng.chance(0.6) ? 0.1 : 0));
  const weightKg = Math.round((spec.weight[0] + rng.float() * (spec.weight[1] - spec.weight[0])) * 1000) / 1000;
  return {
    category: category.id,
    name: v ? `${spec.name} ${v}` : spec.name,
    hsCode: spec.hs,
    hsChapter: spec.hs.slice(0, 2),
    price: Math.round(price * 100) / 100,
    weightKg,
  };
}

/** A product a company of `sectorId` sells: mostly its main category, sometimes a neighbouring one. */
export function productFor(sectorId: string, rng: Rng): Product {
  const cats = sector(sectorId).categories;
  const cat = categoryById(rng.chance(0.75) ? cats[0] : rng.pick(cats));
  return priced(cat, rng.pick(cat.products), rng);
}
