import type { Node, ParsedStatement } from './parse';

/** What a live database tells the rules (read by `pendingSets` when a server is configured). */
export interface LiveSchema {
  /** `table.column` → `format_type`. */
  columnTypes: Map<string, string>;
  /** Table → rows (the planner's estimate; exact when small). 0 means empty: no size finding. */
  rows?: Map<string, number>;
  /** Partitioned parents. */
  partitioned?: Set<string>;
  /** Parent → its DEFAULT partition, and the rows in it. */
  defaultPartitions?: Map<string, { table: string; rows: number }>;
  /** `table.column` proven NOT NULL by a validated CHECK (col IS NOT NULL). */
  notNullChecks?: Set<string>;
  /** Tables with a validated CHECK that bounds a value (`>=` / `<`): an ATTACH PARTITION can skip its scan. */
  rangeCheckedTables?: Set<string>;
  /** Names of the volatile functions on the server (pg_proc.provolatile = 'v'). */
  volatileFunctions?: Set<string>;
  serverVersionNum?: number;
}

/** What the schema snapshot (`schema/<db>.json`) tells the rules without a server. */
export interface KnownSchema {
  partitioned: Set<string>;
  defaultPartitions: Map<string, string>;
}

export interface RuleFinding {
  code: string;
  message: string;
  statement: string;
  hint?: string;
  /** The table the finding is about (to match a lock trace). */
  table?: string;
}

/** State of one linted set, carried from migration to migration. */
export interface SetState {
  /** Tables created earlier in the set being linted (they do not exist yet where it runs). */
  newTables: Set<string>;
  referenced: Set<string>;
  partitioned: Set<string>;
  defaultPartitions: Map<string, string>;
  /** `table.column` with a CHECK (col IS NOT NULL) validated in an earlier migration of the set. */
  notNullChecks: Set<string>;
  /** Tables given a validated CHECK earlier in the set (an ATTACH PARTITION of them can skip its scan). */
  checkedTables: Set<string>;
}

export interface RuleContext {
  state: SetState;
  live?: LiveSchema;
  /** Source kind: a Knex migration run by our engine, or a plain SQL file (psql). */
  kind: 'knex' | 'sql';
  /** Whether the current statement runs inside a transaction block. */
  inTransaction: boolean;
  /** Whether lock_timeout is in force (set by the engine, or by a SET earlier in the file). */
  lockTimeoutSet: boolean;
  /** Constraints added in this migration, NOT VALID, by name → `table.column` of a CHECK (col IS NOT NULL). */
  pendingNotNullChecks: Map<string, string>;
  /** `table.column` whose NOT NULL this migration dropped (Knex's `.alter()` drops it, then sets it again). */
  droppedNotNull: Set<string>;
  /** Whether a statement of this migration took a lock on an existing table. */
  lockedExisting: string | undefined;
  add(f: RuleFinding): void;
}

export type Rule = (s: ParsedStatement & { node: Node; kind: string }, ctx: RuleContext) => void;

/** Whether a table exists where the migration runs (not created earlier in the set). */
export const existing = (ctx: RuleContext, table: string) => !ctx.state.newTables.has(table);
