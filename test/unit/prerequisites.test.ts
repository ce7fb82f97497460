import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { PREREQUISITES, ensurePrerequisites, findCommand, toolStatus } from '../helpers/prerequisites';

/**
 * The test prerequisites (`npm test`'s pretest step): a missing package is installed when apt-get
 * can, reported as a skip with its reason when it cannot, and a failure with CI=true. Absence is
 * simulated with QUENTY_TEST_ABSENT and a PATH of our own; nothing is uninstalled.
 */
const ROOT = path.resolve(__dirname, '..', '..');

/** Only PgBouncer's line: what else this machine lacks (Chromium on a new one) is not the test's business. */
function run(env: Record<string, string>) {
  const lines: string[] = [];
  const r = ensurePrerequisites(
    { PATH: process.env.PATH, ...env },
    (l) => lines.push(l),
    PREREQUISITES.filter((p) => p.package === 'pgbouncer'),
  );
  return { ...r, lines };
}

test('each prerequisite is one line: a Debian package and the command the tests run', () => {
  const packages = PREREQUISITES.map((p) => p.package);
  expect(new Set(packages).size).toBe(packages.length);
  expect(packages).toEqual(expect.arrayContaining(['pgbouncer', 'chromium']));
  for (const p of PREREQUISITES) expect(p.command).toMatch(/^[a-z_-]+$/);
});

test('a missing tool that cannot be installed is a skip with the reason, and a failure with CI=true', () => {
  const local = run({ QUENTY_TEST_ABSENT: 'pgbouncer' });
  expect(local.status).toBe(0);
  expect(local.missing.map((m) => m.prerequisite.package)).toEqual(['pgbouncer']);
  expect(local.lines.join('\n')).toMatch(
    /pgbouncer missing: the PgBouncer tests are skipped: pgbouncer is not installed \(Debian package pgbouncer.*QUENTY_TEST_ABSENT names pgbouncer/,
  );
  expect(local.installed).toEqual([]);
  const ci = run({ QUENTY_TEST_ABSENT: 'pgbouncer', CI: 'true' });
  expect(ci.status).toBe(1);
  expect(ci.lines.join('\n')).toMatch(/pgbouncer missing: FAILURE \(CI=true\)/);
  expect(toolStatus('pgbouncer', { PATH: process.env.PATH, QUENTY_TEST_ABSENT: 'pgbouncer' }).reason).toMatch(/not installed/);
});

test('a missing package is installed with apt-get when it can be, and said so', () => {
  if (process.getuid?.() !== 0) return; // the install path needs root; covered in CI, which runs as root
  const bin = fs.mkdtempSync(path.join(os.tmpdir(), 'quenty-prereq-'));
  const calls = path.join(bin, 'calls.log');
  // A stand-in apt-get first on PATH: records its arguments and "installs" the command.
  fs.writeFileSync(
    path.join(bin, 'apt-get'),
    `#!/bin/sh\necho "$@" >> ${calls}\nif [ "$1" = install ]; then for a in "$@"; do case "$a" in -*|install) ;; *) printf '#!/bin/sh\\n' > ${bin}/$a; chmod +x ${bin}/$a;; esac; done; fi\n`,
    { mode: 0o755 },
  );
  try {
    const fake = [{ package: 'quenty-fake-tool', command: 'quenty-fake-tool', tests: 'fake tests' }];
    const env = { PATH: `${bin}${path.delimiter}${process.env.PATH}` };
    expect(findCommand('quenty-fake-tool', env)).toBeUndefined();
    const lines: string[] = [];
    const r = ensurePrerequisites(env, (l) => lines.push(l), fake);
    expect(r).toMatchObject({ status: 0, installed: ['quenty-fake-tool'], missing: [] });
    expect(lines).toEqual(['test prerequisites: installing quenty-fake-tool with apt-get', 'test prerequisites: installed quenty-fake-tool']);
    expect(fs.readFileSync(calls, 'utf8').trim().split('\n')).toEqual(['update -qq', 'install -y -qq --no-install-recommends quenty-fake-tool']);
    expect(findCommand('quenty-fake-tool', env)).toBe(path.join(bin, 'quenty-fake-tool'));
  } finally {
    fs.rmSync(bin, { recursive: true, force: true });
  }
});

test('the pretest step exits 1 with CI=true when a tool is missing, 0 without CI', () => {
  const script = path.join(ROOT, 'test', 'helpers', 'prerequisites.ts');
  const tsx = [require.resolve('tsx/cli')];
  const ci = spawnSync(process.execPath, [...tsx, script], { env: { ...process.env, CI: 'true', QUENTY_TEST_ABSENT: 'pgbouncer' }, encoding: 'utf8' });
  expect(ci.status).toBe(1);
  expect(ci.stdout).toContain('pgbouncer missing: FAILURE (CI=true)');
  const local = spawnSync(process.execPath, [...tsx, script], { env: { ...process.env, CI: '', QUENTY_TEST_ABSENT: 'pgbouncer' }, encoding: 'utf8' });
  expect(local.status).toBe(0);
  expect(local.stdout).toContain('the PgBouncer tests are skipped');
});
