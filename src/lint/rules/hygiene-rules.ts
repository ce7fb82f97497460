import type { Rule } from '../context';
/**
 * Pure: the identifiers of a statement's text longer than PostgreSQL's 63 bytes. Read from the
 * text, not the parse tree: the parser has already cut them to 63 bytes, as the server does.
 */
export function longIdentifiers(sql: string): string[] {
  const text = sql.replace(/'(?:[^']|'')*'/g, "''").replace(/\$([A-Za-z_]*)\$[\s\S]*?\$\1\$/g, "''");
  const out = new Set<string>();
  for (const m of text.matchAll(/"((?:[^"]|"")+)"|([\p{L}_][\p{L}\p{N}_$]*)/gu)) {
    const name = m[1] !== undefined ? m[1].replace(/""/g, '"') : m[2];
    if (Buffer.byteLength(name, 'utf8') > 63) out.add(name);
  }
  return [...out];
}

/** Hygiene: Q025 identifiers over 63 bytes, Q026 ADD VALUE without BEFORE/AFTER, Q027 BEGIN/COMMIT (Q024 is per migration, in the engine). */
export const hygieneRules: Rule = (s, ctx) => {
  for (const n of longIdentifiers(s.sql)) {
    ctx.add({ code: 'Q025', message: `identifier of ${Buffer.byteLength(n, 'utf8')} bytes is cut to 63: ${n}`, statement: s.sql });
  }
  if (s.kind === 'AlterEnumStmt' && s.node.newVal !== undefined && !s.node.oldVal && !s.node.newValNeighbor) {
    const type = (s.node.typeName ?? []).map((x: { String: { sval: string } }) => x.String.sval).join('.');
    ctx.add({ code: 'Q026', message: `adds '${s.node.newVal}' to enum ${type} without BEFORE/AFTER (it sorts last)`, statement: s.sql });
  }
  if (
    s.kind === 'TransactionStmt' &&
    ctx.kind === 'knex' &&
    /BEGIN|START|COMMIT|ROLLBACK|PREPARE/.test(String(s.node.kind)) &&
    !/SAVEPOINT/.test(String(s.node.kind))
  ) {
    ctx.add({
      code: 'Q027',
      message: `${String(s.node.kind).replace('TRANS_STMT_', '')} inside a migration: the engine owns the transaction`,
      statement: s.sql,
    });
  }
};
