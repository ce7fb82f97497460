import chalk from 'chalk';
import type { AuditReport, CheckResult } from '../../audit/types';
import { num, pct, renderReport, sampleText, type AuditSiteLinks, type ReportFormat } from '../../audit/report';
import { redact } from '../../util/redact';

/**
 * The audit's terminal text (the CLI's rendering; the machine formats are the library's
 * `renderReport`). `.txt` files get it too, without colour.
 */

/** What `quenty-db audit` renders: the terminal text or a machine format. */
export type AuditOutputFormat = 'terminal' | ReportFormat;

/** The audit as the terminal shows it: a line per check under its database, samples, then the verdict. */
export function renderAuditTerminal(report: AuditReport, opts: { color?: boolean } = {}): string {
  const c = new chalk.Instance({ level: opts.color ? 1 : 0 });
  const mark = (r: CheckResult) => (r.status === 'pass' ? c.green('✓ pass ') : r.status === 'warn' ? c.yellow('! warn ') : c.red('✗ error'));
  const lines: string[] = [];
  let db = '';
  for (const r of report.checks) {
    if (r.database !== db) {
      db = r.database;
      lines.push(c.bold(db));
    }
    const detail = r.error
      ? c.red(r.error)
      : r.kind === 'reference'
        ? `${num(r.rowsChecked)} checked, ${num(r.orphanRows)} orphan rows (${num(r.orphanKeys)} keys, ${pct(r.share)})${r.compare === 'text' ? c.yellow(' [compared as text]') : ''} ${c.dim(`${r.strategy} ${r.durationMs} ms`)}`
        : r.kind === 'cross'
          ? `${num(r.rowsChecked)} pairs compared, ${num(r.orphanRows)} offending rows (${num(r.orphanKeys)} keys, ${pct(r.share)}) ${c.dim(`${r.strategy} ${r.durationMs} ms`)}`
          : `${num(r.orphanRows)} offending rows ${c.dim(`${r.durationMs} ms`)}`;
    lines.push(`  ${mark(r)}  ${r.title}  ${detail}`);
    for (const s of r.samples.slice(0, 3)) lines.push(c.dim(`           e.g. ${sampleText(s)}`));
  }
  const s = report.summary;
  for (const x of report.incompleteSeeds ?? []) {
    lines.push(c.red(`✗ incomplete seed: ${x.message}`));
    lines.push(c.dim(`    repair: ${x.repair}`));
  }
  lines.push('');
  lines.push(
    `${report.ok ? c.green('audit passed') : c.red('audit failed')}: ${s.checks} checks, ${c.green(`${s.pass} pass`)}, ${c.yellow(`${s.warn} warn`)}, ${c.red(`${s.error} error`)}` +
      `${s.failedToRun ? c.red(` (${s.failedToRun} could not run)`) : ''}, ${num(s.orphanRows)} offending rows ${c.dim(`(${report.durationMs} ms, fail on ${report.failOn})`)}`,
  );
  return redact(lines.join('\n'));
}

/** The terminal text or a machine format (`renderReport`), as the CLI writes it. */
export function renderAudit(report: AuditReport, format: AuditOutputFormat, opts: { color?: boolean; site?: AuditSiteLinks } = {}): string {
  return format === 'terminal' ? renderAuditTerminal(report, opts) + '\n' : renderReport(report, format, opts);
}
