import { Command } from 'commander';
import { engine, openContext } from '../lazy';
import type { DatabaseEnsureResult, TableRetentionResult, TableStatus } from '../../partitions';
import { exitCode } from '../../result';
import { commaList, dbOption, jsonOption, wholeNumber } from '../options';
import { printJson, println, table, ok, bad, warn, dim } from '../output';

export function printEnsureResults(results: DatabaseEnsureResult[], dryRun = false) {
  if (results.length === 0) println(dim('no partitioned tables in the selection'));
  for (const r of results) {
    if (r.error) {
      println(`${bad('✗')} ${r.database}: ${r.error}`);
      if (r.hint) println(dim(`  hint: ${r.hint}`));
      continue;
    }
    for (const t of r.tables) {
      const name = `${r.database}.${t.table}`;
      if (t.error) {
        println(`${bad('✗')} ${name}: ${t.error}`);
        continue;
      }
      const plan = t.plan!;
      const made = dryRun ? plan.create.length : t.created.filter((c) => !c.skipped).length;
      const moved = dryRun ? plan.create.reduce((s, p) => s + p.rowsInDefault, 0) : t.created.reduce((s, c) => s + c.moved, 0);
      const verb = dryRun ? 'would create' : 'created';
      println(
        `${t.ok ? ok('✓') : bad('✗')} ${name}: ${plan.firstMonth}..${plan.lastMonth}: ` +
          (made ? `${verb} ${made} partition(s)` : 'all months in place') +
          (moved ? `, ${dryRun ? 'would move' : 'moved'} ${moved} row(s) out of DEFAULT` : ''),
      );
      const list = dryRun ? plan.create.map((p) => ({ name: p.name, moved: p.rowsInDefault })) : t.created;
      // Long runs (e.g. --from ten years back) show their ends and every partition that took rows.
      const shown = list.length <= 8 ? list : list.filter((c, i) => i < 3 || i >= list.length - 3 || c.moved);
      let last = -1;
      for (const c of shown) {
        const i = list.indexOf(c);
        if (i > last + 1) println(dim(`    … ${i - last - 1} more`));
        println(dim(`    + ${c.name}${c.moved ? ` (${c.moved} rows from DEFAULT)` : ''}`));
        last = i;
      }
      for (const w of t.warnings) println(warn(`    ! ${w}`));
    }
  }
}

export function printStatus(rows: TableStatus[]) {
  println(
    table(
      ['table', 'partitions', 'covered', 'gaps', 'next missing', 'DEFAULT rows', 'past retention'],
      rows.map((s) => [
        `${s.database}.${s.table}`,
        s.error ? bad('error') : s.partitions,
        s.covered.map((c) => (c.from === c.to ? c.from : `${c.from}..${c.to}`)).join(', ') || '-',
        s.gaps.length ? warn(String(s.gaps.length)) : '0',
        s.missingAhead.length ? warn(s.nextMissing) : s.nextMissing,
        s.defaultRows ? warn(String(s.defaultRows)) : '0',
        s.pastRetention.length ? warn(String(s.pastRetention.length)) : '0',
      ]),
    ),
  );
  for (const s of rows) {
    if (s.error) println(bad(`  ${s.database}.${s.table}: ${s.error}`));
    for (const w of s.warnings) println(warn(`  ! ${s.database}.${s.table}: ${w}`));
    if (s.pastRetention.length) println(dim(`  ${s.database}.${s.table} past retention (${s.policy.retentionMonths} months): ${s.pastRetention.join(', ')}`));
    if (s.detached.length) println(dim(`  ${s.database}.${s.table} detached tables: ${s.detached.join(', ')}`));
  }
}

export function printRetention(results: TableRetentionResult[], dryRun: boolean, drop: boolean) {
  for (const r of results) {
    const name = `${r.database}.${r.table}`;
    if (r.error) {
      println(`${bad('✗')} ${name}: ${r.error}`);
      continue;
    }
    if (!r.actions.length) {
      println(`${ok('✓')} ${name}: nothing before ${r.cutoff}`);
      continue;
    }
    println(
      `${r.ok ? ok('✓') : bad('✗')} ${name}: ${r.actions.length} partition(s) before ${r.cutoff}${dryRun ? ` would be ${drop ? 'detached, dumped and dropped' : 'detached'}` : ''}`,
    );
    for (const a of r.actions) {
      if (a.error) println(bad(`    ✗ ${a.partition}: ${a.error}`));
      else if (dryRun) println(dim(`    - ${a.partition}${a.detachMode === 'already' ? ' (already detached)' : ''}`));
      else if (a.dropped) println(`    - ${a.partition}: dropped; dump in ${a.dump} (${a.dumpBytes} bytes)`);
      else println(`    - ${a.partition}: detached (${a.detachMode}); the table is kept — \`--drop\` dumps and drops it`);
    }
  }
}

export function registerPartitions(program: Command) {
  const p = program
    .command('partitions')
    .description('monthly partitions of the tables the registry declares partitioned (plain DDL, no extension): ensure, status, retention')
    .addHelpText('after', '\nExample:\n  quenty-db partitions status --json');
  const common = (cmd: Command) =>
    cmd
      .addOption(dbOption('databases', 'all with partitioned tables'))
      .option('--table <names>', 'only these partitioned tables (comma-separated)', commaList)
      .addOption(jsonOption());

  common(
    p
      .command('ensure')
      .description('create the monthly partitions <table>_YYYY_MM from the oldest month needed through N months ahead, moving rows out of DEFAULT; idempotent'),
  )
    .option('--months-ahead <n>', "months ahead of the current one (UTC) (default: the registry's, 4)", wholeNumber('--months-ahead', 0))
    .option('--from <YYYY-MM>', 'also create every month from this one (default: the oldest month of rows in DEFAULT, else the current month)')
    .option('--lock-timeout <ms>', 'lock_timeout of each attempt (default 3000); retried with backoff', wholeNumber('--lock-timeout', 1))
    .option('--dry-run', 'print the plan without changing anything')
    .addHelpText(
      'after',
      '\nExamples:\n  quenty-db partitions ensure\n  quenty-db partitions ensure --db analytics_db --from 2024-01 --months-ahead 6 --dry-run',
    )
    .action(async (o) => {
      const { ensurePartitions } = engine.partitions();
      const ctx = await openContext();
      const report = await ensurePartitions(ctx, {
        databases: o.db,
        tables: o.table,
        monthsAhead: o.monthsAhead,
        from: o.from,
        dryRun: o.dryRun,
        lockTimeoutMs: o.lockTimeout,
      });
      if (o.json) printJson(report);
      else printEnsureResults(report.databases, o.dryRun);
      process.exitCode = exitCode(report);
    });

  common(p.command('status').description('per table: months covered, gaps, next month not created, rows in DEFAULT (a warning), partitions past retention'))
    .option('--strict', 'exit 1 when there is a warning (rows in DEFAULT, gaps, months ahead missing, past retention)')
    .addHelpText('after', '\nExample:\n  quenty-db partitions status --db order_db --json')
    .action(async (o) => {
      const { partitionStatus } = engine.partitions();
      const ctx = await openContext();
      const report = await partitionStatus(ctx, { databases: o.db, tables: o.table, strict: o.strict });
      if (o.json) printJson(report);
      else printStatus(report.tables);
      process.exitCode = exitCode(report);
    });

  common(
    p
      .command('retention')
      .description('detach partitions older than the retention; with --drop, pg_dump each to the backup folder and drop it only after a good dump'),
  )
    .option('--older-than <months>', "months to keep before the current month (default: the registry's retentionMonths)", wholeNumber('--older-than', 1))
    .option('--drop', 'after detaching, dump with pg_dump -Fc into QUENTY_BACKUP_DIR/partitions/<db>/ and drop the table')
    .option('--lock-timeout <ms>', 'lock_timeout of each attempt (default 3000); retried with backoff', wholeNumber('--lock-timeout', 1))
    .option('--dry-run', 'list what would be detached or dropped')
    .option('--yes', 'with --drop on more than one database: confirm without asking (needed without a terminal)')
    .option('--force', 'with --drop: even where the target looks like production')
    .addHelpText(
      'after',
      '\nExamples:\n  quenty-db partitions retention --older-than 24 --dry-run\n  quenty-db partitions retention --db analytics_db --older-than 24 --drop',
    )
    .action(async (o) => {
      const { applyRetention } = engine.partitions();
      const ctx = await openContext();
      const report = await applyRetention(ctx, {
        databases: o.db,
        tables: o.table,
        olderThan: o.olderThan,
        drop: o.drop,
        dryRun: o.dryRun,
        lockTimeoutMs: o.lockTimeout,
        yes: o.yes,
        force: o.force,
      });
      if (o.json) printJson(report);
      else printRetention(report.tables, !!o.dryRun, !!o.drop);
      process.exitCode = exitCode(report);
    });
  return p;
}
