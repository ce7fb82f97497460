import type { Knex } from 'knex';

/**
 * Helpers for migrations that run outside a transaction (`export const config = { transaction: false }`).
 *
 * `createIndexConcurrently` is safe to run again after a crash: an index left INVALID by an
 * interrupted CREATE INDEX CONCURRENTLY is dropped and rebuilt instead of being skipped by
 * IF NOT EXISTS. PostgreSQL cannot build an index concurrently on a partitioned parent; for
 * one, the index is created ON ONLY the parent, built concurrently on each partition and
 * attached, which leaves the parent index valid (and inherited by partitions made later).
 */
export interface ConcurrentIndex {
  name: string;
  table: string;
  /** What goes between `ON table` and the end: `(a, b DESC) INCLUDE (c) WHERE ...`, or `USING gin (tags)`. */
  definition: string;
  unique?: boolean;
}

const q = (s: string) => '"' + s.replace(/"/g, '""') + '"';

async function indexValidity(knex: Knex, name: string): Promise<boolean | undefined> {
  const r = await knex.raw(
    `SELECT i.indisvalid FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
      WHERE c.relname = ? AND c.relnamespace = 'public'::regnamespace`,
    [name],
  );
  return r.rows[0]?.indisvalid;
}

async function isPartitioned(knex: Knex, table: string): Promise<boolean> {
  const r = await knex.raw(`SELECT relkind FROM pg_class WHERE oid = to_regclass(?)`, [table]);
  return r.rows[0]?.relkind === 'p';
}

async function buildConcurrently(knex: Knex, name: string, table: string, definition: string, unique: boolean) {
  if ((await indexValidity(knex, name)) === false) await knex.raw(`DROP INDEX CONCURRENTLY IF EXISTS ${q(name)}`);
  await knex.raw(`CREATE ${unique ? 'UNIQUE ' : ''}INDEX CONCURRENTLY IF NOT EXISTS ${q(name)} ON ${q(table)} ${definition}`);
}

export function partitionIndexName(partition: string, index: string): string {
  const base = `${partition}_${index.replace(/^idx_/, '')}`;
  return base.length <= 63 ? base : base.slice(0, 54) + '_' + Buffer.from(base).toString('hex').slice(-8);
}

export async function createIndexConcurrently(knex: Knex, ix: ConcurrentIndex): Promise<void> {
  const unique = !!ix.unique;
  if (!(await isPartitioned(knex, ix.table))) {
    await buildConcurrently(knex, ix.name, ix.table, ix.definition, unique);
    return;
  }
  await knex.raw(`CREATE ${unique ? 'UNIQUE ' : ''}INDEX IF NOT EXISTS ${q(ix.name)} ON ONLY ${q(ix.table)} ${ix.definition}`);
  const parts = await knex.raw(`SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = to_regclass(?) ORDER BY 1`, [
    ix.table,
  ]);
  for (const { relname } of parts.rows as Array<{ relname: string }>) {
    // A partition may already carry an equivalent index attached to the parent's (made later
    // than the parent index): nothing to do for it.
    const attached = await knex.raw(
      `SELECT 1 FROM pg_inherits i JOIN pg_class ci ON ci.oid = i.inhrelid JOIN pg_index x ON x.indexrelid = ci.oid
        WHERE i.inhparent = to_regclass(?) AND x.indrelid = to_regclass(?)`,
      [ix.name, relname],
    );
    if (attached.rowCount) continue;
    const child = partitionIndexName(relname, ix.name);
    await buildConcurrently(knex, child, relname, ix.definition, unique);
    await knex.raw(`ALTER INDEX ${q(ix.name)} ATTACH PARTITION ${q(child)}`);
  }
}

export async function dropIndexConcurrently(knex: Knex, name: string): Promise<void> {
  const r = await knex.raw(`SELECT c.relkind FROM pg_class c WHERE c.relname = ? AND c.relnamespace = 'public'::regnamespace`, [name]);
  // A partitioned index cannot be dropped concurrently; dropping it drops its partitions' indexes.
  if (r.rows[0]?.relkind === 'I') await knex.raw(`DROP INDEX IF EXISTS ${q(name)}`);
  else await knex.raw(`DROP INDEX CONCURRENTLY IF EXISTS ${q(name)}`);
}
