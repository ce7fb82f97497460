import type { Node } from '../parse';
import type { Rule, RuleContext } from '../context';
import { existing } from '../context';
import { collect, relName } from '../parse';

/** The column `c` of a `CHECK (c IS NOT NULL)`, if the check is exactly that. */
export function notNullCheckColumn(expr: Node): string | undefined {
  const t = expr?.NullTest;
  if (!t || t.nulltesttype !== 'IS_NOT_NULL') return undefined;
  const f = t.arg?.ColumnRef?.fields;
  return f?.[f.length - 1]?.String?.sval;
}

function constraintChecks(table: string, c: Node, ctx: RuleContext, sql: string) {
  const notValid = !!c.skip_validation;
  if (c.contype === 'CONSTR_CHECK') {
    const col = notNullCheckColumn(c.raw_expr);
    if (col && c.conname) {
      if (notValid) ctx.pendingNotNullChecks.set(c.conname, `${table}.${col}`);
      else ctx.state.notNullChecks.add(`${table}.${col}`);
    }
    if (!notValid) ctx.state.checkedTables.add(table);
    if (!notValid)
      ctx.add({
        code: 'Q010',
        message: `adds CHECK ${c.conname ?? ''} on ${table} without NOT VALID (checks every row under ACCESS EXCLUSIVE)`.replace('  ', ' '),
        statement: sql,
        table,
      });
  } else if (c.contype === 'CONSTR_FOREIGN') {
    const parent = relName(c.pktable);
    if (!notValid) {
      ctx.add({
        code: 'Q011',
        message: `adds a foreign key from ${table} to ${parent} without NOT VALID (locks both tables and checks every row)`,
        statement: sql,
        table,
      });
    }
  } else if ((c.contype === 'CONSTR_UNIQUE' || c.contype === 'CONSTR_PRIMARY') && !c.indexname) {
    ctx.add({
      code: 'Q012',
      message: `adds ${c.contype === 'CONSTR_PRIMARY' ? 'PRIMARY KEY' : 'UNIQUE'} on ${table}, building its index under ACCESS EXCLUSIVE`,
      statement: sql,
      table,
    });
  }
}

/** Constraints: Q010 CHECK, Q011 FOREIGN KEY, Q012 UNIQUE/PRIMARY KEY, Q004 SET NOT NULL (with the CHECK that makes it safe). */
export const constraintRules: Rule = (s, ctx) => {
  if (s.kind !== 'AlterTableStmt' || s.node.objtype !== 'OBJECT_TABLE') return;
  const table = relName(s.node.relation);
  for (const cmd of (s.node.cmds ?? []).map((c: Node) => c.AlterTableCmd)) {
    if (cmd.subtype === 'AT_ValidateConstraint') {
      ctx.state.checkedTables.add(table);
      const col = ctx.pendingNotNullChecks.get(cmd.name);
      if (col) {
        // Validated in the same migration: the scan happens now (SHARE UPDATE EXCLUSIVE), and SET NOT NULL after it is free.
        ctx.state.notNullChecks.add(col);
        ctx.pendingNotNullChecks.delete(cmd.name);
      }
      continue;
    }
    if (cmd.subtype === 'AT_DropNotNull') {
      ctx.droppedNotNull.add(`${table}.${cmd.name}`);
      continue;
    }
    if (!existing(ctx, table)) {
      if (cmd.subtype === 'AT_AddConstraint' && cmd.def?.Constraint?.contype === 'CONSTR_CHECK') {
        if (!cmd.def.Constraint.skip_validation) ctx.state.checkedTables.add(table);
        const col = notNullCheckColumn(cmd.def.Constraint.raw_expr);
        if (col) ctx.state.notNullChecks.add(`${table}.${col}`);
      }
      continue;
    }
    if (cmd.subtype === 'AT_AddConstraint') constraintChecks(table, cmd.def.Constraint, ctx, s.sql);
    if (cmd.subtype === 'AT_AddColumn') {
      for (const c of collect(cmd.def, 'Constraint')) {
        if (c.contype === 'CONSTR_FOREIGN') {
          ctx.add({
            code: 'Q011',
            message: `adds a column with a foreign key from ${table} to ${relName(c.pktable)} (locks both tables)`,
            statement: s.sql,
            table,
          });
        } else if (c.contype === 'CONSTR_UNIQUE' || c.contype === 'CONSTR_PRIMARY') {
          ctx.add({
            code: 'Q012',
            message: `adds a ${c.contype === 'CONSTR_PRIMARY' ? 'PRIMARY KEY' : 'UNIQUE'} column to ${table}, building its index under ACCESS EXCLUSIVE`,
            statement: s.sql,
            table,
          });
        } else if (c.contype === 'CONSTR_CHECK' && !c.skip_validation) {
          ctx.add({ code: 'Q010', message: `adds a column with a CHECK to ${table} (checks every row under ACCESS EXCLUSIVE)`, statement: s.sql, table });
        }
      }
    }
    if (cmd.subtype === 'AT_SetNotNull') {
      const col = `${table}.${cmd.name}`;
      if (ctx.droppedNotNull.delete(col)) {
        ctx.add({
          code: 'Q004',
          message: `drops and sets again NOT NULL on ${col} (Knex's .alter() round trip): nothing changes if it was NOT NULL, but SET NOT NULL rescans the whole table under an ACCESS EXCLUSIVE lock`,
          statement: s.sql,
          table,
          hint: 'to keep the nullability as it is, use .alter({ alterNullable: false }): no DROP/SET NOT NULL, no scan',
        });
      } else if (!ctx.state.notNullChecks.has(col) && !ctx.live?.notNullChecks?.has(col) && ctx.live?.rows?.get(table) !== 0) {
        ctx.add({ code: 'Q004', message: `sets ${col} NOT NULL on existing rows`, statement: s.sql, table });
      }
    }
  }
};
