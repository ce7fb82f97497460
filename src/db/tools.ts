import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parse as parseConnectionString } from 'pg-connection-string';
import { QuentyError } from '../util/errors';
import { redact, registerSecret } from '../util/redact';

/**
 * The PostgreSQL client tools (pg_dump, pg_restore, pg_dumpall). Found in QUENTY_PG_BIN,
 * else on PATH, else in /usr/lib/postgresql/<major>/bin (newest first). Connection details go
 * to the child through PG* environment variables: the password never appears on a command line.
 */
export type ToolName = 'pg_dump' | 'pg_restore' | 'pg_dumpall';

export const CLIENT_PACKAGE_HINT =
  'install the PostgreSQL client tools: on Debian/Ubuntu `apt-get install postgresql-client` ' +
  "(postgresql-client-15 or newer; the tools must be at least the server's major version), or set QUENTY_PG_BIN to their folder";

export interface ToolPaths {
  pg_dump: string;
  pg_restore: string;
  pg_dumpall: string;
}

function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

/** Where to look for a tool, in order (pure, given the environment and the Debian folders). */
export function toolCandidates(tool: string, env: Record<string, string | undefined>, debianMajors: string[] = []): string[] {
  // An explicit QUENTY_PG_BIN is the only place looked at.
  if (env.QUENTY_PG_BIN) return [path.join(env.QUENTY_PG_BIN, tool)];
  const out: string[] = [];
  for (const dir of (env.PATH ?? process.env.PATH ?? '').split(path.delimiter).filter(Boolean)) out.push(path.join(dir, tool));
  for (const m of [...debianMajors].sort((a, b) => Number(b) - Number(a))) out.push(path.join('/usr/lib/postgresql', m, 'bin', tool));
  return out;
}

export function findTool(tool: ToolName, env: Record<string, string | undefined> = process.env): string {
  let majors: string[] = [];
  if (!env.QUENTY_PG_BIN)
    try {
      majors = fs.readdirSync('/usr/lib/postgresql').filter((d) => /^\d+$/.test(d));
    } catch {
      /* not Debian */
    }
  const found = toolCandidates(tool, env, majors).find(isExecutable);
  if (!found) {
    throw new QuentyError('TOOL_MISSING', `${tool} not found${env.QUENTY_PG_BIN ? ` (QUENTY_PG_BIN=${env.QUENTY_PG_BIN})` : ' on PATH'}`, {
      hint: CLIENT_PACKAGE_HINT,
    });
  }
  return found;
}

export function findTools(env: Record<string, string | undefined> = process.env): ToolPaths {
  return { pg_dump: findTool('pg_dump', env), pg_restore: findTool('pg_restore', env), pg_dumpall: findTool('pg_dumpall', env) };
}

/** `pg_dump (PostgreSQL) 15.18 (Debian 15.18-0+deb12u1)` → { major: 15, text: '15.18' }. */
export function parseToolVersion(output: string): { major: number; version: string } | undefined {
  const m = /\(PostgreSQL\)\s+(\d+)(?:\.(\d+))?/.exec(output) ?? /\b(\d+)\.(\d+)\b/.exec(output);
  if (!m) return undefined;
  return { major: Number(m[1]), version: m[2] !== undefined ? `${m[1]}.${m[2]}` : m[1] };
}

/** server_version_num 150018 → 15. */
export function serverMajor(versionNum: number): number {
  return Math.floor(versionNum / 10000);
}

/** Refuses a tool older than the server (pg_dump cannot dump a newer server). */
export function checkToolVersion(tool: string, toolMajor: number, serverVersionNum: number, database: string): void {
  const sm = serverMajor(serverVersionNum);
  if (toolMajor < sm) {
    throw new QuentyError('TOOL_MISSING', `${tool} ${toolMajor} is older than the server of ${database} (PostgreSQL ${sm}): it cannot dump it`, {
      database,
      hint: `install postgresql-client-${sm} (Debian package postgresql-client) or newer, or set QUENTY_PG_BIN`,
    });
  }
}

const versionCache = new Map<string, { major: number; version: string }>();

export async function toolVersion(file: string): Promise<{ major: number; version: string }> {
  const cached = versionCache.get(file);
  if (cached) return cached;
  const r = await runTool(file, ['--version'], {});
  const v = parseToolVersion(r.stdout);
  if (r.code !== 0 || !v) throw new QuentyError('TOOL_MISSING', `cannot read the version of ${file}: ${r.stderr || r.stdout}`, { hint: CLIENT_PACKAGE_HINT });
  versionCache.set(file, v);
  return v;
}

/** PG* environment for a child process connecting to `url` (the password only in PGPASSWORD). */
export function pgEnv(url: string, database?: string): Record<string, string> {
  const c = parseConnectionString(url);
  registerSecret(c.password);
  const env: Record<string, string> = { PGAPPNAME: 'quenty-db backup', PGCONNECT_TIMEOUT: '10' };
  if (c.host) env.PGHOST = c.host;
  if (c.port) env.PGPORT = String(c.port);
  if (c.user) env.PGUSER = c.user;
  if (c.password) env.PGPASSWORD = c.password;
  const db = database ?? c.database;
  if (db) env.PGDATABASE = db;
  const sslmode = new URL(url).searchParams.get('sslmode');
  if (sslmode) env.PGSSLMODE = sslmode;
  return env;
}

export interface ToolResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs a tool with extra environment; never throws for a non-zero exit (the caller decides).
 * A missing binary becomes TOOL_MISSING. stdout is kept only up to `maxStdout` characters.
 */
export function runTool(file: string, args: string[], env: Record<string, string>, opts: { maxStdout?: number } = {}): Promise<ToolResult> {
  return new Promise((resolve, reject) => {
    // PG* variables of our own environment must not leak into the child's connection.
    const base: Record<string, string | undefined> = {};
    for (const [k, v] of Object.entries(process.env)) if (!/^PG/.test(k)) base[k] = v;
    const child = spawn(file, args, { env: { ...base, ...env, LC_ALL: 'C' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    const max = opts.maxStdout ?? 64 * 1024 * 1024;
    child.stdout.on('data', (d: Buffer) => {
      if (stdout.length < max) stdout += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      if (stderr.length < 1024 * 1024) stderr += d.toString();
    });
    child.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'ENOENT') reject(new QuentyError('TOOL_MISSING', `${path.basename(file)} not found at ${file}`, { hint: CLIENT_PACKAGE_HINT }));
      else reject(e);
    });
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr: redact(stderr.trim()) }));
  });
}

/** Whether a tool's error output says the disk is full. */
export function isDiskFull(stderr: string): boolean {
  return /no space left on device|could not extend file|disk full|ENOSPC/i.test(stderr);
}
