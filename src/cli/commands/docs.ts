import path from 'node:path';
import { Command } from 'commander';
import { DOCS_LINT_RULES } from '../../docs/lint';
import type { DocsLintReport } from '../../docs';
import { engine, loadRegistry, openContext, selectDatabases } from '../lazy';
import { QuentyError } from '../../util/errors';
import { bad, dim, ok, printJson, println, table, warn } from '../output';
import { dbOption, jsonOption, nonNegativeNumber } from '../options';

export function printDocsLint(report: DocsLintReport, opts: { verbose?: boolean; strict?: boolean } = {}) {
  const shownCodes = new Set(['D001', 'D002', 'D003', 'D006']);
  for (const f of report.findings) {
    if (!opts.verbose && !shownCodes.has(f.code)) continue;
    println(`${f.severity === 'error' ? bad('error') : warn('warn ')} ${f.code} ${f.message}`);
  }
  const hidden = report.findings.filter((f) => !opts.verbose && !shownCodes.has(f.code)).length;
  if (hidden) println(dim(`(${hidden} D004/D005 findings (tables and columns without a comment) not listed: --verbose lists them)`));
  println('');
  println(
    table(
      ['database', 'tables commented', 'columns commented', 'coverage'],
      report.coverage.map((c) => [c.database, `${c.tablesCommented}/${c.tables}`, `${c.columnsCommented}/${c.columns}`, `${c.percent.toFixed(1)}%`]),
    ),
  );
  const count = (code: string) => report.findings.filter((f) => f.code === code).length;
  println('');
  println(
    Object.keys(DOCS_LINT_RULES)
      .map((k) => `${k} ${count(k)}`)
      .join(' · '),
  );
  println(
    report.ok
      ? ok('docs lint: ok')
      : bad(
          `docs lint: failed (${report.findings.filter((f) => f.severity === 'error' || opts.strict).length} failing finding(s)${report.coverage.length ? '' : ''})`,
        ),
  );
}

export function registerDocs(program: Command) {
  const d = program
    .command('docs')
    .description(
      'generate the schema documentation from what the migrations produce and the registry: docs/schema/README.md (the fleet and its references), ' +
        'docs/schema/<db>.md (tables, columns, keys, indexes, checks, partitioning, references, audit rules, Mermaid ER diagram) and an HTML site in ' +
        'docs/schema/site/ (SVG diagrams rendered offline, search, links between databases). Migrates scratch copies (prefix zz_snap_) and drops them.',
    )
    .option('--check', 'write nothing: fail (exit 1) when the committed docs differ from what the migrations produce')
    .option('--from-snapshots', 'read the committed schema/<db>.json instead of migrating scratch copies (no server needed)')
    .option('--sizes', 'add the estimated rows and bytes of every table, read from the configured databases (not with --check)')
    .option('--out <dir>', 'output folder (default: docs/schema of the package)')
    .addOption(jsonOption())
    .addHelpText(
      'after',
      '\nExamples:\n  quenty-db docs                      # regenerate docs/schema/ (commit it with the migration)\n  quenty-db docs --check              # CI: exit 1 when docs/schema/ is stale\n  quenty-db docs --sizes --out /tmp/schema-docs   # with live table sizes\n  quenty-db docs lint --min-coverage 60',
    )
    .action(async (o) => {
      if (o.check && o.sizes)
        throw new QuentyError('USAGE', '--check compares generated files; table sizes change with the data', { hint: 'leave out --sizes' });
      const { checkDocs, generateDocs } = engine.docs();
      const source = o.fromSnapshots ? 'snapshots' : 'migrations';
      // From the committed snapshots, no server is needed (none is started) unless sizes are read.
      const ctx = o.fromSnapshots && !o.sizes ? { registry: loadRegistry() } : await openContext();
      const dir = o.out ? path.resolve(o.out) : undefined;
      if (o.check) {
        const report = await checkDocs(ctx, { source, dir });
        if (o.json) printJson(report);
        else if (report.ok)
          println(
            `${ok('✓')} ${path.relative(process.cwd(), report.dir) || '.'}: ${report.files} files are what ${o.fromSnapshots ? 'the committed snapshots' : 'the migrations'} produce`,
          );
        else {
          for (const x of report.differences) {
            println(`${bad('✗')} ${x.file}: ${x.kind === 'missing' ? 'missing' : x.kind === 'extra' ? 'no longer generated' : `differs from line ${x.line}`}`);
            if (x.kind === 'changed') println(dim(`    committed: ${x.committed}\n    expected:  ${x.expected}`));
          }
          println(bad(`${report.differences.length} file(s) stale: run \`quenty-db docs\` and commit docs/schema/`));
        }
        if (!report.ok) process.exitCode = 1;
        return;
      }
      const result = await generateDocs(ctx, { source, dir, sizes: !!o.sizes });
      if (o.json) printJson({ dir: result.dir, files: result.files, sizeErrors: result.sizeErrors });
      else {
        for (const f of result.files)
          println(
            `${f.status === 'unchanged' ? dim('·') : ok('✓')} ${path.join(path.relative(process.cwd(), result.dir), f.file)} ${f.status === 'unchanged' ? dim('unchanged') : warn(f.status)}`,
          );
        for (const e of result.sizeErrors) println(`${bad('✗')} ${e.database}: sizes not read: ${e.error}`);
      }
      if (result.sizeErrors.length) process.exitCode = 1;
    });
  d.command('lint')
    .description(
      'lint the schemas the migrations produce: ' +
        Object.entries(DOCS_LINT_RULES)
          .map(([k, v]) => `${k} ${v.split(':')[0]}`)
          .join('; ') +
        '; and the comment coverage per database',
    )
    .addOption(dbOption('databases', 'all'))
    .option('--from-snapshots', 'read the committed schema/<db>.json instead of migrating scratch copies (no server needed)')
    .option('--strict', 'warnings fail too')
    .option('--min-coverage <percent>', 'fail when a database has fewer commented tables and columns than this', nonNegativeNumber('--min-coverage', 100))
    .option('--verbose', 'also list every table and column without a comment (D004, D005)')
    .addOption(jsonOption())
    .addHelpText(
      'after',
      '\nExit code 1 on an error finding (D001, D003), on any finding with --strict, or below --min-coverage.\n\nExamples:\n  quenty-db docs lint\n  quenty-db docs lint --from-snapshots --db order_db --json\n  quenty-db docs lint --min-coverage 60',
    )
    .action(async (_o, cmd: Command) => {
      // --json and --from-snapshots are options of `docs` too: read them wherever they were given.
      const o = cmd.optsWithGlobals();
      const { buildModel, lintDocs, loadSchemas } = engine.docs();
      const ctx = o.fromSnapshots ? { registry: loadRegistry() } : await openContext();
      const snapshots = await loadSchemas(ctx, o.fromSnapshots ? 'snapshots' : 'migrations');
      const entries = selectDatabases(ctx.registry, o.db);
      const model = buildModel(ctx.registry.databases, snapshots);
      const selected = { ...model, databases: model.databases.filter((x) => entries.some((e) => e.name === x.name)) };
      const report = lintDocs(selected, { strict: o.strict, minCoverage: o.minCoverage });
      if (o.json) printJson(report);
      else printDocsLint(report, { verbose: o.verbose, strict: o.strict });
      if (!report.ok) process.exitCode = 1;
    });
  return d;
}
