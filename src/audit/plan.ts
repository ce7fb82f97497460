import type { Registry } from '../registry';
import { selectDatabases } from '../registry';
import type {
  AuditSummary,
  CheckResult,
  CheckSpec,
  CheckStatus,
  CompareMode,
  CrossCheckSpec,
  ReferenceCheckSpec,
  RuleCheckSpec,
  Severity,
  Strategy,
  ThresholdSpec,
} from './types';

/**
 * Pure planning of the audit: which checks run, how a reference is compared and moved, and
 * what status a count earns. No I/O here (unit-tested).
 */

export function referenceId(db: string, r: { table: string; column: string; parent: { database: string; table: string; column: string } }): string {
  return `${db}.${r.table}.${r.column}->${r.parent.database}.${r.parent.table}.${r.parent.column}`;
}

/**
 * The checks of the selected databases, database by database in registry order: the references
 * each (child) database declares, then its business rules. An empty selection means all databases.
 */
export function buildChecks(registry: Registry, selection?: string | string[]): CheckSpec[] {
  const dbs = selectDatabases(registry, selection);
  const out: CheckSpec[] = [];
  for (const d of dbs) {
    const refs: ReferenceCheckSpec[] = [];
    const rules: RuleCheckSpec[] = [];
    for (const r of d.references) {
      refs.push({
        kind: 'reference',
        id: referenceId(d.name, r),
        database: d.name,
        table: r.table,
        column: r.column,
        nullable: r.nullable,
        parent: { ...r.parent },
        severity: r.severity,
        warnIf: r.warnIf,
        errorIf: r.errorIf,
        source: r.source,
        note: r.note,
      });
    }
    for (const rule of d.rules) {
      rules.push({
        kind: 'rule',
        id: `${d.name}:${rule.name}`,
        database: d.name,
        name: rule.name,
        description: rule.description,
        sql: rule.sql,
        severity: rule.severity,
        source: rule.source,
      });
    }
    const cross: CrossCheckSpec[] = d.crossRules.map((rule) => ({
      kind: 'cross',
      id: `${d.name}:${rule.name}`,
      database: d.name,
      name: rule.name,
      description: rule.description,
      child: {
        table: rule.child.table,
        key: rule.child.key,
        columns: Array.isArray(rule.child.columns) ? Object.fromEntries(rule.child.columns.map((c) => [c, `c.${c}`])) : { ...rule.child.columns },
        join: rule.child.join,
      },
      parent: { ...rule.parent, columns: [...rule.parent.columns] },
      violation: rule.violation,
      severity: rule.severity,
      warnIf: rule.warnIf,
      errorIf: rule.errorIf,
      source: rule.source,
      note: rule.note,
    }));
    out.push(...refs, ...rules, ...cross);
  }
  return out;
}

/** Databases a check needs to reach. */
export function checkDatabases(check: CheckSpec): string[] {
  return check.kind === 'rule' ? [check.database] : [check.database, check.parent.database];
}

export function thresholdReached(t: ThresholdSpec | undefined, orphanRows: number, share: number): boolean {
  if (!t) return false;
  return (t.count !== undefined && orphanRows >= t.count) || (t.share !== undefined && share >= t.share);
}

/**
 * Status of a count. No offending row passes. Otherwise: at or above `errorIf` is an error; at
 * or above `warnIf` a warning; below a declared `warnIf` is tolerated (pass); below a declared
 * `errorIf` alone is a warning; with no threshold the declared severity applies.
 */
export function evaluateStatus(orphanRows: number, share: number, severity: Severity, warnIf?: ThresholdSpec, errorIf?: ThresholdSpec): CheckStatus {
  if (orphanRows <= 0) return 'pass';
  if (thresholdReached(errorIf, orphanRows, share)) return 'error';
  if (thresholdReached(warnIf, orphanRows, share)) return 'warn';
  if (warnIf) return 'pass';
  if (errorIf) return 'warn';
  return severity;
}

export function shareOf(orphanRows: number, rowsChecked: number): number {
  return rowsChecked > 0 ? orphanRows / rowsChecked : 0;
}

const TEXTUAL = new Set(['text', 'character varying']);

/**
 * How two column types compare. Same type (or both textual: varchar/text) compares natively;
 * anything else compares as text (`col::text`), which the report states.
 */
export function compareModeFor(childType: string, parentType: string): { mode: CompareMode; scratchType: string; note?: string } {
  const base = (t: string) => t.replace(/\(.*\)$/, '').trim();
  const c = base(childType);
  const p = base(parentType);
  if (c === p || (TEXTUAL.has(c) && TEXTUAL.has(p))) {
    return { mode: 'native', scratchType: TEXTUAL.has(p) ? 'text' : p };
  }
  return {
    mode: 'text',
    scratchType: 'text',
    note: `types differ (${childType} vs ${parentType}): compared as text (${c}::text = ${p}::text)`,
  };
}

/** Parent rows above this multiple of the child rows: merging sorted streams beats copying the parent. */
export const MERGE_RATIO = 20;

/**
 * Copy the parent keys to the child's server (then an in-database anti-join, parallel) unless the
 * parent dwarfs the child: then both sides stream sorted and merge, and nothing is written.
 */
export function chooseStrategy(parentRows: number, childRows: number, forced?: Strategy | 'auto'): Strategy {
  if (forced && forced !== 'auto') return forced;
  if (parentRows > MERGE_RATIO * Math.max(childRows, 1000)) return 'merge';
  return 'copy';
}

/** Summary counts; a check that could not run counts as error (and in failedToRun). */
export function summarize(results: CheckResult[]): AuditSummary {
  return {
    checks: results.length,
    pass: results.filter((r) => r.status === 'pass').length,
    warn: results.filter((r) => r.status === 'warn').length,
    error: results.filter((r) => r.status === 'error').length,
    failedToRun: results.filter((r) => r.error !== undefined).length,
    orphanRows: results.reduce((n, r) => n + r.orphanRows, 0),
  };
}

/** Whether the audit fails: anything at error, or with `failOn: 'warn'` any warning too. */
export function auditFails(results: CheckResult[], failOn: Severity): boolean {
  return results.some((r) => r.status === 'error' || (failOn === 'warn' && r.status === 'warn'));
}

/** Exit code of the CLI for a finished audit (usage errors exit 2 before any audit runs). */
export function exitCodeForAudit(results: CheckResult[], failOn: Severity): 0 | 1 {
  return auditFails(results, failOn) ? 1 : 0;
}

/**
 * Order of PostgreSQL's "C" collation (UTF-8 byte order = code point order) for JS strings,
 * whose native `<` compares UTF-16 code units and misorders astral characters.
 */
export function compareC(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return fixup(x) - fixup(y);
  }
  return a.length - b.length;
}

function fixup(c: number): number {
  if (c >= 0xd800 && c <= 0xdfff) return c + 0x2000;
  if (c >= 0xe000) return c - 0x800;
  return c;
}

/** Unescapes one field of PostgreSQL's COPY text format (`\N` is NULL). */
export function unescapeCopyText(field: string): string | null {
  if (field === '\\N') return null;
  if (!field.includes('\\')) return field;
  let out = '';
  for (let i = 0; i < field.length; i++) {
    const ch = field[i];
    if (ch !== '\\' || i === field.length - 1) {
      out += ch;
      continue;
    }
    const n = field[++i];
    switch (n) {
      case 'b':
        out += '\b';
        break;
      case 'f':
        out += '\f';
        break;
      case 'n':
        out += '\n';
        break;
      case 'r':
        out += '\r';
        break;
      case 't':
        out += '\t';
        break;
      case 'v':
        out += '\v';
        break;
      case 'x': {
        const m = /^[0-9a-fA-F]{1,2}/.exec(field.slice(i + 1));
        if (m) {
          out += String.fromCharCode(parseInt(m[0], 16));
          i += m[0].length;
        } else out += 'x';
        break;
      }
      default:
        if (n >= '0' && n <= '7') {
          const m = /^[0-7]{1,3}/.exec(field.slice(i))!;
          out += String.fromCharCode(parseInt(m[0], 8));
          i += m[0].length - 1;
        } else out += n;
    }
  }
  return out;
}

/** Splits a byte stream into lines (UTF-8 safe across chunk boundaries), without the newline. */
export async function* linesOf(chunks: AsyncIterable<Buffer | string>): AsyncGenerator<string> {
  let rest: Buffer = Buffer.alloc(0);
  for await (const raw of chunks) {
    const chunk = typeof raw === 'string' ? Buffer.from(raw) : raw;
    let buf = rest.length ? Buffer.concat([rest, chunk]) : chunk;
    let start = 0;
    let nl: number;
    while ((nl = buf.indexOf(10, start)) !== -1) {
      yield buf.toString('utf8', start, nl);
      start = nl + 1;
    }
    rest = start < buf.length ? buf.subarray(start) : Buffer.alloc(0);
    buf = rest;
  }
  if (rest.length) yield rest.toString('utf8');
}

export interface MergeResult {
  /** Child values seen (non-NULL). */
  rowsChecked: number;
  orphanRows: number;
  orphanKeys: number;
  /** The first `sampleLimit` distinct orphan values, in order. */
  sampleKeys: string[];
  /**
   * Every distinct orphan value with its row count, in order, when there are at most
   * `collectLimit` of them (to re-check against the parent); otherwise undefined.
   */
  orphanCounts?: Map<string, number>;
}

/** Pure: the result without the orphan values found in the parent after all (live data). */
export function withoutFound(res: MergeResult, found: Set<string>, sampleLimit: number): MergeResult {
  if (!res.orphanCounts || !found.size) return res;
  const orphanCounts = new Map([...res.orphanCounts].filter(([v]) => !found.has(v)));
  let orphanRows = 0;
  for (const n of orphanCounts.values()) orphanRows += n;
  return { rowsChecked: res.rowsChecked, orphanRows, orphanKeys: orphanCounts.size, sampleKeys: [...orphanCounts.keys()].slice(0, sampleLimit), orphanCounts };
}

/**
 * Anti-join of two key streams sorted in "C" order: child values (one per row, duplicates
 * allowed) against parent values. Memory stays constant: one value of each side at a time.
 */
export async function mergeOrphans(child: AsyncIterable<string>, parent: AsyncIterable<string>, sampleLimit: number, collectLimit = 0): Promise<MergeResult> {
  const p = parent[Symbol.asyncIterator]();
  let pv: string | undefined;
  let pDone = false;
  const nextParent = async () => {
    const r = await p.next();
    if (r.done) {
      pDone = true;
      pv = undefined;
    } else pv = r.value;
  };
  await nextParent();
  const res: MergeResult = { rowsChecked: 0, orphanRows: 0, orphanKeys: 0, sampleKeys: [] };
  let counts: Map<string, number> | undefined = collectLimit > 0 ? new Map() : undefined;
  let lastOrphan: string | undefined;
  let prev: string | undefined;
  for await (const cv of child) {
    res.rowsChecked++;
    if (prev !== undefined && compareC(cv, prev) < 0) throw new Error(`child stream not sorted: "${cv}" after "${prev}"`);
    prev = cv;
    while (!pDone && compareC(pv!, cv) < 0) await nextParent();
    if (!pDone && pv === cv) continue;
    res.orphanRows++;
    if (lastOrphan !== cv) {
      res.orphanKeys++;
      lastOrphan = cv;
      if (res.sampleKeys.length < sampleLimit) res.sampleKeys.push(cv);
      if (counts && counts.size >= collectLimit) counts = undefined;
    }
    if (counts) counts.set(cv, (counts.get(cv) ?? 0) + 1);
  }
  if (!pDone) await p.return?.();
  if (counts) res.orphanCounts = counts;
  return res;
}

/** Column names the cross-rule SQL gives the child's primary key and key (not to collide with the rule's columns). */
export const CROSS_KEY = 'quenty_key';
export const crossPk = (i: number) => `quenty_pk${i}`;

/**
 * The child side of a cross-database rule as a relation: its primary key (`quenty_pk0..`), its
 * key (`quenty_key`) and the rule's columns under their names, from the child table `c` and the
 * rule's joins. Wrapped as `(...) c`, the violation's `c.<name>` refers to these columns.
 */
export function crossChildSelect(check: CrossCheckSpec, pk: string[], quote: (s: string) => string): string {
  const cols = [
    ...pk.map((p, i) => `c.${quote(p)} AS ${crossPk(i)}`),
    `c.${quote(check.child.key)} AS ${CROSS_KEY}`,
    ...Object.entries(check.child.columns).map(([name, expr]) => `(${expr}) AS ${quote(name)}`),
  ];
  return `SELECT ${cols.join(', ')} FROM ${quote(check.child.table)} c${check.child.join ? ` ${check.child.join}` : ''}`;
}

/**
 * Inner merge-join of two streams sorted by key in "C" order: each child row (duplicates
 * allowed) is paired with the parent row of the same key (keys unique in the parent; a repeated
 * parent key pairs with its first row). Child rows without a parent are counted, not paired.
 */
export async function* mergePairs<C, P>(
  child: AsyncIterable<C>,
  parent: AsyncIterable<P>,
  childKey: (c: C) => string,
  parentKey: (p: P) => string,
  unpaired?: (c: C) => void,
): AsyncGenerator<[C, P]> {
  const it = parent[Symbol.asyncIterator]();
  let pv: P | undefined;
  let pk: string | undefined;
  let done = false;
  const next = async () => {
    const r = await it.next();
    if (r.done) {
      done = true;
      pv = undefined;
      pk = undefined;
    } else {
      pv = r.value;
      pk = parentKey(r.value);
    }
  };
  await next();
  let prev: string | undefined;
  try {
    for await (const cv of child) {
      const k = childKey(cv);
      if (prev !== undefined && compareC(k, prev) < 0) throw new Error(`child stream not sorted: "${k}" after "${prev}"`);
      prev = k;
      while (!done && compareC(pk!, k) < 0) await next();
      if (!done && pk === k) yield [cv, pv!];
      else unpaired?.(cv);
    }
  } finally {
    if (!done) await it.return?.();
  }
}

/** The fields of an executed plan node (`EXPLAIN (ANALYZE, VERBOSE, FORMAT JSON)`) that `scannedRows` reads. */
export interface ExecutedPlanNode {
  'Node Type'?: string;
  'Relation Name'?: string;
  'Actual Rows'?: number;
  'Actual Loops'?: number;
  Workers?: Array<{ 'Actual Rows'?: number; 'Actual Loops'?: number }>;
  Plans?: ExecutedPlanNode[];
}

/**
 * Pure: how many rows the scans of the relations `isTarget` names emitted in an executed plan,
 * exactly, or undefined when the plan cannot tell exactly. EXPLAIN prints a node's rows as the
 * average per loop, rounded, so a total is exact only where every process that ran the node ran
 * it once: a node run once by the leader alone, or run by parallel workers only (VERBOSE lists
 * each worker's rows; with `parallel_leader_participation` off the leader runs none of them). A
 * node rescanned, or run by the leader beside its workers, makes the answer undefined.
 */
export function scannedRows(root: ExecutedPlanNode, isTarget: (relation: string) => boolean): number | undefined {
  let total = 0;
  let scans = 0;
  const int = (x: unknown): x is number => typeof x === 'number' && Number.isSafeInteger(x) && x >= 0;
  const visit = (node: ExecutedPlanNode): boolean => {
    const rel = node['Relation Name'];
    if (rel !== undefined && isTarget(rel)) {
      scans++;
      const loops = node['Actual Loops'];
      if (!int(loops)) return false;
      const workers = node.Workers ?? [];
      if (!workers.length) {
        if (loops > 1) return false;
        const rows = loops === 0 ? 0 : node['Actual Rows'];
        if (!int(rows)) return false;
        total += rows;
      } else {
        let workerLoops = 0;
        for (const w of workers) {
          const wl = w['Actual Loops'];
          const wr = w['Actual Rows'];
          if (!int(wl) || wl > 1 || !int(wr)) return false;
          workerLoops += wl;
          total += wl === 0 ? 0 : wr;
        }
        if (workerLoops !== loops) return false;
      }
    }
    return (node.Plans ?? []).every(visit);
  };
  return visit(root) && scans > 0 ? total : undefined;
}
