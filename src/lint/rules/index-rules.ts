import type { Rule } from '../context';
import { existing } from '../context';
import { hasOption, relName } from '../parse';

/** Index changes: Q005 CREATE INDEX, Q007 DROP INDEX, Q008 REINDEX, Q009 CONCURRENTLY in a transaction, Q022 partitioned parent. */
export const indexRules: Rule = (s, ctx) => {
  const concurrentInTx = (what: string) => {
    if (ctx.inTransaction) ctx.add({ code: 'Q009', message: `${what} CONCURRENTLY inside a transaction: PostgreSQL refuses it`, statement: s.sql });
  };
  if (s.kind === 'IndexStmt') {
    const table = relName(s.node.relation);
    // libpg_query's JSON leaves out false values: `inh` is absent for ON ONLY.
    const only = s.node.relation?.inh !== true;
    if (s.node.concurrent) concurrentInTx('CREATE INDEX');
    const partitioned = ctx.state.partitioned.has(table) || !!ctx.live?.partitioned?.has(table);
    if (!existing(ctx, table) || only) return;
    if (partitioned) {
      ctx.add({
        code: 'Q022',
        message: `creates an index on the partitioned table ${table} in one statement (every partition under a SHARE lock)`,
        statement: s.sql,
        table,
      });
    } else if (!s.node.concurrent) {
      ctx.add({ code: 'Q005', message: `creates an index on the existing table ${table} without CONCURRENTLY`, statement: s.sql, table });
    }
    return;
  }
  if (s.kind === 'DropStmt' && s.node.removeType === 'OBJECT_INDEX') {
    if (s.node.concurrent) concurrentInTx('DROP INDEX');
    else {
      const names = (s.node.objects ?? []).map((o: { List?: { items: Array<{ String: { sval: string } }> } }) => o.List?.items.map((i) => i.String.sval).pop());
      ctx.add({ code: 'Q007', message: `drops index ${names.join(', ')} without CONCURRENTLY`, statement: s.sql });
    }
    return;
  }
  if (s.kind === 'ReindexStmt') {
    const target = relName(s.node.relation) || s.node.name || '';
    if (hasOption(s.node.params, 'concurrently')) concurrentInTx('REINDEX');
    else if (!s.node.relation || existing(ctx, target))
      ctx.add({
        code: 'Q008',
        message: `reindexes ${target} without CONCURRENTLY`,
        statement: s.sql,
        table: s.node.kind === 'REINDEX_OBJECT_TABLE' ? target : undefined,
      });
  }
};
