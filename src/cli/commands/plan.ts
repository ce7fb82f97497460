import { Command } from 'commander';
import { engine, openContext } from '../lazy';
import { traceJunit, traceLines } from '../../migrate/trace-report';
import { QuentyError } from '../../util/errors';
import { bad, dim, ok, println, warn } from '../output';
import { REPORT_OUTPUTS, emitReport, reportFormatOption } from './verify';
import { chooseOutputs, dbOption, jsonOption, outOption, wholeNumber } from '../options';

function colour(line: string): string {
  if (/^\s*✗/.test(line) || line.includes('FAILED')) return bad(line);
  if (/^✓/.test(line)) return ok(line);
  if (/REWRITE|ACCESS EXCLUSIVE|\[confirmed/.test(line)) return warn(line);
  if (/^\s{6}/.test(line)) return dim(line);
  return line;
}

/** `migrate plan --locks`, added to the existing `migrate` command. */
export function registerMigratePlan(program: Command) {
  const m = program.commands.find((c) => c.name() === 'migrate');
  if (!m) throw new QuentyError('INTERNAL', 'migrate plan: the migrate command is not registered');
  m.command('plan')
    .description(
      'the locks each pending migration really takes: applies them to a scratch copy of each database (prefix zz_locks_, always dropped) and reads pg_locks per statement',
    )
    .requiredOption('--locks', 'trace the locks, rewrites, rows and time of every statement')
    .addOption(dbOption('databases', 'all'))
    .option('--sample <n>', 'copy N rows per table into the scratch copy (default 0: schema only)', wholeNumber('--sample'))
    .option('--ci', 'exit 1 when ACCESS EXCLUSIVE is held too long on a big table (also when CI=true)')
    .option('--max-exclusive-ms <ms>', 'CI: longest ACCESS EXCLUSIVE hold allowed (default 1000)', wholeNumber('--max-exclusive-ms'))
    .option('--min-table-rows <n>', 'CI: only tables with at least this many rows in the database count (default 10000)', wholeNumber('--min-table-rows'))
    .addOption(jsonOption('machine-readable output (same as --format json)'))
    .addOption(reportFormatOption())
    .addOption(outOption('write the json/junit report to a file'))
    .addHelpText(
      'after',
      '\nPer statement: the locks its backend took (relation, mode; from pg_locks before commit), whether a table was rewritten (relfilenode changed), rows, time; ' +
        'each lint finding confirmed or not by the trace. Exit 1 when a migration fails on the copy, and with --ci on a lock violation.\n\n' +
        'Examples:\n  quenty-db migrate plan --locks --db order_db\n  quenty-db migrate plan --locks --sample 1000 --ci --max-exclusive-ms 2000 --format junit --out reports/locks.xml',
    )
    .action(async (o) => {
      const choice = chooseOutputs(o, REPORT_OUTPUTS);
      const { traceLocks } = engine.lockTrace();
      const ctx = await openContext();
      const report = await traceLocks(ctx, { databases: o.db, sample: o.sample, maxExclusiveMs: o.maxExclusiveMs, minTableRows: o.minTableRows });
      const ci = !!o.ci || /^(1|true)$/i.test(process.env.CI ?? '');
      const print = () => {
        for (const line of traceLines(report)) println(colour(line));
        const v = report.databases.reduce((n, d) => n + d.violations.length, 0);
        if (v) println(ci ? bad(`${v} lock violation(s)`) : warn(`${v} lock violation(s) (they fail with --ci)`));
      };
      emitReport(choice, report, traceJunit, print);
      const failed = report.databases.some((d) => d.error);
      const violations = report.databases.some((d) => d.violations.length);
      if (failed || (ci && violations)) process.exitCode = 1;
    });
}
