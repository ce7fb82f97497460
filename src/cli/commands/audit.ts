import path from 'node:path';
import { Command, Option } from 'commander';
import type { Context } from '../../db/targets';
import type { AuditReport, AuditSiteLinks, Severity, Strategy } from '../../audit';
import { REPORT_EXTENSIONS, REPORT_FORMATS } from '../../audit/report';
import { renderAudit, type AuditOutputFormat } from '../render/audit-terminal';
import { engine, openContext } from '../lazy';
import { useColor } from '../output';
import { chooseOutputs, dbOption, formatOption, jsonOption, outOption, type OutputSpec, wholeNumber } from '../options';
import { makeDirSafe, writeFileChecked } from '../../util/fsx';

/** audit's outputs: `--format a,b` and `--out f1 --out f2`; each file gets the format its extension says, else the --format given. */
export const AUDIT_OUTPUTS: OutputSpec<AuditOutputFormat> = {
  formats: ['terminal', ...REPORT_FORMATS],
  byExtension: { ...REPORT_EXTENSIONS, txt: 'terminal' },
  stdoutDefault: 'terminal',
  several: true,
  jsonToStdout: true,
};

/**
 * The HTML report joins the schema site: links to the docs pages of each check's tables (relative
 * to the report's folder) and the fleet diagram with failing references in red. Built from the
 * committed snapshots; without them the report is written without the site.
 */
async function siteFor(ctx: Context, report: AuditReport, reportDir: string, docsSite?: string): Promise<AuditSiteLinks | undefined> {
  const { auditSiteLinks, buildModel, docsDir, loadSchemas } = engine.docs();
  let snapshots;
  try {
    snapshots = await loadSchemas(ctx, 'snapshots');
  } catch {
    return undefined;
  }
  const site = path.resolve(docsSite ?? path.join(docsDir(ctx.registry), 'site'));
  const base = path.relative(reportDir, site).split(path.sep).join('/');
  return auditSiteLinks(buildModel(ctx.registry.databases, snapshots), report, base ? base + '/' : '');
}

export function registerAudit(program: Command) {
  return program
    .command('audit')
    .description(
      'check the references between the databases (orphans: rows naming a parent that does not exist) and the business rules, inside one database and across databases (cross.ts: an order before its customer signed up...); ' +
        'exit 0 when nothing reaches error, 1 when something does, 2 for usage or configuration errors',
    )
    .addOption(dbOption('databases whose references and rules are checked'))
    .option('--check <ids>', 'only checks whose id contains one of these comma-separated strings (e.g. return_items.item_id)')
    .option('--samples <n>', 'sample orphan rows per check', wholeNumber('--samples'), 10)
    .addOption(formatOption(AUDIT_OUTPUTS.formats, `report format(s): ${AUDIT_OUTPUTS.formats.join(', ')} (several need --out)`, { several: true }))
    .addOption(outOption('write a report to a file (repeatable; format from the extension: .md .json .xml .html)', { repeatable: true }))
    .addOption(new Option('--fail-on <level>', 'lowest status that fails the audit').choices(['error', 'warn']).default('error'))
    .addOption(
      new Option(
        '--strategy <s>',
        'how parent keys (and the columns cross-database rules compare) meet child rows: copy (to the child server), merge (sorted streams) or auto',
      )
        .choices(['auto', 'copy', 'merge'])
        .default('auto'),
    )
    .option('--concurrency <n>', 'checks at once (default QUENTY_CONCURRENCY, 4)', wholeNumber('--concurrency', 1, 64))
    .addOption(jsonOption('the JSON report on stdout (docs/audit-report.schema.json)'))
    .option('--docs-site <dir>', 'the schema site (`quenty-db docs`) an HTML report links to (default: docs/schema/site of the package)')
    .addHelpText(
      'after',
      '\nExamples:\n  quenty-db audit\n  quenty-db audit --db reverse_logistics_db --samples 5\n  quenty-db audit --out audit.md --out audit.xml --fail-on warn\n  quenty-db audit --format markdown > audit.md\n  quenty-db audit --check order_before_customer_signup --strategy merge',
    )
    .action(async (o) => {
      const plan = chooseOutputs(o, AUDIT_OUTPUTS);
      // Before the audit runs: every --out must be writable (a clear error, not a bare ENOENT at the end).
      for (const f of plan.files) makeDirSafe(path.dirname(path.resolve(f.file)), { what: `folder of --out ${f.file}` });
      const { audit } = engine.audit();
      const ctx = await openContext();
      const report = await audit(ctx, {
        databases: o.db,
        only: o.check
          ? String(o.check)
              .split(',')
              .map((s: string) => s.trim())
              .filter(Boolean)
          : undefined,
        samples: o.samples,
        failOn: o.failOn as Severity,
        strategy: o.strategy as Strategy | 'auto',
        concurrency: o.concurrency,
      });
      for (const f of plan.files) {
        const site = f.format === 'html' ? await siteFor(ctx, report, path.dirname(path.resolve(f.file)), o.docsSite) : undefined;
        writeFileChecked(f.file, renderAudit(report, f.format, { color: false, site }), { what: `${f.format} report` });
      }
      process.stdout.write(renderAudit(report, plan.stdout, { color: plan.stdout === 'terminal' && useColor() }));
      if (plan.files.length && plan.stdout === 'terminal') {
        process.stdout.write(plan.files.map((f) => `wrote ${f.format} report to ${f.file}`).join('\n') + '\n');
      }
      process.exitCode = report.ok ? 0 : 1;
    });
}
