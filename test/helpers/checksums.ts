import { withClient, quoteIdent } from '../../src/db/targets';

/** md5 of every table's rows (ordered by their text form), by table name: equal data, equal map. */
export async function tableChecksums(url: string): Promise<Record<string, string>> {
  return withClient(url, 'checksum', async (c) => {
    const { rows } = await c.query(
      `SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'public' AND c.relkind IN ('r','p') ORDER BY 1`,
    );
    const out: Record<string, string> = {};
    for (const r of rows) {
      const q = await c.query(`SELECT count(*)::int AS n, md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) AS h FROM ${quoteIdent(r.relname)} t`);
      out[r.relname] = `${q.rows[0].n}:${q.rows[0].h}`;
    }
    return out;
  });
}
