import type { Node } from '../parse';
import type { Rule } from '../context';
import { existing } from '../context';
import { relName } from '../parse';

/** Partitioned tables: Q020 ATTACH without a matching CHECK, Q021 DETACH without CONCURRENTLY, Q023 a partition while DEFAULT has rows. */
export const partitionRules: Rule = (s, ctx) => {
  const defaultOf = (parent: string): { table: string; rows?: number } | undefined => {
    const live = ctx.live?.defaultPartitions?.get(parent);
    if (live) return live;
    const known = ctx.state.defaultPartitions.get(parent);
    return known ? { table: known } : undefined;
  };
  const newPartition = (parent: string, what: string) => {
    if (!existing(ctx, parent)) return;
    const d = defaultOf(parent);
    if (!d || d.rows === 0 || ctx.state.newTables.has(d.table)) return;
    ctx.add({
      code: 'Q023',
      message: `${what} of ${parent}, whose DEFAULT partition ${d.table} ${d.rows ? `holds ${d.rows} row(s)` : 'may hold rows'}: scanned under ACCESS EXCLUSIVE, fails if some belong to the new range`,
      statement: s.sql,
      table: d.table,
    });
  };
  if (s.kind === 'CreateStmt' && s.node.partbound && !s.node.partbound.is_default) {
    newPartition(relName(s.node.inhRelations?.[0]?.RangeVar), `creates partition ${relName(s.node.relation)}`);
    return;
  }
  if (s.kind !== 'AlterTableStmt') return;
  const parent = relName(s.node.relation);
  for (const cmd of (s.node.cmds ?? []).map((c: Node) => c.AlterTableCmd)) {
    const pc = cmd.def?.PartitionCmd;
    if (!pc) continue;
    const part = relName(pc.name);
    if (cmd.subtype === 'AT_AttachPartition') {
      const checked = ctx.state.checkedTables.has(part) || !!ctx.live?.rangeCheckedTables?.has(part);
      if (existing(ctx, part) && !pc.bound?.is_default && !checked) {
        ctx.add({
          code: 'Q020',
          message: `attaches ${part} to ${parent}: scans ${part} under ACCESS EXCLUSIVE unless a CHECK matching the bound exists`,
          statement: s.sql,
          table: part,
        });
      }
      if (!pc.bound?.is_default) newPartition(parent, `attaches ${part}`);
    }
    if (cmd.subtype === 'AT_DetachPartition') {
      if (pc.concurrent) {
        if (ctx.inTransaction)
          ctx.add({ code: 'Q009', message: 'DETACH PARTITION CONCURRENTLY inside a transaction: PostgreSQL refuses it', statement: s.sql });
        continue;
      }
      const hasDefault = !!defaultOf(parent);
      const old = ctx.live?.serverVersionNum !== undefined && ctx.live.serverVersionNum < 140000;
      if (existing(ctx, parent) && !hasDefault && !old) {
        ctx.add({
          code: 'Q021',
          message: `detaches ${part} from ${parent} without CONCURRENTLY (ACCESS EXCLUSIVE on the parent)`,
          statement: s.sql,
          table: parent,
        });
      }
    }
  }
};
