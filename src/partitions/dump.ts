import fs from 'node:fs';
import path from 'node:path';
import { Target, withClient } from '../db/targets';
import { QuentyError } from '../util/errors';
import { checkToolVersion, findTool, pgEnv, runTool, toolVersion } from '../db/tools';

/**
 * pg_dump of one table before it is dropped, checked with pg_restore --list. The client tools
 * are found as for backups (QUENTY_PG_BIN of the configuration, else PATH, else
 * /usr/lib/postgresql/<N>/bin) and a pg_dump older than the server is refused; the password
 * goes through PGPASSWORD, never on the command line.
 */

/** Dumps `schema.table` to `<backupDir>/partitions/<dbName>/<table>-<UTC stamp>.dump` and checks the file. */
export async function dumpTable(
  target: Target,
  schema: string,
  table: string,
  backupDir: string,
  opts: { env?: Record<string, string | undefined>; now?: Date } = {},
): Promise<{ file: string; bytes: number }> {
  const pgDump = findTool('pg_dump', opts.env);
  const pgRestore = findTool('pg_restore', opts.env);
  const tool = await toolVersion(pgDump);
  const serverVersion = await withClient(
    target.url,
    target.name,
    async (c) => Number((await c.query(`SELECT current_setting('server_version_num') AS n`)).rows[0].n),
    'quenty-db partitions',
  );
  checkToolVersion('pg_dump', tool.major, serverVersion, target.name);
  const dir = path.join(backupDir, 'partitions', target.dbName);
  fs.mkdirSync(dir, { recursive: true });
  const stamp = (opts.now ?? new Date())
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
  const file = path.join(dir, `${table}-${stamp}.dump`);
  const env = pgEnv(target.url);
  const dump = await runTool(pgDump, ['-Fc', '--no-password', '-t', `"${schema}"."${table}"`, '-f', file], env);
  if (dump.code !== 0) {
    fs.rmSync(file, { force: true });
    throw new QuentyError('BACKUP', `pg_dump of ${table} failed (exit ${dump.code}): ${dump.stderr}; the table was not dropped`, {
      database: target.name,
      hint: 'see the message above; the table is detached and kept',
    });
  }
  const list = await runTool(pgRestore, ['--list', file], env);
  if (list.code !== 0 || !list.stdout.includes(`TABLE DATA ${schema} ${table} `)) {
    throw new QuentyError('BACKUP', `the dump ${file} of ${table} does not read back (pg_restore --list): ${list.stderr}; the table was not dropped`, {
      database: target.name,
    });
  }
  return { file, bytes: fs.statSync(file).size };
}
