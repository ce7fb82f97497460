import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { CLI } from '../helpers/context';
import { loadRegistry } from '../../src/registry';
import { listMigrationFiles } from '../../src/migrate';

/** The embedded default, through the CLI, in a QUENTY_HOME of its own: first use, status, stop. */
describe('the embedded PostgreSQL', () => {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'quenty-emb-'));
  const env = { ...process.env, QUENTY_HOME: home, QUENTY_DATABASE_URL: '', QUENTY_DB_PREFIX: '' };
  const cli = (...args: string[]) => spawnSync(CLI, args, { encoding: 'utf8', env, timeout: 120_000 });
  afterAll(() => {
    cli('server', 'stop');
  });

  it('starts on first use, stays up between commands, and stops', () => {
    const before = cli('server', 'status', '--json');
    expect(JSON.parse(before.stdout)).toEqual({ running: false, initialized: false });
    expect(before.status).toBe(3);
    const first = cli('create', '--db', 'auth_db', '--json');
    expect(first.status).toBe(0);
    expect(JSON.parse(first.stdout).databases[0]).toMatchObject({ database: 'auth_db', ok: true, createdDatabase: true });
    const st = JSON.parse(cli('server', 'status', '--json').stdout);
    expect(st).toMatchObject({ running: true, initialized: true });
    expect(st.url).toMatch(/^postgres:\/\/postgres:\*\*\*@127\.0\.0\.1:\d+\/postgres$/);
    const creds = path.join(home, 'credentials.json');
    expect(fs.statSync(creds).mode & 0o777).toBe(0o600);
    const password = JSON.parse(fs.readFileSync(creds, 'utf8')).superuser.password as string;
    const migrated = cli('migrate', 'latest', '--db', 'auth_db');
    expect(migrated.status).toBe(0);
    const files = listMigrationFiles(loadRegistry().migrationsDir('auth_db')).length;
    expect(migrated.stdout).toContain(`auth_db: ${files} migration(s) applied`);
    expect(migrated.stdout + migrated.stderr + st.url).not.toContain(password);
    const stop = cli('server', 'stop', '--json');
    expect(JSON.parse(stop.stdout)).toEqual({ stopped: true });
    expect(cli('server', 'status').status).toBe(3);
    // Starts again on the next use, with the same data.
    const again = cli('migrate', 'status', '--db', 'auth_db', '--json');
    expect(again.status).toBe(0);
    expect(JSON.parse(again.stdout).databases[0]).toMatchObject({ reachable: true, applied: files, pending: [] });
  });

  it('gives a server made by an earlier version its settings on the next start, never fewer connections', () => {
    expect(cli('server', 'stop').status).toBe(0);
    // The server's own folder (under a temporary home it may lie elsewhere: embedded.json says where).
    const state = JSON.parse(fs.readFileSync(path.join(home, 'embedded.json'), 'utf8')) as { dataDir: string; port: number };
    const conf = path.join(state.dataDir, 'quenty.conf');
    const old = fs
      .readFileSync(conf, 'utf8')
      .replace(/^shared_buffers = .*$/m, 'shared_buffers = 1GB')
      .replace(/^max_connections = \d+$/m, 'max_connections = 997');
    fs.writeFileSync(conf, old);
    const status = cli('migrate', 'status', '--db', 'auth_db', '--json');
    expect(status.status).toBe(0);
    const now = fs.readFileSync(conf, 'utf8');
    expect(now).toMatch(/^shared_buffers = 512MB$/m);
    expect(now).toMatch(/^max_connections = 997$/m);
    // What the running server says, and the malloc settings its processes started with.
    const password = JSON.parse(fs.readFileSync(path.join(home, 'credentials.json'), 'utf8')).superuser.password as string;
    // The password through the environment, not the command line (which `ps` shows).
    const url = `postgres://postgres@127.0.0.1:${state.port}/postgres`;
    const show = spawnSync('psql', ['-qAt', url, '-c', 'SHOW shared_buffers', '-c', 'SHOW max_connections'], {
      encoding: 'utf8',
      env: { ...process.env, PGPASSWORD: password },
    });
    expect(show.stdout.trim().split('\n')).toEqual(['512MB', '997']);
    const pid = fs.readFileSync(path.join(state.dataDir, 'postmaster.pid'), 'utf8').split('\n')[0];
    // Read back from /proc, the variable ends after its first value on our machines: the first of
    // ours is enough.
    expect(fs.readFileSync(`/proc/${pid}/environ`, 'latin1').split('\0')).toContain('GLIBC_TUNABLES=glibc.malloc.mmap_threshold=33554432');
  });
});
