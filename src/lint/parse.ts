import { loadModule, parseSync } from 'libpg-query';
import { splitStatements } from '../verify/sql';

/**
 * PostgreSQL's own parser (libpg_query compiled to WebAssembly, npm `libpg-query`: no native
 * build, no download) reads the SQL of migrations. Rules then look at parse trees, not at text:
 * a comment, a quoted name or an unusual spacing does not hide a statement.
 */
let ready: Promise<void> | undefined;
let loaded = false;
export async function loadParser(): Promise<void> {
  ready ??= loadModule().then(() => {
    loaded = true;
  });
  return ready;
}
export const parserLoaded = () => loaded;

/** A node of the parse tree: `{ IndexStmt: {...} }` and the like, as libpg_query prints it. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Node = any;

export interface ParsedStatement {
  /** The statement's text (one statement), whitespace collapsed. */
  sql: string;
  /** Its node type (`AlterTableStmt`) and body; undefined when it does not parse. */
  kind?: string;
  node?: Node;
  error?: string;
}

/** Splits and parses a script; a statement that does not parse is kept with its error. */
export function parseStatements(script: string): ParsedStatement[] {
  if (!loaded) throw new Error('the SQL parser is not loaded: await loadParser() first');
  const out: ParsedStatement[] = [];
  for (const sql of splitStatements(script)) {
    try {
      const tree = parseSync(sql) as { stmts?: Array<{ stmt: Record<string, Node> }> };
      for (const s of tree.stmts ?? []) {
        const kind = Object.keys(s.stmt)[0];
        out.push({ sql, kind, node: s.stmt[kind] });
      }
    } catch (e) {
      out.push({ sql, error: (e as Error).message });
    }
  }
  return out;
}

/** `public.orders` / `"Orders"` → the relation name as PostgreSQL stores it. */
export const relName = (rv: Node | undefined): string => (rv?.relname as string) ?? '';

/** The last name of a list of `String` nodes (`[{String:{sval:'pg_catalog'}},{String:{sval:'int4'}}]` → `int4`). */
export const lastName = (names: Node[] | undefined): string => {
  const n = names?.[names.length - 1];
  return (n?.String?.sval as string) ?? '';
};

const TYPE_NAMES: Record<string, string> = {
  int2: 'smallint',
  int4: 'integer',
  int8: 'bigint',
  float4: 'real',
  float8: 'double precision',
  bool: 'boolean',
  varchar: 'character varying',
  bpchar: 'character',
  timestamptz: 'timestamp with time zone',
  timestamp: 'timestamp without time zone',
  timetz: 'time with time zone',
  time: 'time without time zone',
};

/** A `TypeName` node as `format_type` would print it: `character varying(20)`, `numeric(14,2)`, `bigint`. */
export function formatTypeName(t: Node): string {
  const base = lastName(t?.names);
  const name = TYPE_NAMES[base] ?? base;
  const mods = (t?.typmods ?? []).map((m: Node) => m?.A_Const?.ival?.ival ?? m?.A_Const?.ival ?? '?').map((v: unknown) => (typeof v === 'object' ? 0 : v));
  const arr = t?.arrayBounds ? '[]' : '';
  return `${name}${mods.length ? `(${mods.join(',')})` : ''}${arr}`;
}

/** Every value of `key` anywhere under a node. */
export function collect(node: Node, key: string, out: Node[] = []): Node[] {
  if (Array.isArray(node)) for (const x of node) collect(x, key, out);
  else if (node && typeof node === 'object') {
    for (const [k, v] of Object.entries(node)) {
      if (k === key) out.push(v);
      collect(v, key, out);
    }
  }
  return out;
}

/** Whether a `DefElem` list (REINDEX/VACUUM options) has `name`. */
export const hasOption = (opts: Node[] | undefined, name: string) => (opts ?? []).some((o: Node) => o?.DefElem?.defname === name);
