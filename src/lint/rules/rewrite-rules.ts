import type { Node } from '../parse';
import type { Rule, RuleContext } from '../context';
import { existing } from '../context';
import { collect, formatTypeName, hasOption, lastName, relName } from '../parse';
import { normalizeType, typeChangeKeepsData } from '../types';

/** Volatile functions of a stock PostgreSQL that migrations use as defaults (a live server tells the rest). */
export const VOLATILE_FUNCTIONS = new Set([
  'random',
  'gen_random_uuid',
  'uuid_generate_v1',
  'uuid_generate_v1mc',
  'uuid_generate_v4',
  'clock_timestamp',
  'timeofday',
  'statement_timestamp',
  'nextval',
  'txid_current',
  'pg_current_xact_id',
  'random_normal',
  'setseed',
  'gen_random_bytes',
]);

/** Pure: whether a default expression is volatile (fills each existing row with its own value). */
export function volatileDefault(expr: Node, ctx: Pick<RuleContext, 'live'>): string | undefined {
  for (const f of collect(expr, 'FuncCall')) {
    const name = lastName(f.funcname);
    if (VOLATILE_FUNCTIONS.has(name) || ctx.live?.volatileFunctions?.has(name)) return `${name}()`;
  }
  return undefined;
}

const SERIAL = new Set(['serial', 'bigserial', 'smallserial', 'serial4', 'serial8', 'serial2']);

/** Rewrites: Q003 type change, Q013 volatile default, Q014 VACUUM FULL, Q015 CLUSTER. */
export const rewriteRules: Rule = (s, ctx) => {
  if (s.kind === 'VacuumStmt' && s.node.is_vacuumcmd && hasOption(s.node.options, 'full')) {
    const tables = (s.node.rels ?? []).map((r: Node) => relName(r.VacuumRelation?.relation));
    if (!tables.length) ctx.add({ code: 'Q014', message: 'VACUUM FULL of every table of the database', statement: s.sql });
    for (const t of tables) if (existing(ctx, t)) ctx.add({ code: 'Q014', message: `VACUUM FULL rewrites ${t}`, statement: s.sql, table: t });
    return;
  }
  if (s.kind === 'ClusterStmt') {
    const t = relName(s.node.relation);
    if (!t || existing(ctx, t))
      ctx.add({ code: 'Q015', message: t ? `CLUSTER rewrites ${t}` : 'CLUSTER of every clustered table', statement: s.sql, ...(t ? { table: t } : {}) });
    return;
  }
  if (s.kind !== 'AlterTableStmt' || s.node.objtype !== 'OBJECT_TABLE') return;
  const table = relName(s.node.relation);
  if (!existing(ctx, table)) return;
  for (const cmd of (s.node.cmds ?? []).map((c: Node) => c.AlterTableCmd)) {
    if (cmd.subtype === 'AT_AlterColumnType') {
      const to = formatTypeName(cmd.def.ColumnDef.typeName);
      const key = `${table}.${cmd.name}`;
      const before = ctx.live?.columnTypes.get(key);
      const using = !!cmd.def.ColumnDef.raw_default;
      if (before && !using && typeChangeKeepsData(before, to)) {
        ctx.live!.columnTypes.set(key, normalizeType(to));
        continue;
      }
      ctx.add({
        code: 'Q003',
        message: `changes the type of ${key} ${before ? `from ${before} ` : ''}to ${to}${before ? '' : ' (the current type is unknown without a database)'}`,
        statement: s.sql,
        table,
      });
    }
    if (cmd.subtype === 'AT_AddColumn') {
      const def = cmd.def.ColumnDef;
      const col = `${table}.${def.colname}`;
      const typ = lastName(def.typeName?.names);
      let why: string | undefined;
      if (SERIAL.has(typ)) why = `a ${typ} column (nextval() for every row)`;
      for (const c of def.constraints ?? []) {
        const k = c.Constraint;
        if (k.contype === 'CONSTR_DEFAULT') {
          const v = volatileDefault(k.raw_expr, ctx);
          if (v) why = `the volatile default ${v}`;
        }
        if (k.contype === 'CONSTR_IDENTITY') why = 'an identity column (a value for every row)';
        if (k.contype === 'CONSTR_GENERATED') why = 'a stored generated column (computed for every row)';
      }
      if (why) ctx.add({ code: 'Q013', message: `adds ${col} with ${why}: rewrites the table`, statement: s.sql, table });
    }
  }
};
