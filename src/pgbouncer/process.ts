import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { ChildProcess, spawn } from 'node:child_process';
import { QuentyError } from '../util/errors';
import { sleep } from '../util/concurrency';
import { detectPgBouncer } from './index';
import { OsUser, serverOsUser } from '../embedded';

/**
 * Runs a PgBouncer in the foreground of a child process (tests, benchmarks, local trials).
 * PgBouncer refuses to run as root: as root it runs as the embedded server's OS user
 * (serverOsUser), and the generated files are handed to that user.
 */
export { freePort } from '../util/net';

export interface RunningPgBouncer {
  pid: number;
  port: number;
  /** Everything PgBouncer logged so far (pgbouncer.log beside the ini). */
  log(): string;
  stop(): Promise<void>;
}

/** As root, PgBouncer runs as the OS user of the embedded server (it refuses to run as root). */
function unprivilegedUser(): OsUser | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const user = serverOsUser();
  if (!user) throw new QuentyError('TOOL_MISSING', 'running as root and no unprivileged OS user (postgres, quenty, nobody) to run PgBouncer as');
  return user;
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect({ host: '127.0.0.1', port }, () => {
      s.destroy();
      resolve(true);
    });
    s.on('error', () => resolve(false));
  });
}

/** Starts `pgbouncer <ini>` and waits until it listens on `port` (from the ini). */
export async function startPgBouncer(iniFile: string, port: number, opts: { timeoutMs?: number } = {}): Promise<RunningPgBouncer> {
  const found = detectPgBouncer();
  if (!found) {
    throw new QuentyError('TOOL_MISSING', 'pgbouncer is not installed', { hint: 'apt-get install -y pgbouncer (Debian package `pgbouncer`)' });
  }
  const user = unprivilegedUser();
  if (user) {
    // The files (and their folder) must be readable by that user; userlist.txt stays 0600.
    const dir = path.dirname(iniFile);
    for (const f of [dir, ...fs.readdirSync(dir).map((n) => path.join(dir, n))]) fs.chownSync(f, user.uid, user.gid);
    // Every parent folder must be searchable.
    for (let d = path.dirname(dir); d !== path.dirname(d); d = path.dirname(d)) {
      const mode = fs.statSync(d).mode;
      if ((mode & 0o001) === 0)
        throw new QuentyError('USAGE', `${d} is not searchable by ${user.name}: put the PgBouncer files elsewhere (e.g. under ${os.tmpdir()})`);
    }
  }
  // Its log goes to a file, not a pipe: a pipe nobody reads (a parent blocked in spawnSync)
  // fills up and stalls PgBouncer.
  const logFile = path.join(path.dirname(iniFile), 'pgbouncer.log');
  const fd = fs.openSync(logFile, 'a', 0o644);
  const log = () => (fs.existsSync(logFile) ? fs.readFileSync(logFile, 'utf8') : '');
  const child: ChildProcess = spawn(found.bin, [iniFile], {
    stdio: ['ignore', fd, fd],
    ...(user ? { uid: user.uid, gid: user.gid } : {}),
  });
  fs.closeSync(fd);
  let exited: number | null | undefined;
  child.on('exit', (code) => (exited = code));
  const deadline = Date.now() + (opts.timeoutMs ?? 15_000);
  while (!(await canConnect(port))) {
    if (exited !== undefined) throw new QuentyError('TOOL_MISSING', `pgbouncer exited with code ${exited}: ${log().trim().split('\n').slice(-5).join(' | ')}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new QuentyError('TOOL_MISSING', `pgbouncer did not listen on ${port}: ${log().trim().split('\n').slice(-5).join(' | ')}`);
    }
    await sleep(50);
  }
  return {
    pid: child.pid!,
    port,
    log,
    stop: async () => {
      if (exited !== undefined) return;
      const done = new Promise<void>((r) => child.once('exit', () => r()));
      child.kill('SIGINT');
      const t = setTimeout(() => child.kill('SIGKILL'), 5000);
      await done;
      clearTimeout(t);
    },
  };
}
