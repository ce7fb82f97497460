import fs from 'node:fs';
import path from 'node:path';
import { Target } from '../db/targets';
import { QuentyError } from '../util/errors';
import { findTool, pgEnv, runTool } from '../backup/tools';

/**
 * pg_dump of one table before it is dropped, checked with pg_restore --list. The client tools
 * are found as for backups (QUENTY_PG_BIN, else PATH, else /usr/lib/postgresql/<N>/bin); the
 * password goes through PGPASSWORD, never on the command line.
 */
export const findPgDump = (env?: Record<string, string | undefined>) => findTool('pg_dump', env);

/** Dumps `schema.table` to `<backupDir>/partitions/<dbName>/<table>-<UTC stamp>.dump` and checks the file. */
export async function dumpTable(target: Target, schema: string, table: string, backupDir: string, now = new Date()): Promise<{ file: string; bytes: number }> {
  const dir = path.join(backupDir, 'partitions', target.dbName);
  fs.mkdirSync(dir, { recursive: true });
  const stamp = now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  const file = path.join(dir, `${table}-${stamp}.dump`);
  const env = pgEnv(target.url);
  const dump = await runTool(findTool('pg_dump'), ['-Fc', '--no-password', '-t', `"${schema}"."${table}"`, '-f', file], env);
  if (dump.code !== 0) {
    fs.rmSync(file, { force: true });
    throw new QuentyError('BACKUP', `pg_dump of ${table} failed (exit ${dump.code}): ${dump.stderr}; the table was not dropped`, {
      database: target.name,
      hint: 'pg_dump must be at least the server major version (QUENTY_PG_BIN points at another one)',
    });
  }
  const list = await runTool(findTool('pg_restore'), ['--list', file], env);
  if (list.code !== 0 || !list.stdout.includes(`TABLE DATA ${schema} ${table} `)) {
    throw new QuentyError('BACKUP', `the dump ${file} of ${table} does not read back (pg_restore --list): ${list.stderr}; the table was not dropped`, { database: target.name });
  }
  return { file, bytes: fs.statSync(file).size };
}
