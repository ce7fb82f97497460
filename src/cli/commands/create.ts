import { Command } from 'commander';
import { engine, openContext } from '../lazy';
import { exitCode } from '../../result';
import { printJson, println, table, ok, bad } from '../output';
import { dbOption, jsonOption } from '../options';

export function registerCreate(program: Command) {
  program
    .command('create')
    .description('create the databases and a login role per service that owns its database (idempotent); CONNECT is revoked from PUBLIC')
    .addOption(dbOption())
    .addOption(jsonOption())
    .addHelpText(
      'after',
      '\nExample:\n  quenty-db create --db auth_db,order_db\n\nRole passwords: QUENTY_<SERVICE>_PASSWORD, else generated once into .quenty/credentials.json (0600).',
    )
    .action(async (o) => {
      const { createDatabases } = engine.create();
      const ctx = await openContext();
      const report = await createDatabases(ctx, { databases: o.db });
      if (o.json) printJson(report);
      else {
        println(
          table(
            ['database', 'role', 'database', 'role', 'password', 'result'],
            report.databases.map((r) => [
              r.dbName,
              r.role,
              r.createdDatabase ? 'created' : 'exists',
              r.createdRole ? 'created' : 'exists',
              r.password,
              r.ok ? ok('ok') : bad(r.error ?? 'failed'),
            ]),
          ),
        );
      }
      process.exitCode = exitCode(report);
    });
}
