import type { CopyValue } from './copy';
import type { Rng } from './prng';
import type { DayKind, HourProfile } from './time';

export type Key = string | number;

/** Where a row happens: a city of the bundled geography, its coordinates and IANA zone. */
export interface Place {
  state: string;
  city: string;
  lat: number;
  lng: number;
  /** IANA time zone of the city (local times of events there). */
  tz: string;
  postalCode?: string;
  /** INEGI state code (2 digits). */
  stateCode?: string;
}

/**
 * What a row is, beyond its key: the facts children build on. A pure function of
 * (seed, table, ordinal), memoised per worker. Generators add their own fields by extending it
 * and registering the type in FactsRegistry (see below).
 */
export interface RowFacts {
  /** When the row came to be: sign-up, placement, creation, hiring, opening. */
  born: Date;
  /** Owner: ordinal of the customer's row in the customer service's users (the same ordinal in the auth service's users). */
  customer?: number;
  /** Owner: ordinal of the customer service's companies. */
  company?: number;
  place?: Place;
  status?: string;
  /** When each status (or milestone) was reached. */
  times?: Readonly<Partial<Record<string, Date>>>;
}

/**
 * The facts type of each table, `'<database>.<table>'` → type. A generator with richer facts
 * augments it: `declare module '../../src/seed/types' { interface FactsRegistry { '<db>.orders': OrderFacts } }`,
 * so that `g.facts('<db>', 'orders', i)` is typed without importing the generator.
 */

export interface FactsRegistry {}
export type FactsOf<K extends string> = K extends keyof FactsRegistry ? FactsRegistry[K] : RowFacts;

/** One generator per table, in `seeds/<database>/<table>.ts` (default export). Pure. */
export interface TableGenerator {
  table: string;
  /** Columns written by COPY, in row order. `id` (when present) is the 1-based ordinal. */
  columns: string[];
  /** Rows of this table; default: the registry seed plan's share. Fan-out tables derive it. */
  count?(g: GenContext): number;
  /**
   * Share of ordinals that yield a row (default: estimated from a sample of rows). A generator
   * whose rows are costly to sample (a summary over many facts) gives it.
   */
  kept?(g: GenContext): number;
  /** Values of the columns other tables reference (registry references), by ordinal. */
  keys?: Record<string, (g: GenContext, ordinal: number) => Key>;
  /** The facts of row `ordinal` other tables may ask for (through g.facts, never by import). */
  facts?(g: GenContext, ordinal: number): RowFacts;
  /**
   * Lookups by something other than the ordinal: `find[by](g, value, k)` is the ordinal of the
   * k-th row whose `by` is `value` (k taken modulo their number), or -1 when there is none.
   */
  find?: Record<string, (g: GenContext, value: Key, k: number) => number>;
  /** How many rows have `by` = `value` (those born before `before` when given): the range of find's k. */
  tally?: Record<string, (g: GenContext, value: Key, before?: Date) => number>;
  /** The row of `ordinal` (0-based), or null to leave that ordinal out. */
  row(g: GenContext, ordinal: number, rng: Rng): Record<string, CopyValue> | null;
}

/** The time model, shared by every table of a world (see time.ts). */
export interface Clock {
  /** First day (UTC midnight label) of the window and number of days up to the anchor. */
  readonly firstDay: Date;
  readonly days: number;
  /** Day index of stratified row `ordinal` of `n` on timeline `kind` (rows in day order by ordinal). */
  day(kind: DayKind, ordinal: number, n: number, rng: Rng): number;
  /** Instant of row `ordinal` of `n` on `kind`, at a local hour of `profile` in `tz` (default Mexico City). */
  at(kind: DayKind, ordinal: number, n: number, rng: Rng, tz?: string, profile?: HourProfile): Date;
  /** How many of n stratified rows of `kind` surely happened before `at` (a day of margin for zones). */
  countBefore(kind: DayKind, n: number, at: Date): number;
  /** The UTC instant of a local wall time: date label (UTC midnight of the local date) + minutes. */
  utc(tz: string, dayMs: number, minutes: number): Date;
  /** Local date label (UTC midnight ms) and minute of day of an instant in `tz`. */
  local(tz: string, at: Date): { dayMs: number; minutes: number };
  /**
   * An instant at least `minMinutes` and about `minMinutes..maxMinutes` after `from`, at a local
   * hour of `profile` (business profiles skip Sundays).
   */
  after(from: Date, minMinutes: number, maxMinutes: number, rng: Rng, tz?: string, profile?: HourProfile): Date;
}

export interface GenContext {
  readonly seed: number;
  readonly database: string;
  readonly table: string;
  /** The anchor "now" of the data set (timestamps lie in the 18 months before it). */
  readonly now: Date;
  readonly clock: Clock;
  /** Service names of the registry's databases (analytics reports per service). */
  readonly services: readonly string[];
  /** Rows of a table (this database unless `database` is given). */
  count(table: string, database?: string): number;
  /** The context of another table (to recompute correlated values of its rows). */
  other(table: string, database?: string): GenContext;
  /** An independent stream for (this table, tag, ordinal). */
  rng(ordinal: number, tag?: string): Rng;
  /** The facts of row `ordinal` of any table (memoised per worker). */
  facts<D extends string, T extends string>(database: D, table: T, ordinal: number): FactsOf<`${D}.${T}`>;
  /** The facts of the parent row a registry reference of this table picks for child `ordinal`. */
  parentFacts(column: string, childOrdinal: number): RowFacts;
  /** The ordinal of the k-th row of a table whose `by` is `value` (generator's `find`), or -1. */
  find(database: string, table: string, by: string, value: Key, k?: number): number;
  /** How many rows of a table have `by` = `value` (born before `before` when given). */
  tally(database: string, table: string, by: string, value: Key, before?: Date): number;
  /**
   * A value derived once from many facts (a summary: a driver's totals over all pickups), under a
   * key unique to the asking generator. Computed once for all generation threads and sent to the
   * others, so it must be plain data (maps, arrays, typed arrays) and never mutated after.
   */
  memo<T>(key: string, make: () => T): T;
  /** Parent ordinal of a registry reference of this table, picked uniformly by hash. */
  refOrdinal(column: string, ordinal: number): number;
  /** Value of a registry reference (this table's `column`) for child row `ordinal`. */
  ref(column: string, ordinal: number): Key;
  /** Value of a registry reference pointing at the parent row `parentOrdinal`. */
  refAt(column: string, parentOrdinal: number): Key;
  /** Key column value of row `ordinal` of any table. */
  key(database: string, table: string, column: string, ordinal: number): Key;
  /** A timestamp of row `ordinal` in the 18 months before `now`: ordinal % 18 picks the month. */
  time(ordinal: number, tag?: string): Date;
}
