/** Backups of the registry's databases: create, list, verify, restore, prune. */
export * from './naming';
export * from './manifest';
export { createBackup, countTables, backupDir, orderBySize } from './create';
export type { BackupCreateOptions, BackupCreateResult } from './create';
export { verifyBackup } from './verify';
export type { VerifyOptions } from './verify';
export { restoreDatabase, restoreFile, findDump, liveSessions, invalidDatabaseName, compareCounts, parseArchiveList, listArchive } from './restore';
export type { RestoreOptions, RestoreResult } from './restore';
export { pruneBackups, planPrune } from './prune';
export type { PruneOptions, PruneResult, PrunePlanRun } from './prune';
export { restoreGlobals, planGlobals, statementRoles } from './globals';
export { findTool, findTools, parseToolVersion, checkToolVersion, toolCandidates, pgEnv, CLIENT_PACKAGE_HINT } from '../db/tools';
export { sha256File, checksumPath, combineChecksums } from './files';
