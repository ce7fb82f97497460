import type { Knex } from 'knex';
import { recordingKnex } from '../migrate';

/**
 * The SQL a migration module's `up` would run, read without a server: the migration runs against
 * migrate's recording knex (the one of `migrate --dry-run`), so builder calls (`dropColumn`,
 * `renameColumn`, `.alter()`) are read as well as `knex.raw`. Reads see an empty database.
 */
export async function captureUp(mod: { up: (k: Knex) => Promise<unknown>; config?: { transaction?: boolean } }): Promise<string[]> {
  const sink: string[] = [];
  const knex = recordingKnex(undefined, sink);
  try {
    if (mod.config?.transaction === false) await mod.up(knex);
    else
      await knex.transaction(async (trx) => {
        await mod.up(trx);
      });
  } finally {
    await knex.destroy().catch(() => undefined);
  }
  return sink;
}
