import { Command } from 'commander';
import { engine, openContext } from '../lazy';
import type { UpReport } from '../../up';
import { printJson, println, bad, ok, dim, warn } from '../output';
import { printMigrateResults } from './migrate';
import { printEnsureResults } from './partitions';
import { dbOption, jsonOption } from '../options';

function printUp(report: UpReport) {
  const failedCreate = report.create.databases.filter((c) => !c.ok);
  for (const f of failedCreate) println(`${bad('✗')} create ${f.database}: ${f.error}`);
  if (!failedCreate.length) println(`${ok('✓')} ${report.create.databases.length} databases and their service roles in place`);
  printMigrateResults(report.migrate.databases);
  if (report.partitions) printEnsureResults(report.partitions.databases);
  const s = report.seed;
  if (s) {
    if (s.skipped) println(`${warn('!')} seed: ${s.skipped}`);
    else if (s.error) println(`${bad('✗')} seed: ${s.error}`);
    else {
      println(`${s.ok ? ok('✓') : bad('✗')} seed (tiny): ${s.rows ?? 0} rows in ${s.ms ?? 0} ms`);
      for (const d of s.databases ?? []) {
        if (!d.ok || d.skipped) println(`    ${d.ok ? dim(`${d.database}: ${d.skipped}`) : bad(`${d.database}: ${d.error}`)}`);
        if (!d.ok && d.hint) println(dim(`      ${d.hint}`));
      }
    }
  }
  const a = report.audit;
  if (a) {
    println(`${a.ok ? ok('✓') : bad('✗')} audit: ${a.summary.checks} checks, ${a.summary.pass} pass, ${a.summary.warn} warn, ${a.summary.error} error`);
    for (const f of a.failing)
      println(
        `    ${f.status === 'warn' ? warn(f.status) : bad(f.status)} ${f.id}${f.orphanRows ? ` (${f.orphanRows} orphan rows)` : ''}${f.error ? `: ${f.error}` : ''}`,
      );
    if (a.failing.length) println(dim('    details: quenty-db audit --format markdown'));
  }
}

export function registerUp(program: Command) {
  program
    .command('up')
    .description('everything a new user needs: create databases and roles, migrate latest, ensure monthly partitions, seed (tiny), audit the references')
    .addOption(dbOption())
    .option('--no-seed', 'do not seed')
    .addOption(jsonOption())
    .addHelpText('after', '\nExamples:\n  npx quenty-db up\n  npx quenty-db up --db order_db,customer_db --no-seed --json')
    .action(async (o) => {
      const { up } = engine.up();
      const ctx = await openContext();
      const report = await up(ctx, { databases: o.db, seed: o.seed, onStep: o.json ? undefined : (s) => println(dim(`— ${s}`)) });
      if (o.json) printJson(report);
      else printUp(report);
      if (!report.ok) process.exitCode = 1;
    });
}
