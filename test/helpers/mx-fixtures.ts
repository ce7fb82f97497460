/**
 * Independent fixtures for the Mexican data tests, written out here (not taken from src/seed/mx.ts):
 * the SEPOMEX first two digits of each state's postal codes, and the LADA area codes of the cities we use.
 */
export const SEPOMEX: Record<string, string> = {
  'Ciudad de México': '01-16', Aguascalientes: '20', 'Baja California': '21-22', 'Baja California Sur': '23', Campeche: '24', Coahuila: '25-27', Colima: '28',
  Chiapas: '29-30', Chihuahua: '31-33', Durango: '34-35', Guanajuato: '36-38', Guerrero: '39-41', Hidalgo: '42-43', Jalisco: '44-49', 'Estado de México': '50-57',
  Michoacán: '58-61', Morelos: '62', Nayarit: '63', 'Nuevo León': '64-67', Oaxaca: '68-71', Puebla: '72-75', Querétaro: '76', 'Quintana Roo': '77',
  'San Luis Potosí': '78-79', Sinaloa: '80-82', Sonora: '83-85', Tabasco: '86', Tamaulipas: '87-89', Tlaxcala: '90', Veracruz: '91-96', Yucatán: '97', Zacatecas: '98-99',
};
export const prefixMatchesState = (cp: string, state: string) => {
  const [lo, hi = lo] = (SEPOMEX[state] ?? '').split('-').map(Number);
  const p = Number(cp.slice(0, 2));
  return /^\d{5}$/.test(cp) && p >= lo && p <= hi;
};
export const LADA: Record<string, string> = {
  'Ciudad de México': '55', Naucalpan: '55', Ecatepec: '55', Guadalajara: '33', Zapopan: '33', Monterrey: '81', 'San Pedro Garza García': '81', Guadalupe: '81',
  Puebla: '222', Tehuacán: '238', Querétaro: '442', Mérida: '999', Tijuana: '664', Mexicali: '686', Ensenada: '646', 'La Paz': '612', 'Los Cabos': '624',
  Campeche: '981', 'Ciudad del Carmen': '938', Saltillo: '844', Torreón: '871', Colima: '312', Manzanillo: '314', 'Tuxtla Gutiérrez': '961', Tapachula: '962',
  Chihuahua: '614', 'Ciudad Juárez': '656', Durango: '618', León: '477', Guanajuato: '473', Irapuato: '462', Celaya: '461', Acapulco: '744', Chilpancingo: '747',
  Pachuca: '771', 'Puerto Vallarta': '322', Toluca: '722', Morelia: '443', Uruapan: '452', Cuernavaca: '777', Tepic: '311', 'Oaxaca de Juárez': '951',
  Cancún: '998', Chetumal: '983', 'Playa del Carmen': '984', 'San Luis Potosí': '444', Culiacán: '667', Mazatlán: '669', Hermosillo: '662', 'Ciudad Obregón': '644',
  Villahermosa: '993', Reynosa: '899', Tampico: '833', 'Ciudad Victoria': '834', Tlaxcala: '246', Veracruz: '229', Xalapa: '228', Coatzacoalcos: '921',
  Aguascalientes: '449', Zacatecas: '492', Nezahualcóyotl: '55', Tlalnepantla: '55', Tlaquepaque: '33', 'San Nicolás de los Garza': '81', Apodaca: '81',
  Nogales: '631', Matamoros: '868', 'Nuevo Laredo': '867', 'Los Mochis': '668',
};

/**
 * Municipalities of Valle de México and the first three digits of their postal codes (SEPOMEX),
 * written here from the postal catalogue, independently of src/seed/geo-data.ts.
 */
export const METRO_CP: Record<string, { state: string; from: number; to: number }> = {
  'Ciudad de México': { state: 'Ciudad de México', from: 1000, to: 16999 },
  Naucalpan: { state: 'Estado de México', from: 53000, to: 53999 },
  Tlalnepantla: { state: 'Estado de México', from: 54000, to: 54199 },
  Ecatepec: { state: 'Estado de México', from: 55000, to: 55549 },
  Nezahualcóyotl: { state: 'Estado de México', from: 57000, to: 57999 },
};
/** A few well-known postal codes and their colonia (SEPOMEX). */
export const KNOWN_CP: Record<string, string> = {
  '06700': 'Roma Norte', '06140': 'Condesa', '11560': 'Polanco V Sección', '03100': 'Del Valle Centro', '04000': 'Villa Coyoacán', '53100': 'Ciudad Satélite',
};
/** City centres (degrees, WGS84, from the municipalities' published coordinates; ± 0.05°). */
export const CITY_CENTRE: Record<string, { lat: number; lng: number }> = {
  'Ciudad de México': { lat: 19.43, lng: -99.13 }, Naucalpan: { lat: 19.48, lng: -99.24 }, Tlalnepantla: { lat: 19.54, lng: -99.19 }, Ecatepec: { lat: 19.60, lng: -99.05 },
  Nezahualcóyotl: { lat: 19.40, lng: -99.01 }, Guadalajara: { lat: 20.67, lng: -103.35 }, Monterrey: { lat: 25.69, lng: -100.32 }, Tijuana: { lat: 32.53, lng: -117.04 },
  Cancún: { lat: 21.16, lng: -86.85 }, Hermosillo: { lat: 29.07, lng: -110.96 }, Mérida: { lat: 20.97, lng: -89.62 }, Puebla: { lat: 19.04, lng: -98.21 },
};
/** IANA zones of the cities whose clocks differ from Mexico City's, and a few that follow it. */
export const CITY_TZ: Record<string, string> = {
  Tijuana: 'America/Tijuana', Mexicali: 'America/Tijuana', Ensenada: 'America/Tijuana', Hermosillo: 'America/Hermosillo', 'Ciudad Obregón': 'America/Hermosillo',
  Nogales: 'America/Hermosillo', Cancún: 'America/Cancun', Chetumal: 'America/Cancun', 'Playa del Carmen': 'America/Cancun', Mazatlán: 'America/Mazatlan',
  Culiacán: 'America/Mazatlan', 'La Paz': 'America/Mazatlan', 'Los Cabos': 'America/Mazatlan', Tepic: 'America/Mazatlan', 'Ciudad Juárez': 'America/Ciudad_Juarez',
  Matamoros: 'America/Matamoros', Reynosa: 'America/Matamoros', 'Ciudad de México': 'America/Mexico_City', Puebla: 'America/Mexico_City', Guadalajara: 'America/Mexico_City',
};
/** UTC offsets in hours on 2026-01-15 and 2026-07-15 (winter, summer) of those zones. */
export const TZ_OFFSETS: Record<string, [number, number]> = {
  'America/Tijuana': [-8, -7], 'America/Hermosillo': [-7, -7], 'America/Cancun': [-5, -5], 'America/Mazatlan': [-7, -7], 'America/Ciudad_Juarez': [-7, -6],
  'America/Matamoros': [-6, -5], 'America/Mexico_City': [-6, -6],
};

/** INEGI codes of the 32 federal entities (Marco Geoestadístico, clave de entidad), written out here. */
export const INEGI: Record<string, string> = {
  Aguascalientes: '01', 'Baja California': '02', 'Baja California Sur': '03', Campeche: '04', Coahuila: '05', Colima: '06', Chiapas: '07', Chihuahua: '08',
  'Ciudad de México': '09', Durango: '10', Guanajuato: '11', Guerrero: '12', Hidalgo: '13', Jalisco: '14', 'Estado de México': '15', Michoacán: '16',
  Morelos: '17', Nayarit: '18', 'Nuevo León': '19', Oaxaca: '20', Puebla: '21', Querétaro: '22', 'Quintana Roo': '23', 'San Luis Potosí': '24',
  Sinaloa: '25', Sonora: '26', Tabasco: '27', Tamaulipas: '28', Tlaxcala: '29', Veracruz: '30', Yucatán: '31', Zacatecas: '32',
};

/** HS 2022 chapters (first two digits) where the goods of each product category are classified. */
export const HS_CHAPTERS: Record<string, readonly string[]> = {
  Electrónica: ['85'], Cómputo: ['84', '85'], Ropa: ['61', '62'], Calzado: ['64'], 'Joyería y bisutería': ['71'],
  Alimentos: ['04', '09', '17', '18', '19', '20', '21'], Bebidas: ['22'], 'Belleza y cuidado personal': ['33', '34'],
  'Hogar y cocina': ['63', '69', '73', '76', '85'], Muebles: ['94'], 'Juguetes y juegos': ['95'], Deportes: ['42', '87', '95'],
  Papelería: ['42', '48', '84', '96'], Libros: ['49'], Autopartes: ['40', '84', '85', '87'], Herramientas: ['82', '84', '90'],
  Artesanías: ['42', '44', '62', '63', '65', '69', '95'], 'Farmacia y salud': ['21', '30', '63', '90'], Mascotas: ['23', '25', '42', '94'],
};
