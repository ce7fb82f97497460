import path from 'node:path';
import readline from 'node:readline';
import { Command, Option } from 'commander';
import { engine, openContext } from '../lazy';
import { QuentyError } from '../../util/errors';
import { printJson, println, eprintln, table, ok, bad, warn, dim } from '../output';

import { dbOption, jsonOption, nonNegativeNumber, wholeNumber } from '../options';

const dirOption = () => new Option('--dir <dir>', 'backup folder (default: QUENTY_BACKUP_DIR or ./backups)');

function humanSize(bytes?: number): string {
  if (bytes === undefined) return '-';
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let v = bytes;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v.toFixed(i ? 1 : 0)} ${units[i]}`;
}

function statusText(s: string): string {
  if (s === 'verified' || s === 'good') return ok(s);
  if (s === 'incomplete' || s === 'orphan') return warn(s);
  return bad(s);
}

/** Asks for the database name on a terminal; refuses when there is none (CI). */
async function confirm(question: string, expected: string): Promise<boolean> {
  if (!process.stdin.isTTY) return false;
  const rl = readline.createInterface({ input: process.stdin, output: process.stderr });
  const answer = await new Promise<string>((resolve) => rl.question(question, resolve));
  rl.close();
  return answer.trim() === expected;
}

export function registerBackup(program: Command) {
  const b = program
    .command('backup')
    .description('pg_dump every database (in parallel, direct connections), verified manifests, retention')
    .addHelpText('after', '\nExample:\n  quenty-db backup create --dir ./backups && quenty-db backup list --dir ./backups');

  b.command('create')
    .description('dump the databases (pg_dump) and the roles (pg_dumpall --globals-only), with a manifest of checksums and exact row counts')
    .addOption(dbOption('databases', 'all'))
    .addOption(dirOption())
    .addOption(new Option('--format <format>', 'pg_dump format').choices(['custom', 'directory']).default('custom'))
    .option('--jobs <n>', 'databases dumped at once (default: QUENTY_CONCURRENCY, 4)', wholeNumber('--jobs', 1))
    .option(
      '--compress <0-9>',
      "pg_dump compression level (default: pg_dump's, as the spec's script; 1 is much faster, files somewhat larger)",
      wholeNumber('--compress', 0, 9),
    )
    .option('--no-globals', 'skip pg_dumpall --globals-only')
    .addOption(jsonOption())
    .addHelpText(
      'after',
      '\nFiles: <db>_<YYYYmmdd_HHMMSS>.backup (UTC), globals_<run>.sql, manifest_<run>.json.\n' +
        'The dumps of one run are NOT one consistent point in time across databases (each has its own snapshot).\n' +
        '\nExample:\n  quenty-db backup create --db order_db,customer_db --dir /backup/databases --jobs 3',
    )
    .action(async (o) => {
      const { createBackup, globalsOf } = engine.backup();
      const ctx = await openContext();
      const res = await createBackup(ctx, {
        databases: o.db,
        dir: o.dir,
        format: o.format,
        jobs: o.jobs,
        compress: o.compress,
        globals: o.globals,
        onEvent: o.json ? undefined : (e) => e.phase === 'start' && eprintln(dim(`  dumping ${e.database}…`)),
      });
      if (o.json) printJson(res);
      else {
        const m = res.manifest;
        println(`run ${m.runId} in ${res.dir}: ${statusText(m.status)}`);
        println(
          table(
            ['database', 'status', 'file', 'size', 'tables', 'rows', 'error'],
            m.databases.map((d) => [
              d.database,
              d.ok ? ok('ok') : bad('failed'),
              d.file ?? '-',
              humanSize(d.size),
              d.tables?.length,
              d.tables?.filter((t) => t.kind === 'r').reduce((s, t) => s + t.rows, 0),
              d.error ? bad(d.error) : '',
            ]),
          ),
        );
        for (const d of m.databases) if (d.hint) println(dim(`hint (${d.database}): ${d.hint}`));
        for (const g of globalsOf(m)) println(`${g.ok ? ok('✓') : bad('✗')} roles of ${g.server}: ${g.file ?? g.error}`);
        println(dim(`manifest: ${res.manifestFile}`));
        println(dim('note: each database has its own snapshot; the run is not one consistent point in time across databases'));
      }
      if (!res.ok) process.exitCode = 1;
    });

  b.command('list')
    .description('the backup runs and their files, with status (verified, good, partial, incomplete...)')
    .addOption(dirOption())
    .addOption(jsonOption())
    .addHelpText(
      'after',
      '\nStatus: verified (last verify passed), good (complete, not verified), verify-failed, partial (some dump failed or a file is missing), failed (no dump succeeded), incomplete (running or interrupted), orphan (no manifest).\n\nExample:\n  quenty-db backup list --dir /backup/databases',
    )
    .action(async (o) => {
      const { backupDir, listRuns, globalsOf } = engine.backup();
      const ctx = await openContext();
      const dir = backupDir(ctx, o.dir);
      const runs = listRuns(dir);
      if (o.json) {
        printJson(
          runs.map((r) => ({
            runId: r.runId,
            status: r.status,
            startedAt: r.manifest?.startedAt ?? r.startedAt.toISOString(),
            finishedAt: r.manifest?.finishedAt,
            verifiedAt: r.verify?.verifiedAt,
            files: r.files,
            databases: r.manifest?.databases.map((d) => ({
              database: d.database,
              ok: d.ok,
              file: d.file,
              size: d.size,
              sha256: d.sha256,
              verified: r.verify?.databases.find((v) => v.database === d.database)?.ok ?? null,
              error: d.error,
            })),
          })),
        );
        return;
      }
      if (runs.length === 0) {
        println(`no backups in ${dir}`);
        return;
      }
      println(dim(`backups in ${dir}`));
      println(
        table(
          ['run', 'status', 'databases', 'size', 'started', 'verified'],
          runs.map((r) => {
            const dbs = r.manifest?.databases ?? [];
            return [
              r.runId,
              statusText(r.status),
              r.manifest ? `${dbs.filter((d) => d.ok).length}/${dbs.length}` : '-',
              humanSize(dbs.reduce((s, d) => s + (d.size ?? 0), 0) + (r.manifest ? globalsOf(r.manifest).reduce((s, g) => s + (g.size ?? 0), 0) : 0)),
              r.manifest?.startedAt ?? '-',
              r.verify ? `${r.verify.ok ? ok('yes') : bad('failed')} ${dim(r.verify.verifiedAt)}` : 'no',
            ];
          }),
        ),
      );
      for (const r of runs) {
        for (const d of r.manifest?.databases ?? []) {
          const v = r.verify?.databases.find((x) => x.database === d.database);
          println(
            dim(
              `  ${r.runId} ${d.database}: ${d.ok ? `${d.file} ${humanSize(d.size)}` : `failed: ${d.error}`}${v ? (v.ok ? ' verified' : ` verify failed: ${v.error}`) : ''}`,
            ),
          );
        }
      }
    });

  b.command('verify')
    .description('check each file: SHA-256, pg_restore --list, restore into a scratch database, row counts against the manifest, scratch dropped')
    .option('--run <id>', 'run id or latest', 'latest')
    .addOption(dirOption())
    .option('--jobs <n>', 'files verified at once (default 2)', wholeNumber('--jobs', 1))
    .addOption(jsonOption())
    .addHelpText('after', '\nExample:\n  quenty-db backup verify --run latest')
    .action(async (o) => {
      const { verifyBackup } = engine.backup();
      const ctx = await openContext();
      const report = await verifyBackup(ctx, {
        run: o.run,
        dir: o.dir,
        jobs: o.jobs,
        onEvent: o.json ? undefined : (e) => eprintln(dim(`  ${e.database}: ${e.ok ? 'ok' : 'failed'} (${e.ms} ms)`)),
      });
      if (o.json) printJson(report);
      else {
        println(`run ${report.runId}: ${report.ok ? ok('verified') : bad('verification failed')}`);
        println(
          table(
            ['database', 'result', 'checksum', 'archive entries', 'restored', 'tables', 'error'],
            report.databases.map((d) => [
              d.database,
              d.ok ? ok('ok') : bad('failed'),
              d.checksum === 'ok' ? ok('ok') : bad(d.checksum),
              d.archiveEntries,
              d.restored ? 'yes' : 'no',
              d.tablesCompared,
              d.error ? bad(d.error) : '',
            ]),
          ),
        );
        for (const d of report.databases)
          for (const m of d.mismatches ?? []) println(bad(`  ${d.database} ${m.table}: ${m.actual ?? 'missing'} rows, manifest says ${m.expected}`));
        for (const g of report.globalsByServer ?? []) println(`${g.ok ? ok('✓') : bad('✗')} roles file of ${g.server}: ${g.ok ? 'checksum ok' : g.error}`);
      }
      if (!report.ok) process.exitCode = 1;
    });

  b.command('prune')
    .description('delete backup runs older than --keep-days (only files of our own naming; never the newest verified run)')
    .addOption(dirOption())
    .option('--keep-days <days>', 'keep runs younger than this', nonNegativeNumber('--keep-days'), 30)
    .option('--keep-last <n>', 'always keep the N newest runs', wholeNumber('--keep-last'), 0)
    .option('--dry-run', 'show what would be deleted, delete nothing')
    .addOption(jsonOption())
    .addHelpText('after', '\nExample:\n  quenty-db backup prune --keep-days 30 --keep-last 3 --dry-run')
    .action(async (o) => {
      const { pruneBackups } = engine.backup();
      const ctx = await openContext();
      const res = pruneBackups(ctx, { dir: o.dir, keepDays: o.keepDays, keepLast: o.keepLast, dryRun: o.dryRun });
      if (o.json) printJson(res);
      else {
        for (const r of res.runs)
          println(`${r.action === 'delete' ? bad(o.dryRun ? 'would delete' : 'deleted') : ok('keep')} ${r.runId} ${dim(`(${r.status}; ${r.reason})`)}`);
        println(`${o.dryRun ? 'would free' : 'freed'} ${humanSize(res.freedBytes)} (${res.deletedFiles.length} file(s))`);
      }
    });

  program
    .command('restore [db]')
    .description('restore a database from a backup into a new database (default <db>_restore_<time>), or with --replace over the original')
    .option('--from <file|run|latest>', 'a backup file, a run id, or latest', 'latest')
    .option('--into <name>', 'name of the new database')
    .option('--replace', 'replace the database itself (restored into a new database first, then swapped in by renames)')
    .option('--keep-old', 'with --replace: keep the replaced database as <db>_replaced_<time>')
    .option('--yes', 'confirm --replace without asking (needed where there is no terminal)')
    .option('--force', 'with --replace: even where the target looks like production')
    .option('--jobs <n>', 'pg_restore parallel jobs (default 2)', wholeNumber('--jobs', 1))
    .option('--no-owner', 'skip ownership and privileges (when the roles do not exist on the server)')
    .option('--globals', "restore the roles (the registry's service roles) from the globals dump instead of a database")
    .option('--all-roles', "with --globals: every role of the dump, not only the registry's")
    .addOption(dirOption())
    .addOption(jsonOption())
    .addHelpText(
      'after',
      '\nExamples:\n  quenty-db restore order_db                       # into order_db_restore_<time>\n' +
        '  quenty-db restore order_db --from backups/order_db_20260101_020000.backup --into order_db_check\n' +
        '  quenty-db restore order_db --replace --yes\n  quenty-db restore --globals',
    )
    .action(async (db: string | undefined, o) => {
      const { restoreGlobals, liveSessions, restoreDatabase } = engine.backup();
      const ctx = await openContext();
      if (o.globals) {
        if (db) throw new QuentyError('USAGE', '--globals restores roles: give no database');
        const r = await restoreGlobals(ctx, { from: o.from, dir: o.dir, allRoles: o.allRoles });
        if (o.json) printJson(r);
        else {
          for (const s of r.servers) {
            if (!s.ok) println(`${bad('✗')} ${s.server} (${s.databases.join(', ')}): ${s.error}`);
            else
              println(
                `${ok('✓')} ${s.server}: ${s.roles.length} role(s) from ${s.files.map((f) => path.basename(f)).join(', ')}, created ${s.created.length ? s.created.join(', ') : 'none'}`,
              );
          }
        }
        if (!r.ok) process.exitCode = 1;
        return;
      }
      if (!db)
        throw new QuentyError('USAGE', 'restore needs a database name (or --globals)', {
          hint: `databases: ${ctx.registry.databases.map((d) => d.name).join(', ')}`,
        });
      const t = ctx.target(db);
      let confirmed = !!o.yes;
      if (o.replace && !confirmed) {
        const sessions = await liveSessions(t).catch(() => undefined);
        const ends = sessions === undefined ? '' : ` and ends its ${sessions} live session(s)`;
        confirmed = await confirm(`This replaces database ${t.dbName} on ${t.server}${ends}. Type its name to confirm: `, t.dbName);
        if (!confirmed) {
          throw new QuentyError('USAGE', `not replacing ${t.dbName}: not confirmed`, {
            hint: process.stdin.isTTY ? 'type the database name exactly' : 'no terminal to ask on: pass --yes',
          });
        }
      }
      const r = await restoreDatabase(ctx, db, {
        from: o.from,
        dir: o.dir,
        into: o.into,
        replace: o.replace,
        confirmed,
        force: o.force,
        keepOld: o.keepOld,
        jobs: o.jobs,
        noOwner: o.owner === false,
      });
      if (o.json) printJson(r);
      else {
        if (r.chosen) println(dim(`  chose ${r.chosen}`));
        println(`${ok('✓')} ${db}: restored ${r.file} into ${r.into}${r.replaced ? ' (replaced)' : ''} in ${r.ms} ms`);
        if (r.replaced) println(`  ended ${r.endedSessions ?? 0} live session(s) of ${t.dbName} for the swap`);
        println(
          dim(
            `  checksum ${r.checksum}${r.tablesCompared !== undefined ? `, ${r.tablesCompared} table row counts match the manifest` : ''}${r.keptOld ? `, old database kept as ${r.keptOld}` : ''}`,
          ),
        );
      }
    });
  return b;
}
