import type { AuditRunRecord } from '../audit/record';
import type { StatusThresholds } from './thresholds';
/** Facts gathered per database (collect.ts), and the states assessed from them (assess.ts). */

export type State = 'ok' | 'warn' | 'critical';
export const STATE_RANK: Record<State, number> = { ok: 0, warn: 1, critical: 2 };

export const CONCERNS = ['server', 'connections', 'migrations', 'partitions', 'backups', 'audit', 'pgbouncer', 'tables'] as const;
export type Concern = (typeof CONCERNS)[number];

export interface PartitionFacts {
  table: string;
  /** Months created from the current month on (0: the current month is missing). */
  headroomMonths: number;
  nextMissing: string;
  defaultRows: number;
  pastRetention: string[];
  retentionMonths: number;
  error?: string;
}

export interface PoolFacts {
  user: string;
  poolMode: string;
  clientsActive: number;
  clientsWaiting: number;
  serversActive: number;
  serversIdle: number;
  serversUsed: number;
  maxwaitSeconds: number;
}

export interface RelationSize {
  name: string;
  kind: 'table' | 'index';
  bytes: number;
}

export interface DeadTuples {
  table: string;
  live: number;
  dead: number;
  /** dead / (live + dead), 0..1 */
  ratio: number;
}

export interface BackupFacts {
  newestGood?: { runId: string; at: string };
  newestVerified?: { runId: string; at: string };
  /** Runs in the folder that concern this database (any status). */
  runs: number;
}

/** The last audit run's summary for this database (src/audit/record.ts). */
export type AuditRunFacts = AuditRunRecord;

export interface DatabaseFacts {
  database: string;
  dbName: string;
  server: string;
  reachable: boolean;
  error?: string;
  serverVersion?: string;
  sizeBytes?: number;
  /** Size at the previous status run on this home, if any. */
  previous?: { at: string; sizeBytes: number };
  connections?: { database: number; server: number; max: number; reserved: number };
  migrations?: { applied: number; pending: string[]; problems: string[]; error?: string };
  partitions: PartitionFacts[];
  backups: BackupFacts;
  audit?: AuditRunFacts;
  /** undefined: PgBouncer not configured; error: configured but its console did not answer. */
  pgbouncer?: { pools: PoolFacts[]; error?: string };
  largest: RelationSize[];
  dead: DeadTuples[];
}

export interface StatusItem {
  concern: Concern;
  state: State;
  /** One line for people. */
  summary: string;
  /** What is wrong and what to do, for each non-ok finding. */
  details: string[];
}

export interface DatabaseStatusReport extends DatabaseFacts {
  state: State;
  growthBytes?: number;
  items: StatusItem[];
}

export interface StatusReport {
  version: 1;
  tool: 'quenty-db status';
  at: string;
  durationMs: number;
  ok: boolean;
  state: State;
  /** The exit status this report implies under `failOn`. */
  exitCode: 0 | 1;
  failOn: 'critical' | 'warn';
  thresholds: StatusThresholds;
  pgbouncer?: { host: string; port: number };
  databases: DatabaseStatusReport[];
  counts: Record<State, number>;
}
