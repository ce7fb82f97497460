import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';

/**
 * The Debian packages the tests need, one line each. `npm test` (its `pretest` step runs this
 * file) installs the missing ones with apt-get when it can (root, apt-get present) and says so;
 * otherwise the tests that need them are reported as skipped, with the reason. With CI=true a
 * missing package is a failure, never a skip.
 *
 * A test file that needs one wraps its tests in `describeWithTool(command, title, fn)`.
 * QUENTY_TEST_ABSENT=<command>[,<command>] makes a command count as missing and not installable
 * (to see the skip path on a machine that has it).
 */
export interface Prerequisite {
  /** Debian package. */
  package: string;
  /** The command the tests run, found on PATH (or in /usr/sbin, /usr/local/sbin). */
  command: string;
  /** Which tests need it (said when they are skipped). */
  tests: string;
}

export const PREREQUISITES: readonly Prerequisite[] = [
  { package: 'postgresql-client', command: 'pg_dump', tests: 'backup tests (pg_dump/pg_restore/psql 15)' },
  { package: 'pgbouncer', command: 'pgbouncer', tests: 'PgBouncer tests' },
  { package: 'chromium', command: 'chromium', tests: 'browser tests (headless Chromium)' },
];

type Env = Record<string, string | undefined>;

const EXTRA_DIRS = ['/usr/sbin', '/usr/local/sbin', '/sbin'];

export function isCI(env: Env = process.env): boolean {
  return /^(1|true|yes)$/i.test(env.CI ?? '');
}

function absent(env: Env): Set<string> {
  return new Set(
    (env.QUENTY_TEST_ABSENT ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
  );
}

/** Where `command` is (PATH, then the sbin folders), or undefined. */
export function findCommand(command: string, env: Env = process.env): string | undefined {
  if (absent(env).has(command)) return undefined;
  const dirs = [...(env.PATH ?? '').split(path.delimiter).filter(Boolean), ...EXTRA_DIRS];
  for (const dir of dirs) {
    const file = path.join(dir, command);
    try {
      fs.accessSync(file, fs.constants.X_OK);
      if (fs.statSync(file).isFile()) return file;
    } catch {
      // not here
    }
  }
  return undefined;
}

/** Why apt-get cannot install here (undefined: it can). */
export function cannotInstall(env: Env = process.env, missing: readonly Prerequisite[] = []): string | undefined {
  const simulated = missing.filter((p) => absent(env).has(p.command)).map((p) => p.command);
  if (simulated.length) return `QUENTY_TEST_ABSENT names ${simulated.join(', ')}`;
  if (typeof process.getuid === 'function' && process.getuid() !== 0) return 'not root (run `sudo apt-get install -y <package>`)';
  if (!findCommand('apt-get', { PATH: env.PATH })) return 'no apt-get on this machine (install the package with its package manager)';
  return undefined;
}

export interface ToolStatus {
  prerequisite: Prerequisite;
  path?: string;
  /** Why it is missing: the sentence a skipped test shows. */
  reason?: string;
}

export function prerequisite(command: string): Prerequisite {
  const p = PREREQUISITES.find((x) => x.command === command);
  if (!p) throw new Error(`test/helpers/prerequisites.ts lists no package for the command ${command}: add a line to PREREQUISITES`);
  return p;
}

export function toolStatus(command: string | Prerequisite, env: Env = process.env): ToolStatus {
  const p = typeof command === 'string' ? prerequisite(command) : command;
  command = p.command;
  const found = findCommand(command, env);
  if (found) return { prerequisite: p, path: found };
  return { prerequisite: p, reason: `${command} is not installed (Debian package ${p.package}; \`npm test\` installs it when run as root with apt-get)` };
}

/**
 * `describe` when the tool is there; `describe.skip` with the reason in its title when it is
 * not; with CI=true a failing test instead of a skip.
 */
export function describeWithTool(command: string, title: string, fn: () => void): void {
  const s = toolStatus(command);
  if (s.path) describe(title, fn);
  else if (isCI()) {
    describe(title, () => {
      it(`needs ${command}`, () => {
        throw new Error(`${s.reason}; CI=true: a missing tool fails the run`);
      });
    });
  } else describe.skip(`${title} — skipped: ${s.reason}`, fn);
}

export interface EnsureResult {
  /** Found, or installed now. */
  present: string[];
  installed: string[];
  /** Still missing, with the reason. */
  missing: Array<{ prerequisite: Prerequisite; reason: string }>;
  /** Exit status: 1 when something is missing and CI=true. */
  status: number;
}

/** Checks every prerequisite and installs the missing ones when it can; `log` gets each line to say. */
export function ensurePrerequisites(
  env: Env = process.env,
  log: (line: string) => void = console.log,
  list: readonly Prerequisite[] = PREREQUISITES,
): EnsureResult {
  const first = list.map((p) => toolStatus(p, env));
  const lacking = first.filter((s) => !s.path).map((s) => s.prerequisite);
  const installed: string[] = [];
  let why: string | undefined;
  if (lacking.length) {
    why = cannotInstall(env, lacking);
    if (!why) {
      const pkgs = lacking.map((p) => p.package);
      log(`test prerequisites: installing ${pkgs.join(', ')} with apt-get`);
      const quiet = { stdio: 'inherit' as const, env: { ...process.env, ...env, DEBIAN_FRONTEND: 'noninteractive' } };
      spawnSync('apt-get', ['update', '-qq'], quiet);
      const r = spawnSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...pkgs], quiet);
      if (r.status !== 0) why = `apt-get install ${pkgs.join(' ')} failed (exit ${r.status ?? r.error?.message})`;
      // Debian's pgbouncer package starts a service on 6432; the tests start their own.
      if (pkgs.includes('pgbouncer')) spawnSync('service', ['pgbouncer', 'stop'], { stdio: 'ignore' });
    }
  }
  const present: string[] = [];
  const missing: EnsureResult['missing'] = [];
  for (const s of first) {
    const now = s.path ? s : toolStatus(s.prerequisite, env);
    if (now.path) {
      present.push(s.prerequisite.command);
      if (!s.path) installed.push(s.prerequisite.package);
    } else missing.push({ prerequisite: s.prerequisite, reason: `${now.reason}${why ? `; not installed now: ${why}` : ''}` });
  }
  if (installed.length) log(`test prerequisites: installed ${installed.join(', ')}`);
  else if (!missing.length) log(`test prerequisites: ${present.join(', ')} found`);
  const ci = isCI(env);
  for (const m of missing) {
    log(`test prerequisites: ${m.prerequisite.command} missing: ${ci ? 'FAILURE (CI=true)' : `the ${m.prerequisite.tests} are skipped`}: ${m.reason}`);
  }
  return { present, installed, missing, status: ci && missing.length ? 1 : 0 };
}

if (require.main === module) {
  process.exitCode = ensurePrerequisites().status;
}
