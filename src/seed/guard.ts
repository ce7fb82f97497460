import type { Context, Target } from '../db/targets';
import { QuentyError } from '../util/errors';
import { parse as parseConnectionString } from 'pg-connection-string';

const PROD = /(^|[^a-z])prod(uction)?([^a-z]|$)/i;

/** Pure: why this run looks like production (empty when it does not). */
export function productionReasons(nodeEnv: string | undefined, targets: Pick<Target, 'name' | 'dbName' | 'url'>[]): string[] {
  const reasons: string[] = [];
  if ((nodeEnv ?? '').toLowerCase() === 'production') reasons.push('NODE_ENV=production');
  for (const t of targets) {
    const host = parseConnectionString(t.url).host ?? '';
    if (PROD.test(host)) reasons.push(`${t.name}: host "${host}" looks like production`);
    if (PROD.test(t.dbName)) reasons.push(`${t.name}: database "${t.dbName}" looks like production`);
  }
  return reasons;
}

/** Refuses to write seed data where production may be, unless forced. */
export function assertNotProduction(ctx: Context, targets: Target[], force = false): void {
  const reasons = productionReasons(ctx.config.nodeEnv, targets);
  if (reasons.length && !force) {
    throw new QuentyError('PRODUCTION_GUARD', `refusing to write seed data: ${reasons.join('; ')}`, {
      hint: 'seed data is for development and test databases; pass --force only if you are sure',
    });
  }
}
