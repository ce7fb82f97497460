/**
 * Reference-integrity audit across the registry's databases: the references and business rules
 * declared in the registry, checked across servers, reported for people and CI.
 */
export * from './types';
export { audit, runReferenceCheck, runRuleCheck } from './engine';
export type { AuditOptions } from './engine';
export { runCrossCheck } from './cross';
export {
  buildChecks,
  evaluateStatus,
  chooseStrategy,
  compareModeFor,
  summarize,
  auditFails,
  exitCodeForAudit,
  mergeOrphans,
  mergePairs,
  crossChildSelect,
  MERGE_RATIO,
} from './plan';
export { renderReport, renderTerminal, renderMarkdown, renderJson, renderJunit, renderHtml, failingFirst, summaryLine, formatFromPath, REPORT_FORMATS } from './report';
export type { ReportFormat, AuditSiteLinks } from './report';
