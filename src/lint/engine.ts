import type { Registry } from '../registry';
import { RULE_BY_CODE } from './catalog';
import type { LiveSchema, RuleContext, RuleFinding, SetState } from './context';
import { collect, parseStatements, relName } from './parse';
import type { Node, ParsedStatement } from './parse';
import { breakingRules } from './rules/breaking-rules';
import { constraintRules } from './rules/constraint-rules';
import { hygieneRules } from './rules/hygiene-rules';
import { indexRules } from './rules/index-rules';
import { partitionRules } from './rules/partition-rules';
import { rewriteRules } from './rules/rewrite-rules';

/** The rule families, in the order their findings are listed. */
const FAMILIES = [breakingRules, rewriteRules, constraintRules, indexRules, partitionRules, hygieneRules];

export interface LintFinding {
  code: string;
  severity: 'error';
  database?: string;
  migration: string;
  file: string;
  message: string;
  statement: string;
  /** What to do instead, when more precise than the rule's text. */
  hint?: string;
  /** The table the finding is about, when one. */
  table?: string;
  /** The reason given by a `quenty-lint-ignore` comment; an acknowledged finding does not fail. */
  acknowledged?: string;
}

export interface Acknowledgement {
  code: string;
  reason: string;
}

/** Pure: the `quenty-lint-ignore Qnnn: reason` comments of a migration's source. */
export function parseAcknowledgements(source: string): Acknowledgement[] {
  const out: Acknowledgement[] = [];
  const re = /quenty-lint-ignore\s+(Q\d{3})\s*:\s*(\S[^\n]*?)\s*(?:\*\/)?\s*$/gm;
  for (let m = re.exec(source); m; m = re.exec(source)) out.push({ code: m[1], reason: m[2] });
  return out;
}

/** Pure: `table.column` pairs named by the foreign keys of parsed statements. */
function addForeignKeys(node: Node, out: Set<string>) {
  for (const c of collect(node, 'Constraint')) {
    if (c?.contype !== 'CONSTR_FOREIGN') continue;
    const parent = relName(c.pktable);
    const cols = (c.pk_attrs ?? []).map((a: Node) => a.String?.sval);
    for (const col of cols.length ? cols : ['id']) out.add(`${parent}.${col}`);
  }
}

/** Pure: `table.column` pairs that others name: the registry's cross-database references, and foreign keys (SQL text). */
export function referencedColumns(registry: Pick<Registry, 'databases'>, database: string | undefined, foreignKeyDefs: string[] = []): Set<string> {
  const out = new Set<string>();
  for (const d of registry.databases) {
    for (const r of d.references) {
      if (!database || d.name === database) out.add(`${r.table}.${r.column}`);
      if (!database || r.parent.database === database) out.add(`${r.parent.table}.${r.parent.column}`);
    }
  }
  for (const def of foreignKeyDefs) {
    const m = /REFERENCES\s+(?:"?[\w$]+"?\.)?"?([\w$]+)"?\s*\(([^)]*)\)/i.exec(def);
    if (m) for (const c of m[2].split(',')) out.add(`${m[1].toLowerCase()}.${c.trim().replace(/^"|"$/g, '')}`);
  }
  return out;
}

export const newSetState = (referenced = new Set<string>()): SetState => ({
  newTables: new Set(),
  referenced,
  partitioned: new Set(),
  defaultPartitions: new Map(),
  notNullChecks: new Set(),
  checkedTables: new Set(),
});

export interface LintInput {
  database?: string;
  migration: string;
  file: string;
  /** What `up` would send (one entry may hold several statements). */
  statements: string[];
  source: string;
  /** State carried across the migrations of a set (tables created earlier are new). Updated. */
  state?: SetState;
  /** Shorthands of `state` (the first version's callers). */
  newTables?: Set<string>;
  referenced?: Set<string>;
  /** Live schema, when a server is configured. */
  live?: LiveSchema;
  /** Shorthand of `live.columnTypes`. */
  columnTypes?: Map<string, string>;
  /** `knex`: a migration run by quenty-db migrate (default); `sql`: a plain SQL file run by psql. */
  kind?: 'knex' | 'sql';
  /** Whether the engine runs it in a transaction (config.transaction !== false). Default true. */
  transaction?: boolean;
  /** Whether the engine sets lock_timeout for it (config.lockTimeout not 0). Default true. */
  engineLockTimeout?: boolean;
}

const LOCKING = new Set([
  'AlterTableStmt',
  'IndexStmt',
  'DropStmt',
  'TruncateStmt',
  'RenameStmt',
  'ClusterStmt',
  'VacuumStmt',
  'ReindexStmt',
  'AlterEnumStmt',
  'DropdbStmt',
]);

/**
 * What a locking statement waits for, if it touches something that exists where the migration
 * runs. CONCURRENTLY statements count too: they queue behind other DDL and VACUUM, and a build
 * that waits forever holds its SHARE UPDATE EXCLUSIVE lock all that time.
 */
function lockedTable(s: ParsedStatement, state: SetState): string | undefined {
  if (!s.kind || !LOCKING.has(s.kind)) return undefined;
  if (s.kind === 'VacuumStmt' && !(s.node.options ?? []).some((o: Node) => o?.DefElem?.defname === 'full')) return undefined;
  if (s.kind === 'AlterEnumStmt') return `type ${(s.node.typeName ?? []).map((x: Node) => x.String?.sval).join('.')}`;
  if (s.kind === 'DropdbStmt') return `database ${s.node.dbname}`;
  const rel = relName(s.node.relation) || relName(s.node.rels?.[0]?.VacuumRelation?.relation) || relName(s.node.relations?.[0]?.RangeVar);
  const obj = s.kind === 'DropStmt' ? (s.node.objects?.[0]?.List?.items ?? []).map((i: Node) => i.String?.sval).pop() : undefined;
  const t = rel || obj;
  return t && !state.newTables.has(t) ? t : undefined;
}

/** Pure (once the parser is loaded: `await loadParser()`): the findings of one migration's statements. */
export function lintStatements(input: LintInput): LintFinding[] {
  const state = input.state ?? { ...newSetState(input.referenced ?? new Set()), ...(input.newTables ? { newTables: input.newTables } : {}) };
  const live = input.live ?? (input.columnTypes ? { columnTypes: input.columnTypes } : undefined);
  const kind = input.kind ?? 'knex';
  const found: RuleFinding[] = [];
  const ctx: RuleContext = {
    state,
    live,
    kind,
    inTransaction: kind === 'knex' ? input.transaction !== false : false,
    lockTimeoutSet: kind === 'knex' && input.engineLockTimeout !== false,
    pendingNotNullChecks: new Map(),
    droppedNotNull: new Set(),
    lockedExisting: undefined,
    add(f) {
      const info = RULE_BY_CODE[f.code];
      // A rewrite or a scan of a table known to be empty costs nothing.
      if (info?.sizeMatters && f.table && live?.rows?.get(f.table) === 0) return;
      found.push({ ...f, statement: f.statement.length > 160 ? f.statement.slice(0, 157) + '...' : f.statement });
    },
  };
  for (const raw of input.statements) {
    for (const s of parseStatements(raw)) {
      if (!s.kind) continue;
      const st = s as ParsedStatement & { kind: string; node: Node };
      if (st.kind === 'VariableSetStmt' && st.node.name === 'lock_timeout') {
        const c = st.node.args?.[0]?.A_Const;
        const v = c?.sval ? String(c.sval.sval ?? '') : c?.ival ? String(c.ival.ival ?? 0) : '0';
        ctx.lockTimeoutSet = st.node.kind === 'VAR_SET_VALUE' && !/^\s*0+\s*(ms|s|min)?\s*$/i.test(v);
      }
      const locked = lockedTable(st, state);
      if (locked && !ctx.lockTimeoutSet && !ctx.lockedExisting) ctx.lockedExisting = locked;
      for (const family of FAMILIES) family(st, ctx);
      if (st.kind === 'TransactionStmt') {
        if (/BEGIN|START/.test(st.node.kind)) ctx.inTransaction = true;
        else if (/COMMIT|ROLLBACK/.test(st.node.kind) && !/SAVEPOINT|PREPARED/.test(st.node.kind)) ctx.inTransaction = false;
      }
      if (st.kind === 'CreateStmt') {
        const t = relName(st.node.relation);
        state.newTables.add(t);
        if (st.node.partspec) state.partitioned.add(t);
        if (st.node.partbound?.is_default) state.defaultPartitions.set(relName(st.node.inhRelations?.[0]?.RangeVar), t);
      }
      if (st.kind === 'CreateStmt' || st.kind === 'AlterTableStmt') addForeignKeys(st.node, state.referenced);
      if (st.kind === 'AlterTableStmt') {
        for (const cmd of (st.node.cmds ?? []).map((c: Node) => c.AlterTableCmd)) {
          if (cmd.subtype === 'AT_AttachPartition' && cmd.def?.PartitionCmd?.bound?.is_default)
            state.defaultPartitions.set(relName(st.node.relation), relName(cmd.def.PartitionCmd.name));
        }
      }
    }
  }
  if (ctx.lockedExisting) {
    found.push({
      code: 'Q024',
      message: `locks ${ctx.lockedExisting} with no lock_timeout in force${kind === 'knex' ? " (config.lockTimeout turns the engine's off)" : ''}`,
      statement: '(whole migration)',
      table: ctx.lockedExisting,
    });
  }
  const acks = parseAcknowledgements(input.source);
  return found.map((f) => {
    const ack = acks.find((a) => a.code === f.code);
    return {
      ...f,
      severity: 'error' as const,
      database: input.database,
      migration: input.migration,
      file: input.file,
      ...(ack ? { acknowledged: ack.reason } : {}),
    };
  });
}
