/**
 * migrate lint: risky changes in migrations not yet applied anywhere. Each finding has a stable
 * code (the rule table is `catalog.ts`: title, why, safe alternative) and can be acknowledged
 * in the migration itself with a comment naming the code and why:
 *
 *   // quenty-lint-ignore Q002: the column was unused since release 41 (ticket OPS-12)
 *
 * The SQL is what the migration's `up` would run (captured without a server by migrate's
 * recording knex), so builder calls and `knex.raw` are read alike, and PostgreSQL's own parser
 * reads it. One file per rule family under `rules/`.
 */
export * from './catalog';
export * from './engine';
export * from './sets';
export { normalizeType, typeChangeKeepsData } from './types';
export { loadParser, parseStatements } from './parse';
export type { LiveSchema } from './context';
