/** What generators in seeds/ import: one place, so their imports stay short. */
export * from './mx';
export * from './fanout';
export * from './finance';
export { fakerPool, streetNamePool } from './pools';
export { personAt, emailDomain } from './names';
export { Rng, rowRng, ordinalUuid, hashString, mix } from './prng';
export type { GenContext, TableGenerator, Key, RowFacts, Place, FactsRegistry, Clock } from './types';
export { MX_TZ, cityTz, localMinute, buenFinDays } from './time';
export type { DayKind, HourProfile } from './time';
import type { MxCity, MxState } from './mx';
import type { Place } from './types';
import { cityTz } from './time';
import type { TableGenerator } from './types';

export function defineTable(g: TableGenerator): TableGenerator {
  return g;
}

export const addDays = (d: Date, days: number) => new Date(d.getTime() + days * 86_400_000);
export const addMinutes = (d: Date, m: number) => new Date(d.getTime() + m * 60_000);
export const pad = (n: number, w: number) => String(n).padStart(w, '0');
export const hhmm = (minutes: number) => `${pad(Math.floor(minutes / 60), 2)}:${pad(minutes % 60, 2)}:00`;
export { monthStart, MONTHS_OF_DATA } from './context';

/** The Place of a city of the bundled geography (its own zone when it carries one). */
export function placeOf(state: MxState & { code?: string }, city: MxCity & { tz?: string }, postalCode?: string): Place {
  return { state: state.name, city: city.name, lat: city.lat, lng: city.lng, tz: city.tz ?? cityTz(city.name, state.name), postalCode, stateCode: state.code };
}

export { haversineKm, ROAD_FACTOR, PICKUP_ZONES, PICKUP_METRO, addressAt, addressIn, cityByName, cityByWeight } from './geo';
export type { PickupZone, ZoneColonia, City, Colonia } from './geo';
/** The pickup zones of Valle de México (geo.ts PICKUP_ZONES), under their older name. */
export { PICKUP_ZONES as METRO_ZONES } from './geo';
/** The zone of Valle de México's local times (every pickup zone lies in it). */
export const METRO_TZ = 'America/Mexico_City';
