import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import pg from 'pg';
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

  it('wal_level = minimal: a seed writes no row to the WAL, and no relation of 64 kB or more page by page', async () => {
    // On this file's own server, where nothing else runs: no checkpoint removes the WAL between
    // the two positions, and every record is the seed's. New databases (`up --no-seed`), then
    // `seed` without --reset, the everyday case. The WAL is read with pg_walinspect (a contrib
    // module of PostgreSQL 15): rows are Heap/Heap2 INSERT records; an FPI record is a page copied
    // whole, which is how a relation made in the transaction and under wal_skip_threshold becomes
    // durable at COMMIT (a larger one is fsynced).
    const up = cli('up', '--no-seed');
    expect({ status: up.status, stderr: up.stderr }).toMatchObject({ status: 0 });
    const state = JSON.parse(fs.readFileSync(path.join(home, 'embedded.json'), 'utf8')) as { port: number };
    const password = JSON.parse(fs.readFileSync(path.join(home, 'credentials.json'), 'utf8')).superuser.password as string;
    const connect = async (database: string) => {
      const c = new pg.Client({ host: '127.0.0.1', port: state.port, user: 'postgres', password, database });
      await c.connect();
      return c;
    };
    const admin = await connect('postgres');
    try {
      expect((await admin.query('SHOW wal_level')).rows[0].wal_level).toBe('minimal');
      const position = async () => (await admin.query<{ l: string }>('SELECT pg_current_wal_insert_lsn()::text AS l')).rows[0].l;
      const before = await position();
      const seeded = cli('seed', '--rows', '60000', '--now', '2026-11-30');
      expect({ status: seeded.status, stderr: seeded.stderr }).toMatchObject({ status: 0 });
      const after = await position();
      await admin.query('CREATE EXTENSION IF NOT EXISTS pg_walinspect');
      const records = (
        await admin.query<{ kind: string; block_ref: string }>(
          `SELECT CASE WHEN record_type = 'FPI' THEN 'page' ELSE 'row' END AS kind, block_ref FROM pg_get_wal_records_info($1::pg_lsn, $2::pg_lsn)
            WHERE (resource_manager = 'XLOG' AND record_type = 'FPI') OR (resource_manager IN ('Heap', 'Heap2') AND record_type LIKE '%INSERT%')`,
          [before, after],
        )
      ).rows;
      // Per relation file (database OID / relfilenode), main fork: pages copied, rows inserted.
      const pages = new Map<string, Set<number>>();
      const rows = new Map<string, number>();
      for (const r of records)
        for (const m of r.block_ref.matchAll(/rel \d+\/(\d+)\/(\d+) fork main blk (\d+)/g)) {
          const key = `${m[1]}/${m[2]}`;
          if (r.kind === 'row') rows.set(key, (rows.get(key) ?? 0) + 1);
          else pages.set(key, (pages.get(key) ?? new Set<number>()).add(Number(m[3])));
        }
      let relations = 0;
      let over64k = 0;
      const paged: string[] = [];
      const logged: string[] = [];
      for (const { name } of loadRegistry().databases) {
        const c = await connect(name);
        try {
          const rels = await c.query<{ file: string; name: string; bytes: string }>(
            `SELECT (SELECT oid FROM pg_database WHERE datname = current_database())::text || '/' || pg_relation_filenode(c.oid) AS file,
                    c.oid::regclass::text AS name, pg_relation_size(c.oid) AS bytes
               FROM pg_class c WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'i') AND pg_relation_size(c.oid) > 0`,
          );
          for (const r of rels.rows) {
            relations++;
            if (Number(r.bytes) >= 65_536) over64k++;
            const n = pages.get(r.file)?.size ?? 0;
            if (n >= 8) paged.push(`${name}.${r.name}: ${n} pages in the WAL, ${r.bytes} bytes`);
            if (rows.has(r.file)) logged.push(`${name}.${r.name}: ${rows.get(r.file)} insert records`);
          }
        } finally {
          await c.end();
        }
      }
      // Relations of every size; none of 64 kB or more went to the WAL page by page, and no row.
      expect(relations).toBeGreaterThan(100);
      expect(over64k).toBeGreaterThan(20);
      expect(paged).toEqual([]);
      expect(logged).toEqual([]);
    } finally {
      await admin.end();
    }
  });
});
