import type { Context } from '../db/targets';
import { withClient, quoteIdent } from '../db/targets';
import type { Reference } from '../registry';
import { QuentyError } from '../util/errors';
import { hashString, mix } from './prng';
import { assertNotProduction } from './guard';

/** One planted orphan: the row, the column, and the value that points nowhere. */
export interface PlantedOrphan {
  database: string;
  table: string;
  /** Primary key of the changed row. */
  primaryKey: { id: number };
  column: string;
  /** The bad value now in the column (a string for text columns, a number for integer ones). */
  value: string | number;
  /** The value it replaced. */
  previous: string | number | null;
  parent: { database: string; table: string; column: string };
}

export interface InjectOrphansOptions {
  count: number;
  seed?: number;
  /** Child databases to plant in (default: all); references are those they declare. */
  databases?: string[];
  force?: boolean;
}

/** Pure: how N orphans spread over the declared references (round robin, in a stable order). */
export function spreadOrphans(refs: Array<{ database: string; ref: Reference }>, count: number): Array<{ database: string; ref: Reference; n: number }> {
  const sorted = [...refs].sort((a, b) => `${a.database}.${a.ref.table}.${a.ref.column}`.localeCompare(`${b.database}.${b.ref.table}.${b.ref.column}`));
  const out = sorted.map((r) => ({ ...r, n: 0 }));
  for (let k = 0; k < count && out.length; k++) out[k % out.length].n++;
  return out.filter((o) => o.n > 0);
}

/**
 * Plants `count` references that point nowhere, spread over the references declared in the
 * registry, and returns exactly what it changed (for the audit's tests to assert on).
 * Bad values: `orphan-<seed>-<k>` in text columns, 2000000000 - k in integer columns: values no
 * parent row can have.
 */
/** Integer orphan values are 2,000,000,000 - k: at least this (no seeded key comes near). */
const ORPHAN_INT_FLOOR = 1_900_000_000;

/**
 * The text of orphan k: `orphan-<seed>-<k>`, or in a column too short for it (a currency code
 * in VARCHAR(10)) `~` and k in base 36, zero-padded to the column's length: `~` starts no seeded key.
 */
export function orphanText(seed: number, k: number, maxLength?: number | null): string {
  const long = `orphan-${seed}-${k}`;
  if (!maxLength || long.length <= maxLength) return long;
  const short = k.toString(36).padStart(maxLength - 1, '0');
  if (short.length > maxLength - 1)
    throw new QuentyError('USAGE', `a column of ${maxLength} character(s) cannot hold orphan number ${k}`, { hint: 'plant fewer orphans' });
  return `~${short}`;
}

export async function injectOrphans(ctx: Context, opts: InjectOrphansOptions): Promise<PlantedOrphan[]> {
  if (!Number.isInteger(opts.count) || opts.count < 0) throw new QuentyError('USAGE', `orphan count must be a whole number ≥ 0`);
  const targets = ctx.select(opts.databases);
  assertNotProduction(ctx, targets, opts.force);
  const seed = opts.seed ?? 42;
  // A child column that is itself a parent key (customer users' unique_id) is left alone:
  // changing it would orphan its own children as well, and the planted set would not be exact.
  const parentKeys = new Set(ctx.registry.databases.flatMap((d) => d.references.map((r) => `${r.parent.database}.${r.parent.table}.${r.parent.column}`)));
  const refs = targets.flatMap((t) =>
    t.entry.references.filter((ref) => !parentKeys.has(`${t.name}.${ref.table}.${ref.column}`)).map((ref) => ({ database: t.name, ref })),
  );
  if (opts.count > 0 && refs.length === 0) throw new QuentyError('USAGE', 'the selected databases declare no references to plant orphans in');
  const plan = spreadOrphans(refs, opts.count);
  const planted: PlantedOrphan[] = [];
  let k = 0;
  for (const { database, ref, n } of plan) {
    const target = ctx.target(database);
    await withClient(target.url, database, async (client) => {
      const type = await client.query(
        `SELECT data_type, character_maximum_length AS max FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = $1 AND column_name = $2`,
        [ref.table, ref.column],
      );
      if (!type.rows.length) throw new QuentyError('REGISTRY', `${database}.${ref.table}.${ref.column} does not exist`);
      const integer = /int/.test(type.rows[0].data_type);
      const maxLength: number | null = type.rows[0].max;
      const t = quoteIdent(ref.table),
        c = quoteIdent(ref.column);
      // Rows already holding a planted value (an earlier run) are left out: planting there again
      // would change nothing (previous == value) and report an orphan that was already there.
      const candidates = `${c} IS NOT NULL AND ${integer ? `${c} < ${ORPHAN_INT_FLOOR}` : `${c}::text NOT LIKE 'orphan-%' AND ${c}::text NOT LIKE '~%'`}`;
      const total = Number((await client.query(`SELECT count(*)::bigint AS n FROM ${t} WHERE ${candidates}`)).rows[0].n);
      if (total < n)
        throw new QuentyError(
          'USAGE',
          `${database}.${ref.table} has ${total} row(s) with ${ref.column} set (and not yet an orphan); cannot plant ${n} orphan(s) there`,
          { hint: 'seed more rows or plant fewer orphans' },
        );
      const offset = mix(hashString(`${database}.${ref.table}.${ref.column}`, seed), 0) % Math.max(1, total - n + 1);
      const rows = await client.query(`SELECT id, ${c} AS v FROM ${t} WHERE ${candidates} ORDER BY id OFFSET $1 LIMIT $2`, [offset, n]);
      for (const row of rows.rows) {
        const value = integer ? 2_000_000_000 - k : orphanText(seed, k, maxLength);
        k++;
        if (String(row.v) === String(value)) continue; // cannot happen given the filter; never report a no-op
        await client.query(`UPDATE ${t} SET ${c} = $1 WHERE id = $2`, [value, row.id]);
        planted.push({ database, table: ref.table, primaryKey: { id: Number(row.id) }, column: ref.column, value, previous: row.v, parent: { ...ref.parent } });
      }
    });
  }
  return planted;
}
