import type { DatabaseEntry, PartitionPolicy, Reference, Rule } from '../registry';
import type { ColumnSnapshot, IndexSnapshot, SchemaSnapshot, TableSnapshot } from '../verify/snapshot';

/**
 * The documentation model: pure data built from the schema snapshots (what the migrations
 * produce) and the registry. Every renderer (Markdown, HTML, Graphviz, the docs lint, the
 * audit's HTML report) reads this model; none reads a snapshot or the registry itself.
 * Everything is ordered (tables, columns in table order, keys by name) so that the output is
 * byte-identical for the same input.
 */

export interface ForeignKey {
  name: string;
  columns: string[];
  table: string;
  refColumns: string[];
  definition: string;
}

export interface CrossReference {
  /** Stable audit check id: `<db>.<table>.<column>-><parentDb>.<parentTable>.<parentColumn>`. */
  id: string;
  child: { database: string; table: string; column: string };
  parent: { database: string; table: string; column: string };
  nullable: boolean;
  severity: 'error' | 'warn';
  source: string;
  note?: string;
}

export interface RuleDoc {
  /** Audit check id: `<db>:<rule name>`. */
  id: string;
  name: string;
  description: string;
  severity: 'error' | 'warn';
  source?: string;
  /** The tables of this database its SQL reads, in order of appearance. */
  tables: string[];
}

export interface ColumnDoc extends ColumnSnapshot {
  name: string;
  primaryKey: boolean;
  /** Part of a single-column or multi-column UNIQUE constraint. */
  unique: boolean;
  /** In-database foreign key on this column alone or as part of a composite key. */
  foreignKey?: { table: string; column: string };
  /** Logical reference to another database held by this column. */
  reference?: CrossReference;
}

export interface TableDoc {
  name: string;
  kind: TableSnapshot['kind'];
  comment?: string;
  columns: ColumnDoc[];
  primaryKey?: { name: string; columns: string[] };
  uniques: Array<{ name: string; columns: string[]; definition: string }>;
  foreignKeys: ForeignKey[];
  /** In-database foreign keys of other tables pointing here. */
  referencedBy: Array<{ table: string; columns: string[]; refColumns: string[]; name: string }>;
  checks: Array<{ name: string; definition: string }>;
  indexes: Array<IndexSnapshot & { name: string }>;
  partitionKey?: string;
  partitionPolicy?: PartitionPolicy;
  /** DEFAULT (and other) partitions the migrations create, by name. */
  partitions: Array<{ name: string; bound?: string }>;
  outgoing: CrossReference[];
  incoming: CrossReference[];
  rules: RuleDoc[];
  /** Live size, when a server was asked. */
  size?: TableSize;
}

export interface TableSize {
  rows: number;
  bytes: number;
}

export interface DatabaseDoc {
  name: string;
  service: string;
  description: string;
  versionTable: string;
  migrations: string[];
  /** Tables and partitioned parents (DEFAULT partitions are listed under their parent). */
  tables: TableDoc[];
  outgoing: CrossReference[];
  incoming: CrossReference[];
  rules: RuleDoc[];
}

export interface DocsModel {
  databases: DatabaseDoc[];
  references: CrossReference[];
  /** Present when sizes were read from a server. */
  sized: boolean;
}

export type SizeMap = Record<string, Record<string, TableSize>>;

export const referenceId = (database: string, r: Pick<Reference, 'table' | 'column' | 'parent'>): string =>
  `${database}.${r.table}.${r.column}->${r.parent.database}.${r.parent.table}.${r.parent.column}`;

const splitCols = (s: string) => s.split(',').map((c) => c.trim().replace(/^"|"$/g, '')).filter(Boolean);

/** Pure: `FOREIGN KEY (a, b) REFERENCES t(x, y) ON DELETE CASCADE` → its parts. */
export function parseForeignKey(name: string, definition: string): ForeignKey | undefined {
  const m = /^FOREIGN KEY \(([^)]*)\) REFERENCES ((?:"[^"]+"|[\w$]+)(?:\.(?:"[^"]+"|[\w$]+))?)\(([^)]*)\)/i.exec(definition);
  if (!m) return undefined;
  const table = m[2].split('.').pop()!.replace(/^"|"$/g, '');
  return { name, columns: splitCols(m[1]), table, refColumns: splitCols(m[3]), definition };
}

/** Pure: the columns of `PRIMARY KEY (a, b)` / `UNIQUE (a)`. */
export function keyColumns(definition: string): string[] {
  const m = /\(([^)]*)\)/.exec(definition);
  return m ? splitCols(m[1]) : [];
}

/** Pure: the leading column list of an index definition (`CREATE INDEX … USING btree (a, b DESC)`), expressions as written. */
export function indexColumns(definition: string): string[] {
  const m = /USING \w+ \((.*)\)(?: INCLUDE| WHERE|$)/.exec(definition) ?? /USING \w+ \((.*)\)/.exec(definition);
  if (!m) return [];
  const parts: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of m[1]) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      parts.push(cur.trim());
      cur = '';
    } else cur += ch;
  }
  if (cur.trim()) parts.push(cur.trim());
  return parts.map((p) => p.replace(/\s+(ASC|DESC|NULLS (FIRST|LAST))\b.*$/i, '').replace(/^"|"$/g, ''));
}

/**
 * Pure: the tables of `tableNames` a rule's SQL reads (after FROM or JOIN, and in comma-separated
 * FROM lists), in order of first appearance.
 */
export function tablesInSql(sql: string, tableNames: Iterable<string>): string[] {
  const known = new Set(tableNames);
  const out: string[] = [];
  const add = (t: string) => {
    const name = t.replace(/^public\./i, '').replace(/"/g, '').toLowerCase();
    if (known.has(name) && !out.includes(name)) out.push(name);
  };
  const re = /\b(?:FROM|JOIN)\s+((?:[\w."]+)(?:\s+(?:AS\s+)?\w+)?(?:\s*,\s*[\w."]+(?:\s+(?:AS\s+)?\w+)?)*)/gi;
  for (let m = re.exec(sql); m; m = re.exec(sql)) {
    for (const item of m[1].split(',')) add(item.trim().split(/\s+/)[0]);
  }
  return out;
}

function ruleDoc(database: string, r: Rule, tableNames: string[]): RuleDoc {
  return {
    id: `${database}:${r.name}`,
    name: r.name,
    description: r.description,
    severity: r.severity,
    ...(r.source ? { source: r.source } : {}),
    tables: tablesInSql(r.sql, tableNames),
  };
}

const byName = <T extends { name: string }>(a: T, b: T) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
const byId = (a: CrossReference, b: CrossReference) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/**
 * Pure: the documentation model of the fleet. `entries` come from the registry (in registry
 * order), `snapshots` are the schemas the migrations produce (one per entry, matched by name).
 */
export function buildModel(entries: readonly DatabaseEntry[], snapshots: readonly SchemaSnapshot[], sizes?: SizeMap): DocsModel {
  const snapBy = new Map(snapshots.map((s) => [s.database, s]));
  const references: CrossReference[] = [];
  for (const d of entries) {
    for (const r of d.references) {
      references.push({
        id: referenceId(d.name, r),
        child: { database: d.name, table: r.table, column: r.column },
        parent: { ...r.parent },
        nullable: r.nullable,
        severity: r.severity,
        source: r.source,
        ...(r.note ? { note: r.note } : {}),
      });
    }
  }
  references.sort(byId);
  const databases = entries
    .filter((d) => snapBy.has(d.name))
    .map((d): DatabaseDoc => {
      const snap = snapBy.get(d.name)!;
      const names = Object.keys(snap.tables).sort();
      const visible = names.filter((n) => snap.tables[n].kind !== 'partition');
      const rules = d.rules.map((r) => ruleDoc(d.name, r, visible)).sort(byName);
      const outgoing = references.filter((r) => r.child.database === d.name);
      const incoming = references.filter((r) => r.parent.database === d.name);
      const tables = visible.map((name) => tableDoc(name, snap, d, outgoing, incoming, rules, sizes?.[d.name]?.[name]));
      // In-database foreign keys, seen from the parent.
      for (const t of tables) {
        for (const fk of t.foreignKeys) {
          const parent = tables.find((p) => p.name === fk.table);
          if (parent) parent.referencedBy.push({ table: t.name, columns: fk.columns, refColumns: fk.refColumns, name: fk.name });
        }
      }
      for (const t of tables) t.referencedBy.sort((a, b) => (a.table + a.name < b.table + b.name ? -1 : 1));
      return {
        name: d.name,
        service: d.service,
        description: d.description,
        versionTable: d.versionTable,
        migrations: [...snap.migrations],
        tables,
        outgoing,
        incoming,
        rules,
      };
    });
  return { databases, references, sized: !!sizes };
}

function tableDoc(
  name: string,
  snap: SchemaSnapshot,
  entry: DatabaseEntry,
  outgoing: CrossReference[],
  incoming: CrossReference[],
  rules: RuleDoc[],
  size: TableSize | undefined,
): TableDoc {
  const t = snap.tables[name];
  const cons = Object.entries(t.constraints).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const pk = cons.find(([, c]) => c.type === 'primary');
  const uniques = cons.filter(([, c]) => c.type === 'unique').map(([n, c]) => ({ name: n, columns: keyColumns(c.definition), definition: c.definition }));
  // A unique index on plain columns (not partial, not an expression) is a unique key too, unless a constraint already is.
  for (const [n, i] of Object.entries(t.indexes).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (!i.unique || i.partial || cons.some(([cn]) => cn === n)) continue;
    const columns = indexColumns(i.definition);
    if (columns.length && columns.every((c) => c in t.columns)) uniques.push({ name: n, columns, definition: `UNIQUE INDEX (${columns.join(', ')})` });
  }
  const foreignKeys = cons
    .filter(([, c]) => c.type === 'foreign')
    .map(([n, c]) => parseForeignKey(n, c.definition))
    .filter((f): f is ForeignKey => !!f);
  const checks = cons.filter(([, c]) => c.type === 'check').map(([n, c]) => ({ name: n, definition: c.definition }));
  const pkCols = pk ? keyColumns(pk[1].definition) : [];
  const uniqueCols = new Set(uniques.flatMap((u) => u.columns));
  const out = outgoing.filter((r) => r.child.table === name);
  const columns: ColumnDoc[] = Object.entries(t.columns).map(([cn, c]) => {
    const fk = foreignKeys.find((f) => f.columns.includes(cn));
    const ref = out.find((r) => r.child.column === cn);
    const col: ColumnDoc = { name: cn, ...c, primaryKey: pkCols.includes(cn), unique: uniqueCols.has(cn) };
    if (fk) col.foreignKey = { table: fk.table, column: fk.refColumns[fk.columns.indexOf(cn)] ?? fk.refColumns[0] };
    if (ref) col.reference = ref;
    return col;
  });
  const policy = entry.partitioned.find((p) => p.table === name);
  const partitions = Object.entries(snap.tables)
    .filter(([, p]) => p.kind === 'partition' && p.partitionOf === name)
    .map(([pn, p]) => ({ name: pn, ...(p.partitionBound ? { bound: p.partitionBound } : {}) }))
    .sort(byName);
  const doc: TableDoc = {
    name,
    kind: t.kind,
    columns,
    uniques,
    foreignKeys,
    referencedBy: [],
    checks,
    indexes: Object.entries(t.indexes)
      .map(([n, i]) => ({ name: n, ...i }))
      .sort(byName),
    partitions,
    outgoing: out,
    incoming: incoming.filter((r) => r.parent.table === name),
    rules: rules.filter((r) => r.tables.includes(name)),
  };
  if (t.comment !== undefined) doc.comment = t.comment;
  if (pk) doc.primaryKey = { name: pk[0], columns: pkCols };
  if (t.partitionKey) doc.partitionKey = t.partitionKey;
  if (policy) doc.partitionPolicy = policy;
  if (size) doc.size = size;
  return doc;
}

/** Pure: a short type for diagrams (`character varying(255)` → `varchar(255)`). */
export function shortType(type: string): string {
  return type
    .replace(/^character varying/, 'varchar')
    .replace(/^timestamp\((\d)\) with time zone|^timestamp with time zone/, 'timestamptz')
    .replace(/^timestamp without time zone/, 'timestamp')
    .replace(/^time without time zone/, 'time')
    .replace(/^double precision/, 'float8')
    .replace(/^character\(/, 'char(');
}
