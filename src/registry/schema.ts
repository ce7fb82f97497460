import { z } from 'zod';

/**
 * The registry: one declarative entry per database, under `databases/<name>/index.ts`.
 * Every engine (migrate, partitions, seed, audit, verify, backup, pgbouncer) reads it;
 * none repeats it. Adding a tenth database is a new folder under `databases/` and
 * `migrations/`, never an edit of `src/`.
 */

const ident = z
  .string()
  .regex(/^[a-z_][a-z0-9_]*$/, 'must be a lower-case SQL identifier (a-z, 0-9, _)')
  .max(63, 'PostgreSQL identifiers are at most 63 bytes');

/** Orphan thresholds of a reference check: `count` of orphan rows or `share` (0..1) of rows checked. */
export const ThresholdSchema = z
  .object({
    count: z.number().int().nonnegative().optional(),
    share: z.number().min(0).max(1).optional(),
  })
  .strict()
  .refine((t) => t.count !== undefined || t.share !== undefined, 'a threshold needs count or share');

export const ReferenceSchema = z
  .object({
    /** The child side: a column of a table of this database. */
    table: ident,
    column: ident,
    /** Whether the child column may be NULL (NULL is never an orphan). */
    nullable: z.boolean(),
    /** The parent side, in another database (by registry name). */
    parent: z.object({ database: ident, table: ident, column: ident }).strict(),
    /** Severity of orphans when no threshold says otherwise. */
    severity: z.enum(['error', 'warn']).default('error'),
    /** Orphans at or above this threshold are a warning. */
    warnIf: ThresholdSchema.optional(),
    /** Orphans at or above this threshold are an error. */
    errorIf: ThresholdSchema.optional(),
    /** Where the spec names this reference (document and section). */
    source: z.string().min(1),
    note: z.string().optional(),
  })
  .strict();

export const PartitionPolicySchema = z
  .object({
    table: ident,
    /** The partition key column. */
    column: ident,
    /** PostgreSQL type of the key: boundaries are written as dates or UTC timestamps. */
    columnType: z.enum(['timestamptz', 'date']),
    interval: z.literal('month').default('month'),
    /** Months to keep created ahead of the current month (UTC). */
    monthsAhead: z.number().int().min(0).max(120).default(4),
    /** Months of data to keep; older partitions are past retention. */
    retentionMonths: z.number().int().min(1).max(1200).default(24),
  })
  .strict();

/** A business rule inside one database: `sql` selects the offending rows. */
export const RuleSchema = z
  .object({
    name: z.string().regex(/^[a-z0-9_]+$/),
    description: z.string().min(1),
    sql: z.string().min(1),
    severity: z.enum(['error', 'warn']).default('error'),
    source: z.string().optional(),
  })
  .strict();

/**
 * A cross-database rule: each row of a child table (in this database) is paired with the row
 * its key names in a parent table of another database, and `violation` (SQL over `c.<column>`
 * and `p.<column>`) selects the offending pairs. The audit copies the parent's key and columns
 * to the child's server (or merges sorted streams), so the databases may live on separate servers.
 * A child row without a parent is not a violation here: the reference check reports it.
 */
export const CrossRuleSchema = z
  .object({
    name: z.string().regex(/^[a-z0-9_]+$/),
    description: z.string().min(1),
    child: z
      .object({
        /** The table whose rows are reported (samples show its primary key); aliased `c` in `join` and `columns`. */
        table: ident,
        /** Column of the child table naming the parent row. */
        key: ident,
        /**
         * Columns the violation needs, as `c.<name>`: a list of the table's column names, or
         * name -> SQL expression over `c` (the child table) and the aliases of `join`.
         */
        columns: z.union([z.array(ident).min(1), z.record(ident, z.string().min(1))]),
        /** Joins inside the child database (e.g. `JOIN pickups pu ON pu.id = c.pickup_id`). */
        join: z.string().min(1).optional(),
      })
      .strict(),
    parent: z
      .object({
        database: ident,
        table: ident,
        /** The parent column the child key names (unique in the parent). */
        key: ident,
        /** Parent columns the violation needs, as `p.<name>`. */
        columns: z.array(ident).min(1),
      })
      .strict(),
    /** SQL boolean over `c.<column>` and `p.<column>`: true for an offending pair. */
    violation: z.string().min(1),
    severity: z.enum(['error', 'warn']).default('error'),
    /** Offending rows at or above this threshold are a warning. */
    warnIf: ThresholdSchema.optional(),
    /** Offending rows at or above this threshold are an error. */
    errorIf: ThresholdSchema.optional(),
    source: z.string().optional(),
    note: z.string().optional(),
  })
  .strict();

export const SeedPlanSchema = z
  .object({
    /** Relative sizes: rows of each table per unit of scale. */
    tables: z.record(ident, z.number().nonnegative()),
    /** Reference tables of a fixed size, whatever the scale. */
    fixed: z.record(ident, z.number().int().nonnegative()).optional(),
    /** Load order (parents before children); tables not listed in `tables` or `fixed` derive their size in their generator. */
    order: z.array(ident).optional(),
  })
  .passthrough();

/**
 * A reference into this database declared on the parent's side: the child is a column of an
 * existing database (`database`), whose own entry stays untouched. The registry moves it to the
 * child's `references`, where every engine reads it.
 */
export const IncomingReferenceSchema = ReferenceSchema.omit({ parent: true })
  .extend({
    /** The child's database (by registry name). */
    database: ident,
    /** The parent side: a table and column of this database. */
    parent: z.object({ table: ident, column: ident }).strict(),
  })
  .strict();

export const DatabaseEntrySchema = z
  .object({
    name: ident,
    service: z.string().regex(/^[a-z][a-z0-9]*$/, 'a service role is lower-case letters and digits'),
    description: z.string().min(1),
    versionTable: ident.optional(),
    partitioned: z.array(PartitionPolicySchema).default([]),
    references: z.array(ReferenceSchema).default([]),
    /** References from other databases into this one, declared here (see IncomingReferenceSchema). */
    referencedBy: z.array(IncomingReferenceSchema).default([]),
    rules: z.array(RuleSchema).default([]),
    crossRules: z.array(CrossRuleSchema).default([]),
    seed: SeedPlanSchema.optional(),
  })
  .strict()
  .transform((e) => ({ ...e, versionTable: e.versionTable ?? `knex_migrations_${e.service}` }));

export type DatabaseEntryInput = z.input<typeof DatabaseEntrySchema>;
export type DatabaseEntry = z.output<typeof DatabaseEntrySchema>;
export type Reference = z.output<typeof ReferenceSchema>;
export type IncomingReference = z.output<typeof IncomingReferenceSchema>;
export type PartitionPolicy = z.output<typeof PartitionPolicySchema>;
export type Rule = z.output<typeof RuleSchema>;
export type CrossRule = z.output<typeof CrossRuleSchema>;
export type CrossRuleInput = z.input<typeof CrossRuleSchema>;
export type Threshold = z.output<typeof ThresholdSchema>;

/** Used by `databases/<name>/index.ts`: returns its input unchanged, typed. */
export function defineDatabase(entry: DatabaseEntryInput): DatabaseEntryInput {
  return entry;
}
