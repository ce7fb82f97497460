import type pg from 'pg';
import { ConstraintSnapshot, SNAPSHOT_FORMAT, SchemaSnapshot, TableSnapshot } from './snapshot';

/**
 * Reads the schema of one live database from the catalog (schema `public`) into a snapshot.
 * Four catalog queries on one connection. Left out: the version table of the migration engine
 * and every partition of a partitioned table except the DEFAULT one (monthly partitions belong
 * to `quenty-db partitions`); their bounds are returned apart, for the months-ahead check.
 */
export interface Inspection {
  snapshot: SchemaSnapshot;
  /** Bounds of the partitions of each partitioned table (including those left out of the snapshot). */
  partitionBounds: Record<string, Array<{ name: string; bound: string }>>;
}

/** Scratch tables of a running `quenty-db audit` (dropped when it ends): not schema. */
export const TRANSIENT = /^quenty_audit_[ko]_\d+_[0-9a-f]+$/;

const CONTYPE: Record<string, ConstraintSnapshot['type']> = { p: 'primary', u: 'unique', c: 'check', f: 'foreign', x: 'exclusion', t: 'trigger' };

export async function inspectDatabase(
  client: pg.Client,
  opts: { database: string; exclude?: string[]; migrations?: string[]; serverDbName?: string },
): Promise<Inspection> {
  await client.query(`SET TimeZone = 'UTC'`);
  const rels = await client.query(`
    SELECT c.oid::int AS oid, c.relname, c.relkind, c.relispartition,
           CASE WHEN c.relkind = 'p' THEN pg_get_partkeydef(c.oid) END AS partkey,
           p.relname AS parent, pg_get_expr(c.relpartbound, c.oid) AS bound,
           obj_description(c.oid, 'pg_class') AS comment
      FROM pg_class c
      JOIN pg_namespace n ON n.oid = c.relnamespace
      LEFT JOIN pg_inherits i ON i.inhrelid = c.oid AND c.relispartition
      LEFT JOIN pg_class p ON p.oid = i.inhparent
     WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p')`);
  const exclude = new Set(opts.exclude ?? []);
  const kept = new Map<number, string>();
  const tables: Record<string, TableSnapshot> = {};
  const partitionBounds: Inspection['partitionBounds'] = {};
  for (const r of rels.rows) {
    if (exclude.has(r.relname) || TRANSIENT.test(r.relname)) continue;
    if (r.relispartition && r.parent) {
      (partitionBounds[r.parent] ??= []).push({ name: r.relname, bound: r.bound });
      if (r.bound !== 'DEFAULT') continue;
    }
    kept.set(r.oid, r.relname);
    const t: TableSnapshot = { kind: r.relkind === 'p' ? 'partitioned' : r.relispartition ? 'partition' : 'table', columns: {}, constraints: {}, indexes: {} };
    if (r.partkey) t.partitionKey = r.partkey;
    if (r.relispartition) {
      t.partitionOf = r.parent;
      t.partitionBound = r.bound;
    }
    if (r.comment !== null) t.comment = r.comment;
    tables[r.relname] = t;
  }
  const oids = [...kept.keys()];
  // One client runs one query at a time (pg deprecates queueing): in sequence.
  const cols = await client.query(
    `SELECT a.attrelid::int AS oid, a.attname, format_type(a.atttypid, a.atttypmod) AS type, a.attnotnull,
              pg_get_expr(d.adbin, d.adrelid) AS def, col_description(a.attrelid, a.attnum) AS comment,
              a.attidentity, a.attgenerated
         FROM pg_attribute a LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
        WHERE a.attrelid = ANY($1::oid[]) AND a.attnum > 0 AND NOT a.attisdropped
        ORDER BY a.attrelid, a.attnum`,
    [oids],
  );
  const cons = await client.query(
    `SELECT conrelid::int AS oid, conname, contype, pg_get_constraintdef(oid, true) AS def
         FROM pg_constraint WHERE conrelid = ANY($1::oid[])`,
    [oids],
  );
  const idx = await client.query(
    `SELECT x.indrelid::int AS oid, i.relname, pg_get_indexdef(x.indexrelid) AS def, x.indisunique, x.indpred IS NOT NULL AS partial,
              am.amname, x.indisvalid
         FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_am am ON am.oid = i.relam
        WHERE x.indrelid = ANY($1::oid[])`,
    [oids],
  );
  for (const c of cols.rows) {
    const t = tables[kept.get(c.oid)!];
    const col: TableSnapshot['columns'][string] = { type: c.type, nullable: !c.attnotnull, default: c.def };
    if (c.comment !== null) col.comment = c.comment;
    if (c.attidentity) col.identity = c.attidentity === 'a' ? 'always' : 'by default';
    if (c.attgenerated) col.generated = 'stored';
    t.columns[c.attname] = col;
  }
  for (const c of cons.rows) {
    tables[kept.get(c.oid)!].constraints[c.conname] = { type: CONTYPE[c.contype] ?? 'other', definition: c.def };
  }
  for (const i of idx.rows) {
    const ix: TableSnapshot['indexes'][string] = { definition: i.def, unique: i.indisunique, partial: i.partial, method: i.amname };
    if (!i.indisvalid) ix.valid = false;
    tables[kept.get(i.oid)!].indexes[i.relname] = ix;
  }
  const snapshot: SchemaSnapshot = { format: SNAPSHOT_FORMAT, database: opts.database, migrations: opts.migrations ?? [], tables };
  return { snapshot: normalizeNames(snapshot, opts.serverDbName, opts.database), partitionBounds };
}

/**
 * Pure: a snapshot never depends on the prefix of the copy it was read from: the name of the
 * database on the server (prefix + registry name) is written as its registry name.
 */
export function normalizeNames(s: SchemaSnapshot, serverDbName: string | undefined, registryName: string): SchemaSnapshot {
  if (!serverDbName || serverDbName === registryName) return s;
  const re = new RegExp(`\\b${serverDbName.replace(/[^a-z0-9_]/gi, '\\$&')}\\b`, 'g');
  return JSON.parse(JSON.stringify(s), (_k, v) => (typeof v === 'string' ? v.replace(re, registryName) : v));
}
