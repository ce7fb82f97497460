import { Rng } from './prng';

/**
 * The metro area where Quenty runs its own pickups (Valle de México): its operating zones, each
 * a few alcaldías/municipios with their real colonias, postal codes and coordinates. Zones,
 * drivers, routes and pickups all lie here.
 */
export interface MetroColonia { name: string; cp: string; lat: number; lng: number }
export interface MetroZone { name: string; state: string; city: string; stateCode: string; center: { lat: number; lng: number }; colonias: MetroColonia[] }

const col = (name: string, cp: string, lat: number, lng: number): MetroColonia => ({ name, cp, lat, lng });

export const METRO_TZ = 'America/Mexico_City';
export const METRO_ZONES: MetroZone[] = [
  { name: 'Centro', state: 'Ciudad de México', city: 'Ciudad de México', stateCode: '09', center: { lat: 19.4326, lng: -99.1332 }, colonias: [
    col('Centro', '06000', 19.4326, -99.1332), col('Juárez', '06600', 19.4270, -99.1610), col('Roma Norte', '06700', 19.4195, -99.1617), col('Condesa', '06140', 19.4120, -99.1740), col('Doctores', '06720', 19.4180, -99.1440), col('Guerrero', '06300', 19.4440, -99.1450) ] },
  { name: 'Poniente', state: 'Ciudad de México', city: 'Ciudad de México', stateCode: '09', center: { lat: 19.4200, lng: -99.2000 }, colonias: [
    col('Polanco', '11560', 19.4330, -99.1950), col('Anzures', '11590', 19.4290, -99.1800), col('Lomas de Chapultepec', '11000', 19.4240, -99.2170), col('San Miguel Chapultepec', '11850', 19.4130, -99.1850), col('Tacubaya', '11870', 19.4020, -99.1870), col('Escandón', '11800', 19.4030, -99.1790) ] },
  { name: 'Sur', state: 'Ciudad de México', city: 'Ciudad de México', stateCode: '09', center: { lat: 19.3550, lng: -99.1620 }, colonias: [
    col('Del Valle', '03100', 19.3850, -99.1650), col('Narvarte', '03020', 19.3920, -99.1530), col('Coyoacán Centro', '04000', 19.3500, -99.1620), col('Portales', '03300', 19.3680, -99.1470), col('Copilco', '04360', 19.3370, -99.1800), col('Tlalpan Centro', '14000', 19.2900, -99.1700) ] },
  { name: 'Norte', state: 'Ciudad de México', city: 'Ciudad de México', stateCode: '09', center: { lat: 19.4850, lng: -99.1200 }, colonias: [
    col('Lindavista', '07300', 19.4890, -99.1300), col('Industrial Vallejo', '02300', 19.4920, -99.1600), col('Azcapotzalco Centro', '02000', 19.4840, -99.1840), col('Tepeyac Insurgentes', '07020', 19.4850, -99.1180), col('San Juan de Aragón', '07950', 19.4630, -99.0820), col('Clavería', '02080', 19.4650, -99.1800) ] },
  { name: 'Oriente', state: 'Ciudad de México', city: 'Ciudad de México', stateCode: '09', center: { lat: 19.3700, lng: -99.0800 }, colonias: [
    col('Iztapalapa Centro', '09000', 19.3570, -99.0930), col('Santa Cruz Meyehualco', '09290', 19.3470, -99.0500), col('Agrícola Oriental', '08500', 19.3950, -99.0700), col('Granjas México', '08400', 19.3990, -99.1000), col('Iztacalco Centro', '08000', 19.3960, -99.0970), col('Jardín Balbuena', '15900', 19.4170, -99.1140) ] },
  { name: 'Naucalpan', state: 'Estado de México', city: 'Naucalpan', stateCode: '15', center: { lat: 19.4780, lng: -99.2390 }, colonias: [
    col('Ciudad Satélite', '53100', 19.5080, -99.2350), col('Naucalpan Centro', '53000', 19.4780, -99.2390), col('Lomas Verdes', '53120', 19.5100, -99.2600), col('San Bartolo Naucalpan', '53000', 19.4760, -99.2400), col('Echegaray', '53300', 19.4930, -99.2250) ] },
  { name: 'Ecatepec', state: 'Estado de México', city: 'Ecatepec', stateCode: '15', center: { lat: 19.6010, lng: -99.0500 }, colonias: [
    col('San Cristóbal Centro', '55000', 19.6010, -99.0500), col('Jardines de Morelos', '55070', 19.6160, -99.0230), col('Ciudad Azteca', '55120', 19.5360, -99.0290), col('Valle de Aragón', '55280', 19.5180, -99.0600), col('Las Américas', '55076', 19.6000, -99.0300) ] },
  { name: 'Nezahualcóyotl', state: 'Estado de México', city: 'Nezahualcóyotl', stateCode: '15', center: { lat: 19.4000, lng: -99.0150 }, colonias: [
    col('Benito Juárez', '57000', 19.4000, -99.0150), col('Metropolitana', '57730', 19.4100, -99.0000), col('Evolución', '57700', 19.4050, -99.0250), col('Agua Azul', '57500', 19.3930, -99.0200), col('Impulsora', '57130', 19.4460, -99.0500) ] },
];

/** A point of a colonia: its centre within ~600 m. */
export function metroPoint(rng: Rng, c: MetroColonia): { lat: number; lng: number } {
  return { lat: Math.round((c.lat + (rng.float() - 0.5) * 0.011) * 1e6) / 1e6, lng: Math.round((c.lng + (rng.float() - 0.5) * 0.011) * 1e6) / 1e6 };
}
