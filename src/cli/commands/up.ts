import { Command } from 'commander';
import { openContext } from '../../db/targets';
import { up } from '../../up';
import { printJson, println, bad, ok, dim } from '../output';
import { printMigrateResults } from './migrate';

export function registerUp(program: Command) {
  program
    .command('up')
    .description('everything a new user needs: create the databases and roles, then migrate latest (and the later steps)')
    .option('--db <names>', 'comma-separated databases (default: all nine)')
    .option('--no-seed', 'do not seed')
    .option('--json', 'machine-readable output')
    .addHelpText('after', '\nExample:\n  npx quenty-db up')
    .action(async (o) => {
      const ctx = await openContext();
      const report = await up(ctx, { databases: o.db, seed: o.seed, onStep: o.json ? undefined : (s) => println(dim(`— ${s}`)) });
      if (o.json) printJson(report);
      else {
        const failedCreate = report.create.filter((c) => !c.ok);
        for (const f of failedCreate) println(`${bad('✗')} create ${f.database}: ${f.error}`);
        if (!failedCreate.length) println(`${ok('✓')} ${report.create.length} databases and roles in place`);
        printMigrateResults(report.migrate);
      }
      if (!report.ok) process.exitCode = 1;
    });
}
