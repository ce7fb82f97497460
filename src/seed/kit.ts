/** What generators in seeds/ import: one place, so their imports stay short. */
export * from './mx';
export * from './fanout';
export * from './finance';
export { fakerPool, streetNamePool } from './pools';
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

/** Great-circle distance in km. */
export function haversineKm(a: { lat: number; lng: number }, b: { lat: number; lng: number }): number {
  const R = 6371.0088, rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad, dLng = (b.lng - a.lng) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLng / 2) ** 2;
  return 2 * R * Math.asin(Math.min(1, Math.sqrt(h)));
}
/** Road distance over straight-line distance in Mexican cities. */
export const ROAD_FACTOR = 1.3;
export { METRO_ZONES, METRO_TZ, metroPoint } from './metro';
export type { MetroZone, MetroColonia } from './metro';
