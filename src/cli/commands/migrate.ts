import { Command } from 'commander';
import { engine, loadRegistry, openContext } from '../lazy';
import type { DatabaseMigrateResult, MigrateAction } from '../../migrate';
import { exitCode, fleetReport } from '../../result';
import { printJson, println, eprintln, table, ok, bad, warn, dim } from '../output';
import { dbOption, jsonOption } from '../options';
import { QuentyError } from '../../util/errors';

export function printMigrateResults(results: DatabaseMigrateResult[], dryRun = false) {
  for (const r of results) {
    if (!r.ok) {
      println(`${bad('✗')} ${r.database}: ${r.error}`);
      if (r.hint) println(dim(`  hint: ${r.hint}`));
      continue;
    }
    if (r.steps.length === 0) {
      println(`${ok('✓')} ${r.database}: ${r.action === 'latest' || r.action === 'up' ? 'already up to date' : 'nothing to undo'}`);
      continue;
    }
    const verb = r.steps[0].direction === 'up' ? (dryRun ? 'would be applied' : 'applied') : dryRun ? 'would be undone' : 'undone';
    println(`${ok('✓')} ${r.database}: ${r.steps.length} migration(s) ${verb}${dryRun ? ' (dry run: nothing ran; the SQL follows)' : ''}`);
    for (const s of r.steps) {
      println(`    ${s.direction === 'up' ? '↑' : '↓'} ${s.name} ${dim(`${s.ms} ms${s.transaction ? '' : ', outside a transaction'}`)}`);
      if (s.sql)
        for (const q of s.sql)
          println(
            dim(
              q
                .split('\n')
                .map((l) => '      ' + l)
                .join('\n'),
            ),
          );
    }
  }
}

export function registerMigrate(program: Command) {
  const m = program
    .command('migrate')
    .description("run each database's Knex migrations: one transaction per migration, an advisory lock per database, checksums of applied migrations")
    .addHelpText('after', '\nExamples:\n  quenty-db migrate                  # the same as migrate latest\n  quenty-db migrate status --db order_db');
  const common = (cmd: Command) => cmd.addOption(dbOption()).addOption(jsonOption());
  const run = (action: MigrateAction, description: string, example: string) =>
    // `quenty-db migrate` alone is `migrate latest`, as Flyway's migrate and Knex's migrate:latest.
    common(m.command(action, { isDefault: action === 'latest' }).description(action === 'latest' ? `${description}; \`migrate\` alone runs it` : description))
      .option('--dry-run', 'print the SQL that would run, without running it')
      .option('--yes', 'down/rollback: confirm for more than one database without asking (needed without a terminal)')
      .option('--force', 'down/rollback: even where the target looks like production (NODE_ENV=production, a prod/prd host or name)')
      .addHelpText('after', `\nExample:\n  ${example}`)
      // Checked below, with a better message than commander's "too many arguments for 'latest'".
      .allowExcessArguments(true)
      .action(async (o, cmd: Command) => {
        // Reached as the default, a misspelt command arrives as an argument: `migrate donw` must
        // not apply migrations. None of these commands takes one.
        if (cmd.args.length) {
          throw new QuentyError('USAGE', `"${cmd.args[0]}" is not a migrate command`, {
            hint: `one of: ${m.commands.map((c) => c.name()).join(', ')} (\`quenty-db migrate --help\`)`,
          });
        }
        const { migrate } = engine.migrate();
        const ctx = await openContext();
        const report = await migrate(ctx, action, {
          databases: o.db,
          dryRun: o.dryRun,
          yes: o.yes,
          force: o.force,
          onEvent: (e) => {
            if (e.type === 'lock-wait') {
              eprintln(
                warn(
                  `${e.database}: ${e.migration} could not get its locks within lock_timeout ${e.lockTimeoutMs} ms (attempt ${e.attempt}/${e.attempts}; rolled back): ${e.error}; retrying in ${e.waitMs} ms`,
                ),
              );
            }
          },
        });
        if (o.json) printJson(report);
        else printMigrateResults(report.databases, o.dryRun);
        process.exitCode = exitCode(report);
      });
  run('latest', 'apply every pending migration (refuses if an applied migration changed)', 'quenty-db migrate latest --db order_db --dry-run');
  run('up', 'apply the next pending migration', 'quenty-db migrate up --db analytics_db');
  run('down', 'undo the last applied migration', 'quenty-db migrate down --db analytics_db');
  run('rollback', 'undo the last batch of migrations', 'quenty-db migrate rollback --db analytics_db,order_db --yes');
  common(m.command('status').description('per database: reachable, applied count, pending, last applied, checksum problems'))
    .addHelpText('after', '\nExample:\n  quenty-db migrate status --json')
    .action(async (o) => {
      const { migrationStatus } = engine.migrate();
      const ctx = await openContext();
      const report = await migrationStatus(ctx, { databases: o.db });
      const st = report.databases;
      if (o.json) printJson(report);
      else {
        println(
          table(
            ['database', 'reachable', 'applied', 'pending', 'last applied', 'problems'],
            st.map((s) => [
              s.database,
              s.reachable ? ok('yes') : bad('no'),
              s.applied,
              s.pending.length ? warn(String(s.pending.length)) : '0',
              s.lastApplied?.name ?? '-',
              s.error ? bad(s.error) : s.problems.length ? bad(s.problems.join('; ')) : '',
            ]),
          ),
        );
        for (const s of st) for (const p of s.pending) println(dim(`  ${s.database}: pending ${p}`));
      }
      process.exitCode = exitCode(report);
    });
  common(m.command('validate').description('fail when an applied migration was edited or deleted, naming it'))
    .addHelpText('after', '\nExample:\n  quenty-db migrate validate --db order_db')
    .action(async (o) => {
      const { validateMigrations } = engine.migrate();
      const ctx = await openContext();
      const v = await validateMigrations(ctx, { databases: o.db });
      if (o.json) printJson(v);
      else for (const r of v) println(r.ok ? `${ok('✓')} ${r.database}` : `${bad('✗')} ${r.database}: ${r.error ?? r.problems.join('; ')}`);
      process.exitCode = exitCode(fleetReport(v));
    });
  m.command('make <db> <name>')
    .description('write a new TypeScript migration for one database')
    .addOption(jsonOption())
    .addHelpText('after', '\nExample:\n  quenty-db migrate make order_db add_orders_channel')
    .action(async (db: string, name: string, o) => {
      const { makeMigration } = engine.migrate();
      const file = makeMigration({ registry: loadRegistry() }, db, name);
      if (o.json) printJson({ file });
      else println(`created ${file}`);
    });
  return m;
}

export { eprintln };
