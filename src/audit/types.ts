/**
 * Types of the audit report. The JSON report is exactly an `AuditReport` (documented in
 * docs/audit-report.schema.json); `version` changes only when a field changes meaning.
 */
export type CheckStatus = 'pass' | 'warn' | 'error';
export type Severity = 'error' | 'warn';
export type Strategy = 'copy' | 'merge';
export type CompareMode = 'native' | 'text';

export interface ThresholdSpec {
  count?: number;
  share?: number;
}

/** A reference check: child column of one database -> parent column of another. */
export interface ReferenceCheckSpec {
  kind: 'reference';
  /** Stable id: `<db>.<table>.<column>-><parentDb>.<parentTable>.<parentColumn>`. */
  id: string;
  database: string;
  table: string;
  column: string;
  nullable: boolean;
  parent: { database: string; table: string; column: string };
  severity: Severity;
  warnIf?: ThresholdSpec;
  errorIf?: ThresholdSpec;
  source: string;
  note?: string;
}

/** A business rule inside one database: its SQL selects the offending rows. */
export interface RuleCheckSpec {
  kind: 'rule';
  /** Stable id: `<db>:<rule name>`. */
  id: string;
  database: string;
  name: string;
  description: string;
  sql: string;
  severity: Severity;
  source?: string;
}

/**
 * A cross-database rule: each child row is paired with the parent row its key names (in
 * another database) and `violation` (SQL over `c.<column>` and `p.<column>`) selects offenders.
 */
export interface CrossCheckSpec {
  kind: 'cross';
  /** Stable id: `<db>:<rule name>`. */
  id: string;
  database: string;
  name: string;
  description: string;
  child: {
    table: string;
    key: string;
    /** Column name (as `c.<name>`) -> SQL expression over the child table `c` and the joins. */
    columns: Record<string, string>;
    join?: string;
  };
  parent: { database: string; table: string; key: string; columns: string[] };
  violation: string;
  severity: Severity;
  warnIf?: ThresholdSpec;
  errorIf?: ThresholdSpec;
  source?: string;
  note?: string;
}

export type CheckSpec = ReferenceCheckSpec | RuleCheckSpec | CrossCheckSpec;

export interface SampleRow {
  /** Primary key of the offending row (column -> value as text). */
  key: Record<string, string | null>;
  /** The referencing value (reference checks) or the row the rule selected (rules). */
  value?: string | null;
  row?: Record<string, unknown>;
}

export interface CheckResult {
  kind: 'reference' | 'rule' | 'cross';
  id: string;
  database: string;
  /** `table.column -> parent_db.table.column` or the rule name. */
  title: string;
  description: string;
  severity: Severity;
  status: CheckStatus;
  /** Set when the check could not run (unreachable database, missing table, bad SQL). */
  error?: string;
  /** Rows whose reference was checked (non-NULL values); cross: child rows paired with a parent row; rules: null. */
  rowsChecked: number | null;
  /** Rows with a NULL reference (not orphans); rules: null. */
  nullRows: number | null;
  /** Orphan rows (references) or offending rows (rules, cross). */
  orphanRows: number;
  /** Distinct orphan values (references), distinct child keys of offending rows (cross); rules: null. */
  orphanKeys: number | null;
  /** orphanRows / rowsChecked (0 when nothing was checked); rules: null. */
  share: number | null;
  samples: SampleRow[];
  strategy: Strategy | null;
  compare: CompareMode | null;
  /** Human-readable statement of how values were compared (e.g. text vs integer). */
  compareNote?: string;
  thresholds?: { warnIf?: ThresholdSpec; errorIf?: ThresholdSpec };
  source?: string;
  note?: string;
  durationMs: number;
}

export interface AuditSummary {
  checks: number;
  pass: number;
  warn: number;
  error: number;
  /** Checks that could not run (they count as error). */
  failedToRun: number;
  orphanRows: number;
}

export interface AuditReport {
  version: 1;
  tool: 'quenty-db audit';
  startedAt: string;
  durationMs: number;
  /** true when nothing reaches the `failOn` level. */
  ok: boolean;
  failOn: Severity;
  samplesLimit: number;
  databases: Array<{ name: string; server: string; reachable: boolean; error?: string }>;
  summary: AuditSummary;
  checks: CheckResult[];
  /** Seed runs that did not complete (see the seed ledger): the audit fails while there is one. */
  incompleteSeeds?: Array<{ database: string; runId: string; message: string; repair: string }>;
}
