import { Command, Option } from 'commander';
import type cliProgressTypes from 'cli-progress';
import { engine, openContext } from '../lazy';
import { SCALES } from '../../seed/context';
import type { SeedProgress, SeedResult } from '../../seed';
import { QuentyError } from '../../util/errors';
import { printJson, println, eprintln, table, ok, bad, dim } from '../output';
import { registerSeedProfile } from './seed-profile';
import { dbOption, jsonOption, wholeNumber } from '../options';

/** 1,000,000 (what toLocaleString('en') prints, without loading ICU's locale data at start-up). */
const thousands = (n: number) => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');

function printSummary(r: SeedResult) {
  const rows: Array<Array<string | number>> = [];
  for (const d of r.databases) {
    if (!d.ok) {
      rows.push([d.database, bad('failed'), '', '', d.error ?? '']);
      continue;
    }
    if (d.skipped) {
      rows.push([d.database, dim('skipped'), '', '', d.skipped]);
      continue;
    }
    for (const t of d.tables) rows.push([d.database, t.table, t.rows, t.rowsPerSecond, `${t.ms} ms`]);
    rows.push([d.database, dim('(all)'), d.rows, d.rowsPerSecond, `${d.ms} ms`]);
  }
  println(table(['database', 'table', 'rows', 'rows/s', 'time'], rows));
  println(
    `${r.ok ? ok('✓') : bad('✗')} ${r.totalRows} rows in ${(r.ms / 1000).toFixed(1)} s (${r.rowsPerSecond} rows/s), seed ${r.seed}, anchor ${r.now}; partitions ${r.partitions}`,
  );
  for (const d of r.databases) if (d.hint) println(dim(`  hint (${d.database}): ${d.hint}`));
  if (r.orphans?.length) printOrphans(r.orphans);
}

function printOrphans(orphans: NonNullable<SeedResult['orphans']>) {
  println(`planted ${orphans.length} orphan reference(s):`);
  println(
    table(
      ['database', 'table', 'id', 'column', 'bad value', 'parent'],
      orphans.map((o) => [o.database, o.table, o.primaryKey.id, o.column, String(o.value), `${o.parent.database}.${o.parent.table}.${o.parent.column}`]),
    ),
  );
}

/** A bar per database on a terminal; plain lines (one per finished table) otherwise. */
function progressReporter(json: boolean): { onProgress?: (e: SeedProgress) => void; stop: () => void } {
  if (json) return { stop: () => undefined };
  if (process.stderr.isTTY) {
    const cliProgress = require('cli-progress') as typeof cliProgressTypes;
    const multi = new cliProgress.MultiBar(
      { stream: process.stderr, format: '{database} [{bar}] {percentage}% {rows} rows {table}', hideCursor: true, clearOnComplete: false },
      cliProgress.Presets.shades_classic,
    );
    const bars = new Map<string, cliProgressTypes.SingleBar>();
    return {
      onProgress(e) {
        let b = bars.get(e.database);
        if (!b) bars.set(e.database, (b = multi.create(e.databaseTotal, 0, { database: e.database.padEnd(20), table: '', rows: 0 })));
        // Progress counts processed ordinals (some generate no row), so it reaches 100%.
        b.update(Math.min(e.databaseProcessed, e.databaseTotal), { table: e.table, rows: e.databaseRows });
      },
      stop: () => multi.stop(),
    };
  }
  return {
    onProgress(e) {
      if (!e.tableDone) return;
      const pct = e.databaseTotal ? Math.floor((100 * e.databaseProcessed) / e.databaseTotal) : 100;
      eprintln(`${e.database}.${e.table}: ${e.rows} rows (${e.database} ${pct}%, ${e.databaseRows} rows${e.done ? ', done' : ''})`);
    },
    stop: () => undefined,
  };
}

export function registerSeed(program: Command) {
  const cmd = program
    .command('seed')
    .description(
      'fill the databases with realistic Mexican data, consistent across databases and deterministic (same --seed, same data): COPY, all databases in parallel',
    )
    .addOption(
      new Option(
        '--scale <scale>',
        `size: ${Object.entries(SCALES)
          .map(([k, v]) => `${k} ≈ ${thousands(v)} rows`)
          .join(', ')}`,
      )
        .choices(Object.keys(SCALES))
        .default('tiny'),
    )
    .option('--rows <n>', 'total rows instead of a scale', wholeNumber('--rows'))
    .option('--seed <n>', 'the random seed (same seed → byte-identical data)', wholeNumber('--seed'), 42)
    .option('--now <date>', 'the anchor date the data ends at (ISO; default: the start of today, UTC)')
    .addOption(dbOption('databases to load'))
    .option('--reset', 'truncate the seeded tables first (all-or-nothing per database: an interrupted reset keeps the old rows)')
    .option('--yes', 'with --reset on more than one database: confirm without asking (needed without a terminal)')
    .option('--force', 'seed even where the target looks like production (NODE_ENV=production, "prod" in host or name)')
    .option('--workers <n>', 'generation threads (default: one per core; 0 = none)', wholeNumber('--workers'))
    .option(
      '--facts-memory <mb>',
      'MB of row facts the threads share in memory (default 96); the rest goes to a temporary file in TMPDIR, unlinked at once',
      wholeNumber('--facts-memory', 0, 1 << 20),
    )
    .option('--inject-orphans <n>', 'after seeding, plant N references that point nowhere and print exactly which', wholeNumber('--inject-orphans'))
    .addOption(jsonOption())
    .addHelpText(
      'after',
      '\nExamples:\n  quenty-db seed --scale small --reset --yes\n  quenty-db seed --db order_db,customer_db --rows 20000 --seed 7 --json\n  quenty-db seed --reset --yes --inject-orphans 10 --json   # the audit must find exactly these',
    )
    .action(async (o) => {
      let now: Date | undefined;
      if (o.now) {
        now = new Date(o.now);
        if (Number.isNaN(now.getTime())) throw new QuentyError('USAGE', `--now: not a date: "${o.now}"`);
      }
      const { seed } = engine.seed();
      const ctx = await openContext();
      const progress = progressReporter(!!o.json);
      let result: SeedResult;
      try {
        result = await seed(ctx, {
          databases: o.db,
          scale: o.scale,
          rows: o.rows,
          seed: o.seed,
          now,
          reset: o.reset,
          yes: o.yes,
          force: o.force,
          workers: o.workers,
          factsMemoryBytes: o.factsMemory === undefined ? undefined : o.factsMemory * 2 ** 20,
          injectOrphans: o.injectOrphans,
          onProgress: progress.onProgress,
        });
      } finally {
        progress.stop();
      }
      if (o.json) printJson(result);
      else printSummary(result);
      if (!result.ok) process.exitCode = 1;
    });
  cmd
    .command('orphans <n>')
    .description('plant N references that point nowhere in already seeded databases, spread over the declared references; prints exactly which rows')
    .addOption(dbOption('child databases', 'all'))
    .option('--seed <n>', 'picks the rows', wholeNumber('--seed'), 42)
    .option('--force', 'even where the target looks like production')
    .addOption(jsonOption())
    .addHelpText('after', '\nExample:\n  quenty-db seed orphans 5 --db order_db --json')
    .action(async (n: string, _o, command: Command) => {
      // --db, --json, --force and --seed may be parsed by `seed` itself: take both levels.
      const o = command.optsWithGlobals();
      const { injectOrphans } = engine.seed();
      const ctx = await openContext();
      const planted = await injectOrphans(ctx, { count: wholeNumber('count')(n), seed: o.seed, databases: o.db, force: o.force });
      if (o.json) printJson(planted);
      else printOrphans(planted);
    });
  registerSeedProfile(cmd);
  return cmd;
}
