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

export type CheckSpec = ReferenceCheckSpec | RuleCheckSpec;

export interface SampleRow {
  /** Primary key of the offending row (column -> value as text). */
  key: Record<string, string | null>;
  /** The referencing value (reference checks) or the row the rule selected (rules). */
  value?: string | null;
  row?: Record<string, unknown>;
}

export interface CheckResult {
  kind: 'reference' | 'rule';
  id: string;
  database: string;
  /** `table.column -> parent_db.table.column` or the rule name. */
  title: string;
  description: string;
  severity: Severity;
  status: CheckStatus;
  /** Set when the check could not run (unreachable database, missing table, bad SQL). */
  error?: string;
  /** Rows whose reference was checked (non-NULL values); rules: null. */
  rowsChecked: number | null;
  /** Rows with a NULL reference (not orphans); rules: null. */
  nullRows: number | null;
  /** Orphan rows (references) or offending rows (rules). */
  orphanRows: number;
  /** Distinct orphan values (references) ; rules: null. */
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
