/**
 * Typed errors. Each carries a stable code, optionally the database it concerns, a hint
 * saying what to do next, and its cause. Messages are redacted before they are shown.
 */
export type ErrorCode =
  | 'CONFIG'
  | 'REGISTRY'
  | 'USAGE'
  | 'CONNECTION'
  | 'LOCK_TIMEOUT'
  | 'CHECKSUM'
  | 'MIGRATION'
  | 'EMBEDDED'
  | 'TOOL_MISSING'
  | 'PRODUCTION_GUARD'
  | 'BACKUP'
  | 'PARTITION'
  | 'INTERNAL';

export class QuentyError extends Error {
  readonly code: ErrorCode;
  readonly database?: string;
  readonly hint?: string;
  constructor(code: ErrorCode, message: string, opts: { database?: string; hint?: string; cause?: unknown } = {}) {
    super(message, opts.cause !== undefined ? { cause: opts.cause } : undefined);
    this.name = 'QuentyError';
    this.code = code;
    this.database = opts.database;
    this.hint = opts.hint;
  }
}

/** Usage and configuration problems exit with 2; everything else with 1. */
export function exitCodeFor(err: unknown): number {
  if (err instanceof QuentyError && (err.code === 'CONFIG' || err.code === 'USAGE' || err.code === 'REGISTRY')) return 2;
  return 1;
}

export function errorMessage(err: unknown): string {
  if (err instanceof Error) return err.message;
  return String(err);
}
