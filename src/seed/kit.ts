/** What generators in seeds/ import: one place, so their imports stay short. */
export * from './mx';
export * from './fanout';
export * from './finance';
export { fakerPool, streetNamePool } from './pools';
export { Rng, rowRng, ordinalUuid, hashString, mix } from './prng';
export type { GenContext, TableGenerator, Key } from './types';
import type { TableGenerator } from './types';

export function defineTable(g: TableGenerator): TableGenerator {
  return g;
}

export const addDays = (d: Date, days: number) => new Date(d.getTime() + days * 86_400_000);
export const addMinutes = (d: Date, m: number) => new Date(d.getTime() + m * 60_000);
export const pad = (n: number, w: number) => String(n).padStart(w, '0');
export const hhmm = (minutes: number) => `${pad(Math.floor(minutes / 60), 2)}:${pad(minutes % 60, 2)}:00`;
export { monthStart, MONTHS_OF_DATA } from './context';
