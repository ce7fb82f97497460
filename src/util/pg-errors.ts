import { QuentyError, errorMessage } from './errors';

/**
 * Whether an error means the server or the connection went away (server stopped or restarted,
 * backend terminated, network lost) rather than a fault of the statement that was running.
 */
export function isServerGone(e: unknown): boolean {
  for (let x: unknown = e, depth = 0; x && depth < 4; x = (x as { cause?: unknown }).cause, depth++) {
    const code = (x as { code?: string }).code ?? '';
    if (['57P01', '57P02', '57P03', 'ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ENOTCONN', 'ETIMEDOUT'].includes(code)) return true;
    if (x instanceof QuentyError && x.code === 'CONNECTION') return true;
    if (
      /Connection terminated|terminating connection|server closed the connection|Client has encountered a connection error|not queryable|reading 'stream'|This socket has been ended|the database system is (shutting down|starting up)/i.test(
        errorMessage(x),
      )
    )
      return true;
  }
  return false;
}

/** An error's message, saying "the server went away" first when that is what it means (pg's own words do not). */
export function failureMessage(e: unknown): string {
  const m = errorMessage(e);
  return isServerGone(e) && !/server went away/i.test(m) ? `the server went away: ${m}` : m;
}
