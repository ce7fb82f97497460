import { Command, CommanderError } from 'commander';
import { QuentyError, errorMessage, exitCodeFor } from '../util/errors';
import { redact } from '../util/redact';
import { eprintln, c } from './output';
import { registerServer } from './commands/server';
import { registerCreate } from './commands/create';
import { registerMigrate } from './commands/migrate';
import { registerUp } from './commands/up';
import { registerSeed } from './commands/seed';
import { registerPgBouncer } from './commands/pgbouncer';
import { registerPartitions } from './commands/partitions';
import { registerAudit } from './commands/audit';
import { registerBackup } from './commands/backup';
import { registerVerify, registerMigrateLint } from './commands/verify';
import { registerStatus } from './commands/status';

/**
 * The CLI: commander wiring only. Each command lives in its own file under ./commands,
 * calls the library, prints, and sets process.exitCode. This is the only place that exits.
 */
export function buildProgram(): Command {
  const program = new Command();
  program
    .name('quenty-db')
    .description(
      'Owns the nine PostgreSQL databases of the Quenty platform: create, migrate, partitions, seed, audit, verify, backup, PgBouncer.\n' +
        'With no QUENTY_DATABASE_URL it runs an embedded PostgreSQL 15 (data in ./.quenty).',
    )
    .version(require('../../package.json').version)
    .showHelpAfterError()
    .exitOverride();
  registerServer(program);
  registerCreate(program);
  registerMigrate(program);
  registerUp(program);
  registerPgBouncer(program);
  registerPartitions(program);
  registerAudit(program);
  registerBackup(program);
  registerVerify(program);
  registerMigrateLint(program);
  registerSeed(program);
  registerStatus(program);
  // (commands of later modules register here)
  return program;
}

export async function main(argv: string[] = process.argv): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (e) {
    if (e instanceof CommanderError) {
      // --help and --version end here with exit code 0; usage errors with 2.
      return e.exitCode === 0 ? 0 : 2;
    }
    const msg = redact(errorMessage(e));
    eprintln(c.red(`error: ${msg}`));
    if (e instanceof QuentyError && e.hint) eprintln(c.dim(`hint: ${redact(e.hint)}`));
    if (process.env.QUENTY_DEBUG && e instanceof Error && e.stack) eprintln(redact(e.stack));
    return exitCodeFor(e);
  }
}
