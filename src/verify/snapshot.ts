/**
 * The schema snapshot of one database: what its migrations produce, committed as
 * `schema/<db>.json`. Plain data with a stable ordering (tables, constraints and indexes by
 * name; columns in table order), so that a change reads well in review.
 *
 * Monthly partitions made by `quenty-db partitions` are not part of it; the DEFAULT partition a
 * migration creates is.
 */
export const SNAPSHOT_FORMAT = 1;

export interface ColumnSnapshot {
  type: string;
  nullable: boolean;
  default: string | null;
  /** Column comments (the logical references to other databases carry one). */
  comment?: string;
  identity?: string;
  generated?: string;
}

export interface ConstraintSnapshot {
  type: 'primary' | 'unique' | 'check' | 'foreign' | 'exclusion' | 'trigger' | 'other';
  definition: string;
}

export interface IndexSnapshot {
  definition: string;
  unique: boolean;
  partial: boolean;
  method: string;
  /** Present (false) only for an index left invalid, e.g. by an interrupted CREATE INDEX CONCURRENTLY. */
  valid?: boolean;
}

export interface TableSnapshot {
  kind: 'table' | 'partitioned' | 'partition';
  /** Partitioned parents: `RANGE (created_at)`. */
  partitionKey?: string;
  /** A (DEFAULT) partition: its parent and bound. */
  partitionOf?: string;
  partitionBound?: string;
  comment?: string;
  columns: Record<string, ColumnSnapshot>;
  constraints: Record<string, ConstraintSnapshot>;
  indexes: Record<string, IndexSnapshot>;
}

export interface SchemaSnapshot {
  format: number;
  database: string;
  /** The migrations whose result this is, in order. */
  migrations: string[];
  tables: Record<string, TableSnapshot>;
}

const sortKeys = <T>(o: Record<string, T>): Record<string, T> =>
  Object.fromEntries(
    Object.keys(o)
      .sort()
      .map((k) => [k, o[k]]),
  );

/** Pure: the same snapshot with its canonical ordering (columns keep their table order). */
export function canonicalSnapshot(s: SchemaSnapshot): SchemaSnapshot {
  const tables: Record<string, TableSnapshot> = {};
  for (const name of Object.keys(s.tables).sort()) {
    const t = s.tables[name];
    const out: TableSnapshot = { kind: t.kind } as TableSnapshot;
    if (t.partitionKey !== undefined) out.partitionKey = t.partitionKey;
    if (t.partitionOf !== undefined) out.partitionOf = t.partitionOf;
    if (t.partitionBound !== undefined) out.partitionBound = t.partitionBound;
    if (t.comment !== undefined) out.comment = t.comment;
    out.columns = Object.fromEntries(
      Object.entries(t.columns).map(([k, c]) => {
        const col: ColumnSnapshot = { type: c.type, nullable: c.nullable, default: c.default };
        if (c.comment !== undefined) col.comment = c.comment;
        if (c.identity !== undefined) col.identity = c.identity;
        if (c.generated !== undefined) col.generated = c.generated;
        return [k, col];
      }),
    );
    out.constraints = sortKeys(Object.fromEntries(Object.entries(t.constraints).map(([k, c]) => [k, { type: c.type, definition: c.definition }])));
    out.indexes = sortKeys(
      Object.fromEntries(
        Object.entries(t.indexes).map(([k, i]) => {
          const ix: IndexSnapshot = { definition: i.definition, unique: i.unique, partial: i.partial, method: i.method };
          if (i.valid === false) ix.valid = false;
          return [k, ix];
        }),
      ),
    );
    tables[name] = out;
  }
  return { format: s.format, database: s.database, migrations: [...s.migrations], tables };
}

/** Pure: the text committed in `schema/<db>.json`. */
export function serializeSnapshot(s: SchemaSnapshot): string {
  return JSON.stringify(canonicalSnapshot(s), null, 2) + '\n';
}

export function parseSnapshot(text: string, source: string): SchemaSnapshot {
  const v = JSON.parse(text) as SchemaSnapshot;
  if (!v || typeof v !== 'object' || typeof v.tables !== 'object' || !Array.isArray(v.migrations)) {
    throw new Error(`${source} is not a schema snapshot`);
  }
  return v;
}
