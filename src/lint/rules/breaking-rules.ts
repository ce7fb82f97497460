import type { Node } from '../parse';
import type { Rule } from '../context';
import { existing } from '../context';
import { relName } from '../parse';

const objectNames = (objects: Node[] | undefined): string[] =>
  (objects ?? []).map((o: Node) => (o.List?.items ?? []).map((i: Node) => i.String?.sval).pop() ?? o.String?.sval ?? '');

/** Breaking changes for running clients: Q001, Q002, Q004 (ADD COLUMN), Q006, Q016, Q017, Q018, Q019. */
export const breakingRules: Rule = (s, ctx) => {
  if (s.kind === 'DropStmt' && s.node.removeType === 'OBJECT_TABLE') {
    for (const t of objectNames(s.node.objects)) if (existing(ctx, t)) ctx.add({ code: 'Q001', message: `drops table ${t}`, statement: s.sql, table: t });
    return;
  }
  if (s.kind === 'DropdbStmt') {
    ctx.add({ code: 'Q018', message: `drops database ${s.node.dbname}`, statement: s.sql });
    return;
  }
  if (s.kind === 'TruncateStmt' && s.node.behavior === 'DROP_CASCADE') {
    const ts = (s.node.relations ?? []).map((r: Node) => relName(r.RangeVar));
    ctx.add({ code: 'Q019', message: `truncates ${ts.join(', ')} with CASCADE (and every table referencing them)`, statement: s.sql, table: ts[0] });
    return;
  }
  if (s.kind === 'RenameStmt') {
    const table = relName(s.node.relation);
    if (s.node.renameType === 'OBJECT_TABLE' && existing(ctx, table)) {
      ctx.add({ code: 'Q016', message: `renames table ${table} to ${s.node.newname}`, statement: s.sql, table });
    } else if (s.node.renameType === 'OBJECT_COLUMN' && s.node.relationType === 'OBJECT_TABLE') {
      const col = `${table}.${s.node.subname}`;
      if (ctx.state.referenced.has(col))
        ctx.add({ code: 'Q006', message: `renames ${col}, which is referenced (foreign key or cross-database reference)`, statement: s.sql, table });
      else if (existing(ctx, table)) ctx.add({ code: 'Q017', message: `renames column ${col} to ${s.node.newname}`, statement: s.sql, table });
    }
    return;
  }
  if (s.kind !== 'AlterTableStmt' || s.node.objtype !== 'OBJECT_TABLE') return;
  const table = relName(s.node.relation);
  if (!existing(ctx, table)) return;
  for (const cmd of (s.node.cmds ?? []).map((c: Node) => c.AlterTableCmd)) {
    if (cmd.subtype === 'AT_DropColumn') ctx.add({ code: 'Q002', message: `drops column ${table}.${cmd.name}`, statement: s.sql, table });
    if (cmd.subtype === 'AT_AddColumn') {
      const cons = (cmd.def.ColumnDef.constraints ?? []).map((c: Node) => c.Constraint.contype);
      if (cons.includes('CONSTR_NOTNULL') && !cons.some((c: string) => ['CONSTR_DEFAULT', 'CONSTR_IDENTITY', 'CONSTR_GENERATED'].includes(c))) {
        ctx.add({ code: 'Q004', message: `adds ${table}.${cmd.def.ColumnDef.colname} NOT NULL without a default`, statement: s.sql, table });
      }
    }
  }
};
