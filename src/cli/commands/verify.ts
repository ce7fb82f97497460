import fs from 'node:fs';
import path from 'node:path';
import { Command } from 'commander';
import { engine, loadRegistry, openContext } from '../lazy';
import { QuentyError } from '../../util/errors';
import { redact, redactDeep } from '../../util/redact';
import type { VerifyReport } from '../../verify';
import type { LintReport } from '../../lint';
import { RULES, RULE_BY_CODE } from '../../lint/catalog';
import { lintJunit, verifyJunit } from '../../verify/report';
import { bad, dim, ok, println, warn } from '../output';
import { chooseOutputs, dbOption, formatOption, jsonOption, outOption, type OutputChoice, type OutputSpec } from '../options';

type Format = 'terminal' | 'json' | 'junit';

/** verify's, migrate lint's and migrate plan's outputs: the terminal, or a json/junit report (to stdout, or to --out with the terminal summary). */
export const REPORT_OUTPUTS: OutputSpec<Format> = {
  formats: ['terminal', 'json', 'junit'],
  byExtension: { json: 'json', xml: 'junit' },
  stdoutDefault: 'terminal',
  outFormats: ['json', 'junit'],
};

/** The --format option of verify, migrate lint and migrate plan. */
export const reportFormatOption = () => formatOption(REPORT_OUTPUTS.formats, 'output format (default terminal; with --out, from its extension: .json or .xml)');

/**
 * The report as `chooseOutputs(o, REPORT_OUTPUTS)` says: the terminal summary, or the JSON or
 * JUnit report on stdout, or that report in the --out file with the terminal summary on stdout.
 */
export function emitReport<R>(choice: OutputChoice<Format>, report: R, junit: (r: R) => string, summary: () => void) {
  const text = (format: Format) => redact(format === 'json' ? JSON.stringify(redactDeep(report), null, 2) + '\n' : junit(report));
  const file = choice.files[0];
  if (file) {
    fs.mkdirSync(path.dirname(path.resolve(file.file)), { recursive: true });
    fs.writeFileSync(file.file, text(file.format));
    summary();
    println(dim(`report written to ${file.file}`));
  } else if (choice.stdout === 'terminal') summary();
  else process.stdout.write(text(choice.stdout));
}

export function printVerify(report: VerifyReport, what = 'matches its snapshot') {
  for (const d of report.databases) {
    if (d.ok) println(`${ok('✓')} ${d.database}: ${what} (${d.tables} tables)`);
    else {
      println(`${bad('✗')} ${d.database}: ${d.findings.length} finding(s)`);
      for (const f of d.findings) println(`    ${d.database}: ${f.message}`);
    }
    for (const n of d.notes ?? []) println(dim(`    ${d.database}: ${n}`));
  }
  const n = report.databases.reduce((s, d) => s + d.findings.length, 0);
  println(
    report.ok
      ? ok(`no drift in ${report.databases.length} database(s)`)
      : bad(`${n} finding(s) in ${report.databases.filter((d) => !d.ok).length} database(s)`),
  );
}

function outputVerify(report: VerifyReport, choice: OutputChoice<Format>, what?: string) {
  emitReport(choice, report, verifyJunit, () => printVerify(report, what));
  if (!report.ok) process.exitCode = 1;
}

export function printLint(report: LintReport) {
  const count = report.linted.reduce((n, l) => n + l.migrations.length, 0);
  for (const f of report.findings) {
    const where = `${f.database ? f.database + ': ' : ''}${f.migration}`;
    if (f.acknowledged !== undefined) println(`${dim('ack')} ${f.code} ${where}: ${f.message} ${dim(`(acknowledged: ${f.acknowledged})`)}`);
    else {
      println(`${bad('error')} ${f.code} ${where}: ${f.message}`);
      println(dim(`      ${f.statement}`));
      println(dim(`      safe: ${f.hint ?? RULE_BY_CODE[f.code]?.safe}`));
      println(dim(`      if intended, add to the migration: // quenty-lint-ignore ${f.code}: <reason>`));
    }
  }
  const open = report.findings.filter((f) => f.acknowledged === undefined).length;
  if (count === 0) println(ok('no migration to lint (nothing pending)'));
  else
    println(
      open
        ? bad(`${open} finding(s) in ${count} migration(s)`)
        : ok(`${count} migration(s) linted: no unacknowledged finding`) + (report.findings.length ? warn(` (${report.findings.length} acknowledged)`) : ''),
    );
}

export function registerVerify(program: Command) {
  const v = program
    .command('verify')
    .description(
      'compare each live database with its committed snapshot (schema/<db>.json): every difference, pending migrations, ' +
        'applied migrations edited since, monthly partitions missing ahead. Only reads; never changes or resets anything.',
    )
    .addOption(dbOption())
    .option('--check-snapshot', 'instead: fail when the committed snapshots are not what the current migrations produce (migrates scratch copies)')
    .option('--no-partitions', 'do not check the partitions of the months ahead')
    .addOption(jsonOption('machine-readable output (same as --format json)'))
    .addOption(reportFormatOption())
    .addOption(outOption('write the json/junit report to a file (format from --format, else its extension: .json .xml)'))
    .addHelpText(
      'after',
      '\nExit code 1 on any difference.\n\nExamples:\n  quenty-db verify\n  quenty-db verify --db order_db,analytics_db --format junit --out reports/verify.xml\n  quenty-db verify --check-snapshot',
    )
    .action(async (o) => {
      const choice = chooseOutputs(o, REPORT_OUTPUTS);
      const { checkSnapshots, verifyDatabases } = engine.verify();
      const ctx = await openContext();
      if (o.checkSnapshot) {
        const report = await checkSnapshots(ctx, { databases: o.db });
        outputVerify(report, choice, 'snapshot is what the migrations produce');
      } else {
        const report = await verifyDatabases(ctx, { databases: o.db, partitions: o.partitions });
        outputVerify(report, choice);
      }
    });
  v.command('snapshot')
    .description('migrate scratch copies (prefix zz_snap_) of the databases from nothing, write schema/<db>.json, drop the copies')
    .addOption(dbOption())
    .addOption(jsonOption())
    .addHelpText('after', '\nCommit the files it writes with the migration that changed them.\n\nExample:\n  quenty-db verify snapshot --db order_db')
    .action(async (_o, cmd: Command) => {
      // `verify` has its own --db, which commander fills when it comes after `snapshot` too.
      const o = cmd.optsWithGlobals();
      const { writeSnapshots } = engine.verify();
      const ctx = await openContext();
      const written = await writeSnapshots(ctx, { databases: o.db });
      if (o.json) println(JSON.stringify(written, null, 2));
      else
        for (const w of written) println(`${ok('✓')} ${w.database}: ${path.relative(process.cwd(), w.file)} ${w.changed ? warn('written') : dim('unchanged')}`);
    });
  return v;
}

/** `migrate lint`, added to the existing `migrate` command. */
export function registerMigrateLint(program: Command) {
  const m = program.commands.find((c) => c.name() === 'migrate');
  if (!m) throw new QuentyError('INTERNAL', 'migrate lint: the migrate command is not registered');
  m.command('lint')
    .description(
      `flag risky changes in migrations not yet applied (pending on the configured databases), or in files (Knex migrations or plain .sql): ${RULES.length} rules, ${RULES[0].code}–${RULES[RULES.length - 1].code} (docs/migration-safety.md)`,
    )
    .addOption(dbOption())
    .option('--all', 'lint every migration file, without a server (CI)')
    .option('--files <paths...>', 'lint these migration files, without a server')
    .addOption(jsonOption('machine-readable output (same as --format json)'))
    .addOption(reportFormatOption())
    .addOption(outOption('write the json/junit report to a file (format from --format, else its extension: .json .xml)'))
    .addHelpText(
      'after',
      '\nAcknowledge an intended finding in the migration itself:\n  // quenty-lint-ignore Q002: column unused since release 41\n\n' +
        'Rules:\n' +
        RULES.map((r) => `  ${r.code}  ${r.title}`).join('\n') +
        '\n\n' +
        'Exit code 1 on an unacknowledged finding.\n\nExamples:\n  quenty-db migrate lint\n  quenty-db migrate lint --all --format junit --out reports/lint.xml\n  quenty-db migrate lint --files migrations/order_db/20270101000000_drop_notes.ts',
    )
    .action(async (o) => {
      const choice = chooseOutputs(o, REPORT_OUTPUTS);
      const { lintMigrations } = engine.lint();
      const report = await lintMigrations(loadRegistry(), { mode: o.files ? 'files' : o.all ? 'all' : 'pending', files: o.files, databases: o.db });
      emitReport(choice, report, lintJunit, () => printLint(report));
      if (!report.ok) process.exitCode = 1;
    });
}
