import crypto from 'node:crypto';
import pg from 'pg';
import { quoteIdent } from '../db/targets';
import { QuentyError } from '../util/errors';

/** Catalog look-ups and scratch-table naming shared by the reference checks and the cross-database rules. */

export const APP = 'quenty-db audit';

export interface ColumnInfo {
  type: string;
  estimate: number;
  /** A NOT NULL constraint: the column holds no NULL to count. */
  notNull: boolean;
  /** pg_class.relkind of the table: 'r' for a plain table, 'p' partitioned, 'v' view... */
  relkind: string;
  /** A generated column (COPY cannot name one: it is read through a query). */
  generated: boolean;
  /** A valid, whole-table btree index leads with the column (values can be looked up one by one). */
  indexed: boolean;
}

export async function columnInfo(client: pg.Client, table: string, column: string, db: string): Promise<ColumnInfo> {
  const r = await client.query(
    `SELECT format_type(a.atttypid, NULL) AS type, a.attnotnull AS not_null, c.relkind::text AS relkind, a.attgenerated <> '' AS generated,
            EXISTS (SELECT 1 FROM pg_index x JOIN pg_class xc ON xc.oid = x.indexrelid JOIN pg_am am ON am.oid = xc.relam
                     WHERE x.indrelid = c.oid AND x.indkey[0] = a.attnum AND x.indisvalid AND x.indpred IS NULL AND am.amname = 'btree') AS indexed,
            CASE WHEN c.relkind = 'p' THEN
              (SELECT coalesce(sum(CASE WHEN ch.reltuples >= 0 THEN ch.reltuples ELSE pg_relation_size(ch.oid) / 100 END), 0)
                 FROM pg_inherits i JOIN pg_class ch ON ch.oid = i.inhrelid WHERE i.inhparent = c.oid)
            ELSE CASE WHEN c.reltuples >= 0 THEN c.reltuples ELSE pg_relation_size(c.oid) / 100 END END::float8 AS estimate
       FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid
      WHERE c.oid = to_regclass($1) AND a.attname = $2 AND a.attnum > 0 AND NOT a.attisdropped`,
    [quoteIdent(table), column],
  );
  if (!r.rows.length) {
    throw new QuentyError('USAGE', `${db}: column ${table}.${column} does not exist`, {
      database: db,
      hint: 'is the database migrated? (quenty-db migrate latest)',
    });
  }
  return {
    type: r.rows[0].type,
    estimate: Number(r.rows[0].estimate),
    notNull: r.rows[0].not_null === true,
    relkind: r.rows[0].relkind,
    generated: r.rows[0].generated === true,
    indexed: r.rows[0].indexed === true,
  };
}

export async function primaryKey(client: pg.Client, table: string): Promise<string[]> {
  const r = await client.query(
    `SELECT a.attname FROM pg_index i
       JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, ord) ON true
       JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
      WHERE i.indrelid = to_regclass($1) AND i.indisprimary ORDER BY k.ord`,
    [quoteIdent(table)],
  );
  return r.rows.map((x) => x.attname as string);
}

/** Scratch tables carry the backend pid of the session that made them, so leftovers of a killed run can be told apart. */
export function scratchName(kind: string, backendPid: number): string {
  return `quenty_audit_${kind}_${backendPid}_${crypto.randomBytes(4).toString('hex')}`;
}

/** Drops scratch tables left by audits whose session is gone (a killed run never reached its DROP). */
export async function dropStaleScratch(client: pg.Client): Promise<string[]> {
  const r = await client.query(
    `SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = current_schema() AND c.relkind = 'r' AND c.relname ~ '^quenty_audit_[ko]_[0-9]+_[0-9a-f]+$'
        AND substring(c.relname from '^quenty_audit_[ko]_([0-9]+)_')::int NOT IN (SELECT pid FROM pg_stat_activity WHERE pid IS NOT NULL)`,
  );
  const dropped: string[] = [];
  for (const row of r.rows) {
    await client.query(`DROP TABLE IF EXISTS ${quoteIdent(row.relname)}`).then(
      () => dropped.push(row.relname),
      () => undefined,
    );
  }
  return dropped;
}
