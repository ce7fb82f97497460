/**
 * The result contract shared by the engines. A fleet operation never stops at the first failing
 * database: it gives one result per database (or per table, for partitions), each with `ok`, and
 * the operation is ok when all of them are. Problems of the request itself (a usage or
 * configuration error, an unknown database) are thrown as a QuentyError (src/util/errors.ts).
 *
 * The exit status a result implies is decided here, not in the CLI: 0 when ok, else 1 (thrown
 * usage and configuration errors exit 2, see exitCodeFor).
 */

/** One database's (or table's) outcome. */
export interface DbResult {
  database: string;
  ok: boolean;
  /** Why it failed (redacted). */
  error?: string;
  /** What to do next. */
  hint?: string;
}

/** A fleet operation's report: one result per selected database, ok when all are. */
export interface FleetReport<T extends { ok: boolean } = DbResult> {
  ok: boolean;
  databases: T[];
}

/** The report of per-database results (what createDatabases, migrate and ensurePartitions return). */
export function fleetReport<T extends { ok: boolean }>(databases: T[]): FleetReport<T> {
  return { ok: databases.every((d) => d.ok), databases };
}

/** The exit status a report implies (any `{ ok }`: a FleetReport, `{ ok, tables }`, …): 0 when it is ok, 1 otherwise. */
export function exitCode(report: { ok: boolean }): 0 | 1 {
  return report.ok ? 0 : 1;
}
