import readline from 'node:readline';
import { parse as parseConnectionString } from 'pg-connection-string';
import type { Context, Target } from './targets';
import { QuentyError } from '../util/errors';

/**
 * The guard every destructive command goes through (migrate down/rollback, seed --reset,
 * restore --replace, partitions retention --drop):
 * 1. the selection was given and well formed (Context.select refuses `--db ""`, `" "`, `","`);
 * 2. the production guard: NODE_ENV, a host or a database name that looks like production
 *    (prod, prd, production as a word) refuses unless `force`;
 * 3. more than one database (or `always`): a confirmation, asked on the terminal, or `yes`.
 *    Without a terminal and without `yes`, it refuses and says to pass --yes.
 */

/** A word of a host or database name that says production: prod, prd, production (prod-db, db-prd-1, prd_sales). */
const PROD_WORD = /(^|[^a-z0-9])(prod|prd|production)([^a-z]|$)/i;
/** NODE_ENV values taken as production. */
const PROD_ENV = /^(prod|prd|production|live)$/i;

/** Pure: why this run looks like production (empty when it does not). */
export function productionReasons(nodeEnv: string | undefined, targets: Array<Pick<Target, 'name' | 'dbName' | 'url'>>): string[] {
  const reasons: string[] = [];
  const env = (nodeEnv ?? '').trim();
  if (PROD_ENV.test(env)) reasons.push(`NODE_ENV=${env}`);
  for (const t of targets) {
    const host = parseConnectionString(t.url).host ?? '';
    if (PROD_WORD.test(host)) reasons.push(`${t.name}: host "${host}" looks like production`);
    if (PROD_WORD.test(t.dbName)) reasons.push(`${t.name}: database "${t.dbName}" looks like production`);
  }
  return reasons;
}

/** Asks a yes/no question; resolves true only for an explicit yes. */
export type ConfirmFn = (question: string) => Promise<boolean>;

/** The default confirmation: on a terminal (stdin and stderr are TTYs), asks on stderr and reads a line; otherwise undefined. */
export function terminalConfirm(): ConfirmFn | undefined {
  if (!process.stdin.isTTY || !process.stderr.isTTY) return undefined;
  return (question) =>
    new Promise((resolve) => {
      const rl = readline.createInterface({ input: process.stdin, output: process.stderr });
      rl.question(`${question} [y/N] `, (answer) => {
        rl.close();
        resolve(/^(y|yes)$/i.test(answer.trim()));
      });
      rl.on('SIGINT', () => {
        rl.close();
        resolve(false);
      });
    });
}

export interface DestructiveGuardOptions {
  /** Skip the confirmation (--yes). */
  yes?: boolean;
  /** Go ahead where the target looks like production (--force). */
  force?: boolean;
  /** How to ask (default: terminalConfirm(), none without a terminal). */
  confirm?: ConfirmFn;
}

/**
 * Refuses or confirms a destructive action on `targets`. `action` says what would happen, as a
 * verb phrase ("roll back the last batch of migrations"). `always` asks even for one database
 * (restore --replace).
 */
export async function guardDestructive(
  ctx: Pick<Context, 'config'>,
  targets: Array<Pick<Target, 'name' | 'dbName' | 'url'>>,
  action: string,
  opts: DestructiveGuardOptions & { always?: boolean; command?: string } = {},
): Promise<void> {
  if (targets.length === 0) throw new QuentyError('USAGE', `${action}: no database selected`, { hint: 'name the databases with --db' });
  const names = targets.map((t) => t.name).join(', ');
  const reasons = productionReasons(ctx.config.nodeEnv, targets);
  if (reasons.length && !opts.force) {
    throw new QuentyError('PRODUCTION_GUARD', `refusing to ${action} on ${names}: ${reasons.join('; ')}`, {
      hint: 'this looks like production; pass --force only if you are sure (and back up first)',
    });
  }
  if (opts.yes) return;
  if (targets.length < 2 && !opts.always) return;
  const ask = opts.confirm ?? terminalConfirm();
  const what = `${action} on ${targets.length} database${targets.length === 1 ? '' : 's'} (${names})`;
  if (!ask) {
    throw new QuentyError('USAGE', `refusing to ${what} without confirmation: there is no terminal to ask on`, {
      hint: `pass --yes to confirm${opts.command ? ` (\`${opts.command} --yes\`)` : ''}, or narrow it with --db`,
    });
  }
  if (!(await ask(`About to ${what}. Continue?`))) {
    throw new QuentyError('USAGE', `not confirmed: did not ${what}`, { hint: 'nothing was changed' });
  }
}
