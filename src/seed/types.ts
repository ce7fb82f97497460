import type { CopyValue } from './copy';
import type { Rng } from './prng';

export type Key = string | number;

/** One generator per table, in `seeds/<database>/<table>.ts` (default export). Pure. */
export interface TableGenerator {
  table: string;
  /** Columns written by COPY, in row order. `id` (when present) is the 1-based ordinal. */
  columns: string[];
  /** Rows of this table; default: the registry seed plan's share. Fan-out tables derive it. */
  count?(g: GenContext): number;
  /** Values of the columns other tables reference (registry references), by ordinal. */
  keys?: Record<string, (g: GenContext, ordinal: number) => Key>;
  /** The row of `ordinal` (0-based), or null to leave that ordinal out. */
  row(g: GenContext, ordinal: number, rng: Rng): Record<string, CopyValue> | null;
}

export interface GenContext {
  readonly seed: number;
  readonly database: string;
  readonly table: string;
  /** The anchor "now" of the data set (timestamps lie in the 18 months before it). */
  readonly now: Date;
  /** Rows of a table (this database unless `database` is given). */
  count(table: string, database?: string): number;
  /** The context of another table (to recompute correlated values of its rows). */
  other(table: string, database?: string): GenContext;
  /** An independent stream for (this table, tag, ordinal). */
  rng(ordinal: number, tag?: string): Rng;
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
