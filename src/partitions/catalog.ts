import type pg from 'pg';
import type { PartitionPolicy } from '../registry/schema';
import { quoteIdent } from '../db/targets';
import { QuentyError } from '../util/errors';
import { ExistingPartition, MonthCount, monthOfPartitionName, parseBound, parseMonth } from './plan';

/** Reads from pg_catalog what the planner needs. Every function takes a connected client. */

export interface ParentInfo {
  schema: string;
  table: string;
  /** `"schema"."table"` */
  qualified: string;
  owner: string;
  partitions: ExistingPartition[];
  /** Partitions whose DETACH ... CONCURRENTLY did not finish (PostgreSQL 14+). */
  detachPending: string[];
  defaultPartition?: string;
  /** Tables of the parent's schema named `<table>_YYYY_MM` that are not partitions of it. */
  detached: string[];
}

export const qualify = (schema: string, name: string) => `${quoteIdent(schema)}.${quoteIdent(name)}`;

/**
 * Bounds are printed by pg_get_expr in the session's TimeZone; we set DateStyle ISO so that the
 * planner reads them, whatever the TimeZone (it reads the offset), and never change TimeZone.
 */
export async function prepareSession(client: pg.Client): Promise<void> {
  await client.query(`SET DateStyle = 'ISO, YMD'`);
}

export async function readParent(client: pg.Client, policy: PartitionPolicy, database: string): Promise<ParentInfo> {
  const rel = await client.query<{ oid: number; schema: string; relkind: string; owner: string }>(
    `SELECT c.oid::int AS oid, n.nspname AS schema, c.relkind::text AS relkind, pg_get_userbyid(c.relowner) AS owner
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE c.oid = to_regclass($1)`,
    [quoteIdent(policy.table)],
  );
  const r = rel.rows[0];
  if (!r) {
    throw new QuentyError('PARTITION', `${database}: table ${policy.table} does not exist`, {
      database,
      hint: `run \`quenty-db migrate latest --db ${database}\` first`,
    });
  }
  if (r.relkind !== 'p') {
    throw new QuentyError('PARTITION', `${database}: table ${policy.table} is not partitioned (the registry says it is, by ${policy.column})`, { database });
  }
  const parts = await client.query<{ name: string; bound: string; pending: boolean }>(
    `SELECT c.relname AS name, pg_get_expr(c.relpartbound, c.oid) AS bound, COALESCE(i.inhdetachpending, false) AS pending
       FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
      WHERE i.inhparent = $1
      ORDER BY c.relname`,
    [r.oid],
  );
  const partitions = parts.rows.map((p) => parseBound(p.name, p.bound));
  const others = await client.query<{ name: string }>(
    `SELECT c.relname AS name FROM pg_class c
      WHERE c.relnamespace = $1::regnamespace AND c.relkind IN ('r', 'p') AND NOT c.relispartition
        AND c.relname LIKE $2 ESCAPE '!'`,
    [r.schema, policy.table.replace(/[!_%]/g, (ch) => '!' + ch) + '!_%'],
  );
  return {
    schema: r.schema,
    table: policy.table,
    qualified: qualify(r.schema, policy.table),
    owner: r.owner,
    partitions,
    detachPending: parts.rows.filter((p) => p.pending).map((p) => p.name),
    defaultPartition: partitions.find((p) => p.isDefault)?.name,
    detached: others.rows
      .map((o) => o.name)
      .filter((n) => monthOfPartitionName(policy.table, n) !== undefined)
      .sort(),
  };
}

/** The key expression whose text is the UTC month of a row. */
export function monthKeyExpr(policy: PartitionPolicy): string {
  const col = quoteIdent(policy.column);
  return policy.columnType === 'date' ? `to_char(${col}, 'YYYY-MM')` : `to_char(${col} AT TIME ZONE 'UTC', 'YYYY-MM')`;
}

/** Rows of the DEFAULT partition per UTC month; `nullKey` counts rows with a NULL key. */
export async function readDefaultMonths(
  client: pg.Client,
  policy: PartitionPolicy,
  info: ParentInfo,
): Promise<{ months: MonthCount[]; total: number; nullKey: number }> {
  if (!info.defaultPartition) return { months: [], total: 0, nullKey: 0 };
  const res = await client.query<{ m: string | null; n: string }>(
    `SELECT ${monthKeyExpr(policy)} AS m, count(*) AS n FROM ${qualify(info.schema, info.defaultPartition)} GROUP BY 1 ORDER BY 1`,
  );
  let total = 0;
  let nullKey = 0;
  const months: MonthCount[] = [];
  for (const row of res.rows) {
    const n = Number(row.n);
    total += n;
    if (row.m === null) nullKey += n;
    else months.push({ month: parseMonth(row.m), rows: n });
  }
  return { months, total, nullKey };
}

/** Indexes of the parent that a partition lacks (PostgreSQL creates them on ATTACH; this checks). */
export async function missingIndexes(client: pg.Client, info: ParentInfo): Promise<Array<{ partition: string; index: string }>> {
  const res = await client.query<{ partition: string; index: string }>(
    `SELECT c.relname AS partition, pc.relname AS index
       FROM pg_index pi
       JOIN pg_class pc ON pc.oid = pi.indexrelid
       JOIN pg_inherits pinh ON pinh.inhparent = pi.indrelid
       JOIN pg_class c ON c.oid = pinh.inhrelid
      WHERE pi.indrelid = to_regclass($1)
        AND NOT EXISTS (
          SELECT 1 FROM pg_inherits ii JOIN pg_index ci ON ci.indexrelid = ii.inhrelid
           WHERE ii.inhparent = pi.indexrelid AND ci.indrelid = c.oid)
      ORDER BY 1, 2`,
    [info.qualified],
  );
  return res.rows;
}

/** Columns to copy when moving rows (not dropped, not generated), in order. */
export async function copyColumns(client: pg.Client, info: ParentInfo): Promise<string[]> {
  const res = await client.query<{ attname: string }>(
    `SELECT attname FROM pg_attribute
      WHERE attrelid = to_regclass($1) AND attnum > 0 AND NOT attisdropped AND attgenerated = ''
      ORDER BY attnum`,
    [info.qualified],
  );
  return res.rows.map((r) => r.attname);
}

export async function serverVersionNum(client: pg.Client): Promise<number> {
  const res = await client.query<{ v: string }>(`SELECT current_setting('server_version_num') AS v`);
  return Number(res.rows[0].v);
}
