import fs from 'node:fs';
import path from 'node:path';
import { Command, CommanderError } from 'commander';
import { REGISTRY_PATH_VAR } from '../registry/path-var';
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
import { registerMigratePlan } from './commands/plan';
import { registerDocs } from './commands/docs';

/** The package's version, from the nearest package.json above this file (src/cli or dist/src/cli). */
function packageVersion(): string {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    const file = path.join(dir, 'package.json');
    if (fs.existsSync(file)) return JSON.parse(fs.readFileSync(file, 'utf8')).version;
    if (path.dirname(dir) === dir) return 'unknown';
  }
}

/**
 * The CLI: commander wiring only. Each command lives in its own file under ./commands,
 * calls the library, prints, and sets process.exitCode. This is the only place that exits.
 * Building the program loads no engine (./lazy.ts): each action imports its own when it runs.
 */
export function buildProgram(): Command {
  const program = new Command();
  program
    .name('quenty-db')
    .description(
      'Owns the PostgreSQL databases of the Quenty platform, one per folder of databases/: create, migrate, partitions, seed, audit, verify, backup, PgBouncer.\n' +
        'With no QUENTY_DATABASE_URL it runs an embedded PostgreSQL 15 (data in ./.quenty).',
    )
    .version(packageVersion())
    .option(
      '--registry <dir>',
      `another registry root whose databases/<name>/ (with migrations/, seeds/, schema/) join the package's; repeatable; same as ${REGISTRY_PATH_VAR} (see docs/adding-a-database.md)`,
      (dir: string, acc: string[] = []) => [...acc, dir],
    )
    .hook('preAction', () => {
      // The library reads the roots from the environment (and seed worker threads inherit it).
      const dirs: string[] | undefined = program.opts().registry;
      if (dirs?.length) {
        const before = process.env[REGISTRY_PATH_VAR];
        process.env[REGISTRY_PATH_VAR] = [...dirs.map((d) => path.resolve(d)), ...(before ? [before] : [])].join(path.delimiter);
      }
    })
    .showHelpAfterError()
    // A word no command takes is an error, not ignored (`audit orders` does not audit everything);
    // inherited by every command registered below.
    .allowExcessArguments(false)
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
  registerMigratePlan(program);
  registerSeed(program);
  registerStatus(program);
  registerDocs(program);
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
