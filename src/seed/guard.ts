import type { Context, Target } from '../db/targets';
import { QuentyError } from '../util/errors';
import { productionReasons } from '../db/guard';

export { productionReasons };

/** Refuses to write seed data where production may be, unless forced. */
export function assertNotProduction(ctx: Context, targets: Target[], force = false): void {
  const reasons = productionReasons(ctx.config.nodeEnv, targets);
  if (reasons.length && !force) {
    throw new QuentyError('PRODUCTION_GUARD', `refusing to write seed data: ${reasons.join('; ')}`, {
      hint: 'seed data is for development and test databases; pass --force only if you are sure',
    });
  }
}
