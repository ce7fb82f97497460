/**
 * quenty-db as a library: the same operations as the CLI, with the same defaults.
 *
 *   import { openContext, up, migrate } from 'quenty-db';
 *   const ctx = await openContext();          // env + .env, embedded server when nothing is set
 *   await up(ctx);
 *
 * More databases from another folder (laid out as databases/, migrations/, seeds/, schema/):
 *   const registry = loadRegistry({ extraRoots: ['../billing'] });   // or QUENTY_REGISTRY_PATH
 *   const ctx = await openContext({ registry });
 */
export { openContext, resolveTargets, createKnex, withClient, connect } from './db/targets';
export type { Context, Target } from './db/targets';
export { loadConfig, parseConfig } from './config';
export type { QuentyConfig } from './config';
export { loadRegistry, buildRegistry, selectDatabases, defineDatabase, registryPathFromEnv, REGISTRY_PATH_VAR } from './registry';
export type { LoadRegistryOptions } from './registry';
export type { Registry, DatabaseEntry, Reference, IncomingReference, PartitionPolicy, Rule } from './registry';
export { ensureEmbedded, stopEmbedded, embeddedStatus, embeddedMaxConnections } from './embedded';
export { createDatabases, dropDatabases } from './create';
export type { CreateResult } from './create';
export { migrate, migrateTarget, migrationStatus, migrationStatusOk, validateMigrations, makeMigration, planMigrations } from './migrate';
export type { MigrationStatusReport, DatabaseMigrateResult, DatabaseStatus } from './migrate';
export { up, createAndMigrate } from './up';
export {
  ensurePartitions,
  partitionStatus,
  partitionStatusOk,
  applyRetention,
  planEnsure,
  missingAhead,
  pastRetention,
  summarizePartitions,
} from './partitions';
export type {
  DatabaseEnsureResult,
  TableStatus,
  TableRetentionResult,
  ExistingPartition,
  EnsurePlan,
  PartitionStatusReport,
  RetentionReport,
} from './partitions';
export { audit, buildChecks, renderReport } from './audit';
export type { AuditReport, CheckResult, AuditOptions } from './audit';
export { QuentyError, exitCodeFor } from './util/errors';
export { fleetReport, exitCode } from './result';
export type { DbResult, FleetReport } from './result';
export { createBackup, verifyBackup, restoreDatabase, restoreGlobals, pruneBackups, listRuns } from './backup';
export { verifyDatabases, checkSnapshots, writeSnapshots, buildSnapshots, diffSnapshots } from './verify';
export type { VerifyReport, VerifyFinding, SchemaSnapshot, Difference } from './verify';
export { lintMigrations, lintSets, lintStatements, loadParser, LINT_RULES, RULES as LINT_RULE_TABLE } from './lint';
export type { LintReport, LintFinding, LintMigrationsOptions, LintMode } from './lint';
export { traceLocks } from './migrate/trace';
export type { LockTraceReport } from './migrate/trace';
export { seed, injectOrphans, spreadOrphans, planCounts, productionReasons, SCALES } from './seed';
export type { SeedOptions, SeedResult, PlantedOrphan, InjectOrphansOptions } from './seed';
export {
  generateConfig as generatePgBouncerConfig,
  checkAccess as checkPgBouncerAccess,
  renderIni as renderPgBouncerIni,
  lintSettings as lintPgBouncerSettings,
  settingsFromEnv as pgbouncerSettingsFromEnv,
  refuseTransactionPooler,
} from './pgbouncer';
export type {
  ConfigResult as PgBouncerConfigResult,
  CheckResult as PgBouncerCheckResult,
  PgBouncerSettings,
  LintFinding as PgBouncerLintFinding,
} from './pgbouncer';
export { startPgBouncer } from './pgbouncer/process';
export { grantAuditAccess } from './create';
export { auditRole, servicePassword } from './db/credentials';
export { fleetStatus, toPrometheus, thresholdsFromEnv, DEFAULT_THRESHOLDS } from './status';
export type { StatusReport, StatusOptions, StatusThresholds, DatabaseStatusReport, State as StatusState } from './status';
export { generateDocs, checkDocs, buildDocs, renderDocs, buildModel, lintDocs, DOCS_LINT_RULES } from './docs';
export type { DocsModel, DocsLintReport, DocsCheckReport } from './docs';
