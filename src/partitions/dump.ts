import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { clientConfig, Target } from '../db/targets';
import { QuentyError } from '../util/errors';
import { redact } from '../util/redact';

/**
 * pg_dump of one table before it is dropped. The password goes through PGPASSWORD, never on the
 * command line. pg_dump must be at least the server's major version (Debian's is 15); set
 * QUENTY_PG_DUMP / QUENTY_PG_RESTORE to use another.
 */
export function findTool(tool: 'pg_dump' | 'pg_restore', env: Record<string, string | undefined> = process.env): string {
  const override = env[tool === 'pg_dump' ? 'QUENTY_PG_DUMP' : 'QUENTY_PG_RESTORE'];
  if (override) return override;
  for (const dir of ['/usr/bin', '/usr/local/bin', ...(env.PATH ?? '').split(path.delimiter)]) {
    const f = path.join(dir, tool);
    if (dir && fs.existsSync(f)) return f;
  }
  throw new QuentyError('TOOL_MISSING', `${tool} not found`, { hint: `install postgresql-client-15 (apt-get install postgresql-client-15) or set QUENTY_${tool.toUpperCase()}` });
}

export const findPgDump = (env?: Record<string, string | undefined>) => findTool('pg_dump', env);

export function pgEnv(url: string): NodeJS.ProcessEnv {
  const c = clientConfig(url);
  const env: NodeJS.ProcessEnv = { ...process.env, PGDATABASE: c.database, PGHOST: c.host, PGPORT: c.port ? String(c.port) : undefined, PGUSER: c.user };
  if (c.password) env.PGPASSWORD = String(c.password);
  for (const k of Object.keys(env)) if (env[k] === undefined) delete env[k];
  return env;
}

export function run(cmd: string, args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const p = spawn(cmd, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d) => (stdout += d));
    p.stderr.on('data', (d) => (stderr += d));
    p.on('error', reject);
    p.on('close', (code) => resolve({ code: code ?? 1, stdout, stderr }));
  });
}

/** Dumps `schema.table` to `<backupDir>/partitions/<dbName>/<table>-<UTC stamp>.dump` and checks the file. */
export async function dumpTable(target: Target, schema: string, table: string, backupDir: string, now = new Date()): Promise<{ file: string; bytes: number }> {
  const dir = path.join(backupDir, 'partitions', target.dbName);
  fs.mkdirSync(dir, { recursive: true });
  const stamp = now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  const file = path.join(dir, `${table}-${stamp}.dump`);
  const env = pgEnv(target.url);
  const dump = await run(findTool('pg_dump'), ['-Fc', '--no-password', '-t', `"${schema}"."${table}"`, '-f', file], env);
  if (dump.code !== 0) {
    fs.rmSync(file, { force: true });
    throw new QuentyError('BACKUP', `pg_dump of ${table} failed (exit ${dump.code}): ${redact(dump.stderr.trim())}; the table was not dropped`, {
      database: target.name,
      hint: 'pg_dump must be at least the server major version; set QUENTY_PG_DUMP',
    });
  }
  const list = await run(findTool('pg_restore'), ['--list', file], env);
  if (list.code !== 0 || !list.stdout.includes(`TABLE DATA ${schema} ${table} `)) {
    throw new QuentyError('BACKUP', `the dump ${file} of ${table} does not read back (pg_restore --list): ${redact(list.stderr.trim())}; the table was not dropped`, { database: target.name });
  }
  return { file, bytes: fs.statSync(file).size };
}
