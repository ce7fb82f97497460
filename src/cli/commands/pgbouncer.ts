import { Command } from 'commander';
import { engine, openContext } from '../lazy';
import type { CheckResult, ConfigResult } from '../../pgbouncer';
import { QuentyError } from '../../util/errors';
import { printJson, println, table, ok, bad, warn, dim } from '../output';
import { dbOption, jsonOption } from '../options';

function printConfig(r: ConfigResult) {
  const how = r.versionSource === 'option' ? 'from --pgbouncer-version' : r.versionSource === 'installed' ? 'installed here' : 'assumed';
  println(`PgBouncer ${r.version} (${how}); ${r.databases.length} database(s), ${r.users.length} user(s) in userlist.txt (SCRAM secrets only)`);
  for (const f of r.findings) {
    const tag = f.level === 'error' ? bad('error') : f.level === 'warn' ? warn('warn ') : dim('info ');
    println(`  ${tag} ${f.message}`);
  }
  if (r.written) {
    println(`${ok('✓')} wrote ${r.iniFile}`);
    println(`${ok('✓')} wrote ${r.userlistFile} (mode 0600)`);
  } else {
    println(`${bad('✗')} nothing written: fix the errors above (or --force)`);
  }
}

const MARK: Record<string, string> = { ok: 'ok', refused: 'refused', LEAK: 'LEAK', FAIL: 'FAIL', error: 'error' };

function printCheck(r: CheckResult) {
  println(`access matrix (${r.via}): rows are services, columns databases; own database must answer, the others must refuse`);
  const rows = r.services.map((s) => [
    s,
    ...r.databases.map((d) => {
      const c = r.cells.find((x) => x.service === s && x.database === d)!;
      const m = MARK[c.state];
      return c.state === 'ok' ? ok(m) : c.state === 'refused' ? dim(m) : bad(m);
    }),
  ]);
  println(table(['service', ...r.databases], rows));
  for (const c of r.cells.filter((x) => x.state !== 'ok' && x.state !== 'refused')) {
    println(`${bad('✗')} ${c.role} → ${c.database}: ${c.state}${c.detail ? ` (${c.detail})` : ''}`);
  }
  println(r.ok ? `${ok('✓')} each service reaches its own database and nothing else` : `${bad('✗')} access is not least privilege (see above)`);
}

function port(value: string): number {
  if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > 65535) throw new QuentyError('USAGE', `--port must be a port number, got "${value}"`);
  return Number(value);
}

export function registerPgBouncer(program: Command) {
  const p = program
    .command('pgbouncer')
    .description('PgBouncer in transaction mode in front of the databases of the registry: generate its config, check who reaches what')
    .addHelpText('after', '\nExample:\n  quenty-db pgbouncer check --json');
  p.command('config')
    .description(
      'write pgbouncer.ini and userlist.txt (0600, SCRAM secrets read from the server) for the installed or given PgBouncer version; ' +
        'lints the pool sizes against max_connections and warns about what transaction mode breaks. ' +
        'Settings: QUENTY_PGBOUNCER_<SETTING> (POOL_MODE, MAX_CLIENT_CONN, DEFAULT_POOL_SIZE, MIN_POOL_SIZE, RESERVE_POOL_SIZE, ' +
        'RESERVE_POOL_TIMEOUT, MAX_DB_CONNECTIONS, MAX_PREPARED_STATEMENTS, LISTEN_ADDR, LISTEN_PORT, ADMIN_USER, UNIX_SOCKET_DIR, LOGFILE, PIDFILE)',
    )
    .option('--out <dir>', 'folder for pgbouncer.ini and userlist.txt', 'pgbouncer')
    .option('--pgbouncer-version <x.y>', 'PgBouncer version to target (default: `pgbouncer --version`)')
    .option('--auth-file <path>', 'path of userlist.txt written into the ini, as PgBouncer sees it (default: the file written)')
    .addOption(dbOption())
    .option('--force', 'write the files even when the lint finds errors')
    .addOption(jsonOption())
    .addHelpText('after', '\nExample:\n  quenty-db pgbouncer config --out /etc/pgbouncer --pgbouncer-version 1.21 --auth-file /etc/pgbouncer/userlist.txt')
    .action(async (o) => {
      const { generateConfig } = engine.pgbouncer();
      const ctx = await openContext();
      const r = await generateConfig(ctx, { outDir: o.out, version: o.pgbouncerVersion, authFile: o.authFile, databases: o.db, force: o.force });
      if (o.json) printJson(r);
      else printConfig(r);
      if (!r.ok) process.exitCode = 1;
    });
  p.command('check')
    .description('log in as each service to each database through a running PgBouncer: its own must answer a query, every other must refuse; prints a matrix')
    .option('--host <host>', 'PgBouncer host (default: QUENTY_PGBOUNCER_LISTEN_ADDR or 127.0.0.1)')
    .option('--port <port>', 'PgBouncer port (default: QUENTY_PGBOUNCER_LISTEN_PORT or 6432)', port)
    .option('--direct', 'check the PostgreSQL servers directly instead of through PgBouncer')
    .addOption(dbOption())
    .addOption(jsonOption())
    .addHelpText('after', '\nExample:\n  quenty-db pgbouncer check --port 6432\n  quenty-db pgbouncer check --direct --json')
    .action(async (o) => {
      const { checkAccess } = engine.pgbouncer();
      const ctx = await openContext();
      const r = await checkAccess(ctx, { host: o.host, port: o.port, direct: o.direct, databases: o.db });
      if (o.json) printJson(r);
      else printCheck(r);
      if (!r.ok) process.exitCode = 1;
    });
  return p;
}
