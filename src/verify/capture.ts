import knexFactory, { Knex } from 'knex';

/**
 * A knex that needs no server: every query is recorded (with its bindings inlined) instead of
 * sent, and reads return no rows. Running a migration's `up` against it yields the SQL it would
 * run, for builder calls (`dropColumn`, `renameColumn`, `.alter()`) as well as `knex.raw`.
 */
export function captureKnex(sink: string[]): Knex {
  const knex = knexFactory({ client: 'pg' });
  const client = knex.client as unknown as {
    acquireConnection: () => Promise<unknown>;
    releaseConnection: () => Promise<void>;
  };
  // A fake pg connection: knex's own query path (also inside transactions) ends in its query().
  const connection = {
    __quentyCapture: true,
    query(config: { text: string; values?: unknown[] }, cb: (err: Error | null, res: unknown) => void) {
      const sql = inlineBindings(config.text, config.values ?? []);
      const t = sql.trim();
      if (!/^(BEGIN|COMMIT|ROLLBACK)(;)?$/i.test(t) && !/^(SAVEPOINT|RELEASE SAVEPOINT|ROLLBACK TO SAVEPOINT)/i.test(t)) sink.push(sql);
      cb(null, { rows: [], rowCount: 0, fields: [], command: 'SELECT' });
    },
  };
  client.acquireConnection = async () => connection;
  client.releaseConnection = async () => undefined;
  return knex;
}

function literal(v: unknown): string {
  if (v === null || v === undefined) return 'NULL';
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  const s = v instanceof Date ? v.toISOString() : typeof v === 'object' ? JSON.stringify(v) : String(v);
  return "'" + s.replace(/'/g, "''") + "'";
}

/** Pure: `$1` placeholders (as knex hands them to pg) replaced by literals, for reading only. */
export function inlineBindings(sql: string, bindings: unknown[]): string {
  if (!bindings.length) return sql;
  return sql.replace(/\$(\d+)/g, (m, n) => (Number(n) - 1 < bindings.length ? literal(bindings[Number(n) - 1]) : m));
}

/** The SQL a migration module's `up` would run (reads see an empty database). */
export async function captureUp(mod: { up: (k: Knex) => Promise<unknown>; config?: { transaction?: boolean } }): Promise<string[]> {
  const sink: string[] = [];
  const knex = captureKnex(sink);
  try {
    if (mod.config?.transaction === false) await mod.up(knex);
    else await knex.transaction(async (trx) => { await mod.up(trx); });
  } finally {
    await knex.destroy().catch(() => undefined);
  }
  return sink;
}
