import type { Knex } from 'knex';

/**
 * Helpers for the migrations that put meaning into the catalog: `COMMENT ON TABLE/COLUMN` (what
 * a table holds, a column's unit, allowed values, range) and the CHECK constraints of rules the
 * spec states only in words, added `NOT VALID` (no scan under lock) and validated by a later
 * migration. Each migration keeps its own data (tables, columns, checks); only the SQL is here.
 */

/** table → comment, and table → column → comment. */
export interface CommentSet {
  tables: Record<string, string>;
  columns: Record<string, Record<string, string>>;
}

const ident = (s: string) => '"' + s.replace(/"/g, '""') + '"';
const literal = (s: string) => "'" + s.replace(/'/g, "''") + "'";

/** Pure: the COMMENT statements of a set (`clear`: the same objects set to NULL), tables first, in the set's order. */
export function commentStatements(set: CommentSet, clear = false): string[] {
  const out: string[] = [];
  for (const [table, text] of Object.entries(set.tables)) out.push(`COMMENT ON TABLE ${ident(table)} IS ${clear ? 'NULL' : literal(text)}`);
  for (const [table, cols] of Object.entries(set.columns)) {
    for (const [col, text] of Object.entries(cols)) out.push(`COMMENT ON COLUMN ${ident(table)}.${ident(col)} IS ${clear ? 'NULL' : literal(text)}`);
  }
  return out;
}

/** All the comments in one round trip (COMMENT takes no parameters: the text is a quoted literal). */
export async function setComments(knex: Knex, set: CommentSet): Promise<void> {
  await knex.raw(commentStatements(set).join(';\n'));
}

export async function clearComments(knex: Knex, set: CommentSet): Promise<void> {
  await knex.raw(commentStatements(set, true).join(';\n'));
}

export interface MeaningCheck {
  table: string;
  name: string;
  /** The boolean expression inside CHECK (…). */
  expression: string;
  /** Where the spec states the rule. */
  source: string;
}

/** ADD CONSTRAINT … CHECK (…) NOT VALID: new rows must satisfy it at once; existing rows are checked by `validateChecks` in a later migration. */
export async function addChecksNotValid(knex: Knex, checks: MeaningCheck[]): Promise<void> {
  for (const c of checks) await knex.raw(`ALTER TABLE ${ident(c.table)} ADD CONSTRAINT ${ident(c.name)} CHECK (${c.expression}) NOT VALID`);
}

/** VALIDATE CONSTRAINT: scans the rows under a SHARE UPDATE EXCLUSIVE lock (reads and writes go on). */
export async function validateChecks(knex: Knex, checks: MeaningCheck[]): Promise<void> {
  for (const c of checks) await knex.raw(`ALTER TABLE ${ident(c.table)} VALIDATE CONSTRAINT ${ident(c.name)}`);
}

export async function dropChecks(knex: Knex, checks: MeaningCheck[]): Promise<void> {
  for (const c of [...checks].reverse()) await knex.raw(`ALTER TABLE ${ident(c.table)} DROP CONSTRAINT IF EXISTS ${ident(c.name)}`);
}
