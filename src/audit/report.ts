import { redact, redactDeep } from '../util/redact';
import { escapeXml } from '../util/xml';
import type { AuditReport, CheckResult, SampleRow } from './types';

/**
 * Report renderers of the machine formats: pure functions of an AuditReport. Everything
 * rendered is redacted. The terminal text is the CLI's (src/cli/render/audit-terminal.ts).
 */

export type ReportFormat = 'markdown' | 'json' | 'junit' | 'html';
export const REPORT_FORMATS: ReportFormat[] = ['markdown', 'json', 'junit', 'html'];

/** The format an output file's extension says. */
export const REPORT_EXTENSIONS: Readonly<Record<string, ReportFormat>> = {
  md: 'markdown',
  markdown: 'markdown',
  json: 'json',
  xml: 'junit',
  html: 'html',
  htm: 'html',
};

/** Format of an output file from its extension, if it says. */
export function formatFromPath(file: string): ReportFormat | undefined {
  const ext = file.toLowerCase().split('.').pop();
  return REPORT_EXTENSIONS[ext ?? ''];
}

/** A share as a percentage (`-` when unknown). */
export const pct = (share: number | null) => (share === null ? '-' : share === 0 ? '0%' : `${(share * 100).toFixed(share < 0.0001 ? 4 : 2)}%`);
/** A count with thousands separators (`-` when unknown). */
export const num = (n: number | null) => (n === null ? '-' : n.toLocaleString('en-US'));

/** One sample row as text: its key, and the value or the row. */
export function sampleText(s: SampleRow): string {
  const key = Object.entries(s.key)
    .map(([k, v]) => `${k}=${v ?? 'NULL'}`)
    .join(', ');
  if (s.value !== undefined && s.row) {
    // Cross-database rule: the child key, then the compared columns (c.* child, p.* parent).
    const cols = Object.entries(s.row)
      .map(([k, v]) => `${k}=${v === null || v === undefined ? 'NULL' : String(v)}`)
      .join(', ');
    return `${key || '(no primary key)'} -> ${s.value === null ? 'NULL' : JSON.stringify(s.value)}: ${cols}`;
  }
  if (s.value !== undefined) return `${key || '(no primary key)'} -> ${s.value === null ? 'NULL' : JSON.stringify(s.value)}`;
  return `${key}${s.row ? `  ${JSON.stringify(s.row)}` : ''}`;
}

/** One line for `quenty-db up`. */
export function summaryLine(report: AuditReport): string {
  const s = report.summary;
  const seeds = report.incompleteSeeds?.length ? `; incomplete seed run in ${report.incompleteSeeds.map((x) => x.database).join(', ')}` : '';
  return `audit ${report.ok ? 'passed' : 'failed'}: ${s.checks} checks, ${s.pass} pass, ${s.warn} warn, ${s.error} error${s.failedToRun ? ` (${s.failedToRun} could not run)` : ''}${seeds}`;
}

const mdCell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

export function renderMarkdown(report: AuditReport): string {
  const s = report.summary;
  const out: string[] = [];
  out.push('# Quenty reference-integrity audit', '');
  out.push(`Run ${report.startedAt}, ${report.durationMs} ms. **${report.ok ? 'PASSED' : 'FAILED'}** (fails on: ${report.failOn}).`, '');
  out.push(
    `${s.checks} checks: ${s.pass} pass, ${s.warn} warn, ${s.error} error${s.failedToRun ? ` (${s.failedToRun} could not run)` : ''}; ${s.orphanRows} offending rows.`,
    '',
  );
  if (report.incompleteSeeds?.length) {
    out.push('Incomplete seed runs:', '');
    for (const x of report.incompleteSeeds) out.push(`- ${mdCell(x.message)}; repair: \`${x.repair}\``);
    out.push('');
  }
  const down = report.databases.filter((d) => !d.reachable);
  if (down.length) {
    out.push('Unreachable databases:', '');
    for (const d of down) out.push(`- \`${d.name}\` (${d.server}): ${mdCell(d.error ?? '')}`);
    out.push('');
  }
  out.push('## Summary', '');
  out.push('| Status | Database | Check | Rows checked | Orphan rows | Orphan keys | Share | Strategy | ms |');
  out.push('|---|---|---|---:|---:|---:|---:|---|---:|');
  for (const r of report.checks) {
    out.push(
      `| ${r.status === 'pass' ? 'pass' : `**${r.status}**`} | ${r.database} | ${mdCell(r.title)}${r.compare === 'text' ? ' (as text)' : ''} | ${num(r.rowsChecked)} | ${num(r.orphanRows)} | ${num(r.orphanKeys)} | ${pct(r.share)} | ${r.strategy ?? '-'} | ${r.durationMs} |`,
    );
  }
  const failing = report.checks.filter((r) => r.status !== 'pass');
  if (failing.length) {
    out.push('', '## Failing checks');
    for (const r of failing) {
      out.push('', `### ${r.status.toUpperCase()}: ${r.database} — ${mdCell(r.title)}`, '');
      out.push(`${r.description}.`, '');
      if (r.error) out.push(`Could not run: ${r.error}`, '');
      if (r.kind === 'reference' && !r.error) {
        out.push(`- rows checked: ${num(r.rowsChecked)} (NULL, not checked: ${num(r.nullRows)})`);
        out.push(`- orphan rows: ${num(r.orphanRows)}, distinct orphan keys: ${num(r.orphanKeys)}, share: ${pct(r.share)}`);
        out.push(`- strategy: ${r.strategy}; comparison: ${r.compareNote ?? r.compare}`);
      } else if (r.kind === 'cross' && !r.error) {
        out.push(`- pairs compared: ${num(r.rowsChecked)} (NULL key, not compared: ${num(r.nullRows)})`);
        out.push(`- offending rows: ${num(r.orphanRows)}, distinct keys: ${num(r.orphanKeys)}, share: ${pct(r.share)}`);
        out.push(`- strategy: ${r.strategy}; ${r.compareNote ?? ''}`);
      } else if (!r.error) out.push(`- offending rows: ${num(r.orphanRows)}`);
      if (r.thresholds) out.push(`- thresholds: ${JSON.stringify(r.thresholds)}`);
      if (r.source) out.push(`- declared by: ${r.source}`);
      if (r.note) out.push(`- note: ${r.note}`);
      if (r.samples.length) {
        out.push('', `Samples (${r.samples.length} of ${r.orphanRows}):`, '');
        if (r.kind === 'cross') {
          const keys = Object.keys(r.samples[0].key);
          const cols = Object.keys(r.samples[0].row ?? {});
          const head = [...keys, 'key', ...cols];
          out.push(`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`);
          for (const sm of r.samples) {
            const cells = [...keys.map((k) => sm.key[k] ?? 'NULL'), sm.value ?? 'NULL', ...cols.map((k) => (sm.row?.[k] ?? 'NULL') as string)];
            out.push(`| ${cells.map((v) => mdCell(String(v))).join(' | ')} |`);
          }
        } else if (r.kind === 'reference') {
          const keys = Object.keys(r.samples[0].key);
          out.push(`| ${[...keys, 'value'].join(' | ')} |`, `|${[...keys, 'value'].map(() => '---').join('|')}|`);
          for (const sm of r.samples)
            out.push(`| ${[...keys.map((k) => sm.key[k] ?? 'NULL'), sm.value ?? 'NULL'].map((v) => mdCell(String(v))).join(' | ')} |`);
        } else {
          for (const sm of r.samples) out.push(`- \`${mdCell(JSON.stringify(sm.row ?? sm.key))}\``);
        }
      }
    }
  }
  return redact(out.join('\n') + '\n');
}

export function renderJson(report: AuditReport): string {
  return JSON.stringify(redactDeep(report), null, 2) + '\n';
}

export { escapeXml };

function failureText(r: CheckResult): string {
  const lines = [r.description];
  if (r.error) lines.push(`could not run: ${r.error}`);
  else if (r.kind === 'reference')
    lines.push(`${r.orphanRows} orphan rows of ${r.rowsChecked} (${pct(r.share)}), ${r.orphanKeys} distinct keys; ${r.compareNote ?? ''}`);
  else if (r.kind === 'cross')
    lines.push(`${r.orphanRows} offending rows of ${r.rowsChecked} pairs (${pct(r.share)}), ${r.orphanKeys} distinct keys; ${r.compareNote ?? ''}`);
  else lines.push(`${r.orphanRows} offending rows`);
  for (const s of r.samples) lines.push(`  ${sampleText(s)}`);
  return lines.join('\n');
}

/**
 * JUnit XML: one testsuite per database, one testcase per check. Errors are <failure>, checks
 * that could not run are <error>; warnings pass unless `failOn` is warn (then <failure>), and
 * always carry their text in <system-out>.
 */
export function renderJunit(report: AuditReport): string {
  const byDb = new Map<string, CheckResult[]>();
  for (const r of report.checks) byDb.set(r.database, [...(byDb.get(r.database) ?? []), r]);
  const failed = (r: CheckResult) => !r.error && (r.status === 'error' || (r.status === 'warn' && report.failOn === 'warn'));
  const out: string[] = ['<?xml version="1.0" encoding="UTF-8"?>'];
  const s = report.summary;
  out.push(
    `<testsuites name="quenty-db audit" tests="${s.checks}" failures="${report.checks.filter(failed).length}" errors="${s.failedToRun}" time="${(report.durationMs / 1000).toFixed(3)}" timestamp="${report.startedAt}">`,
  );
  for (const [db, rs] of byDb) {
    const time = rs.reduce((n, r) => n + r.durationMs, 0) / 1000;
    out.push(
      `  <testsuite name="${escapeXml(db)}" tests="${rs.length}" failures="${rs.filter(failed).length}" errors="${rs.filter((r) => r.error).length}" skipped="0" time="${time.toFixed(3)}">`,
    );
    for (const r of rs) {
      out.push(`    <testcase classname="${escapeXml(`audit.${db}.${r.kind}`)}" name="${escapeXml(r.title)}" time="${(r.durationMs / 1000).toFixed(3)}">`);
      if (r.error) out.push(`      <error message="${escapeXml(r.error)}" type="unreachable">${escapeXml(failureText(r))}</error>`);
      else if (failed(r))
        out.push(
          `      <failure message="${escapeXml(`${r.status}: ${r.orphanRows} offending rows`)}" type="${r.status}">${escapeXml(failureText(r))}</failure>`,
        );
      if (r.status === 'warn' && !failed(r)) out.push(`      <system-out>${escapeXml(`warning: ${failureText(r)}`)}</system-out>`);
      out.push('    </testcase>');
    }
    out.push('  </testsuite>');
  }
  out.push('</testsuites>');
  return redact(out.join('\n') + '\n');
}

const h = (s: string) => escapeXml(s);

/**
 * What joins the audit's HTML report to the schema site (`quenty-db docs`): links from each check
 * to the docs pages of its tables, and the fleet diagram with the failing references in red.
 */
export interface AuditSiteLinks {
  /** Check id → the tables it covers (a reference: child then parent; a rule: the tables its SQL reads), with their page URL. */
  tables: Record<string, Array<{ label: string; href: string }>>;
  /** The fleet diagram (inline SVG), failing references drawn in red. */
  fleetSvg?: string;
  /** URL of the site's index page. */
  index?: string;
}

const STATUS_ORDER = { error: 0, warn: 1, pass: 2 } as const;

/** Pure: failing checks first (errors, then warnings), in report order within each status. */
export function failingFirst(checks: CheckResult[]): CheckResult[] {
  return checks
    .map((c, i) => ({ c, i }))
    .sort((a, b) => STATUS_ORDER[a.c.status] - STATUS_ORDER[b.c.status] || a.i - b.i)
    .map((x) => x.c);
}

export function renderHtml(report: AuditReport, site?: AuditSiteLinks): string {
  const s = report.summary;
  const colour = { pass: '#1a7f37', warn: '#9a6700', error: '#cf222e' } as const;
  const checks = failingFirst(report.checks);
  const tableLinks = (r: CheckResult) => (site?.tables[r.id] ?? []).map((t) => `<a href="${h(t.href)}">${h(t.label)}</a>`).join(', ');
  const rows = checks
    .map(
      (r) =>
        `<tr class="check ${r.status}" id="check-${h(r.id.replace(/[^A-Za-z0-9_.:-]/g, '_'))}"><td style="color:${colour[r.status]};font-weight:bold">${r.status}</td><td>${h(r.database)}</td><td>${h(r.title)}${r.compare === 'text' ? ' <em>(as text)</em>' : ''}</td>${site ? `<td>${tableLinks(r)}</td>` : ''}<td class="n">${num(r.rowsChecked)}</td><td class="n">${num(r.orphanRows)}</td><td class="n">${num(r.orphanKeys)}</td><td class="n">${pct(r.share)}</td><td>${r.strategy ?? '-'}</td><td class="n">${r.durationMs}</td></tr>`,
    )
    .join('\n');
  const sections = checks
    .filter((r) => r.status !== 'pass')
    .map(
      (r) =>
        `<section><h3 style="color:${colour[r.status]}">${r.status.toUpperCase()}: ${h(r.database)} — ${h(r.title)}</h3><p>${h(r.description)}</p>` +
        (site?.tables[r.id]?.length ? `<p>Tables: ${tableLinks(r)}</p>` : '') +
        (r.error ? `<p><strong>Could not run:</strong> ${h(r.error)}</p>` : '') +
        (r.compareNote ? `<p>Comparison: ${h(r.compareNote)}</p>` : '') +
        (r.samples.length ? `<ul>${r.samples.map((sm) => `<li><code>${h(sampleText(sm))}</code></li>`).join('')}</ul>` : '') +
        '</section>',
    )
    .join('\n');
  const fleet = site?.fleetSvg
    ? `<h2>References between databases</h2>\n<p>Failing references are drawn in red. Click a table to open its page${site.index ? ` in the <a href="${h(site.index)}">schema documentation</a>` : ''}.</p>\n<div class="diagram" id="fleet-diagram">\n${site.fleetSvg}\n</div>\n`
    : '';
  return redact(`<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Quenty audit ${h(report.startedAt)}</title>
<link rel="icon" href="data:,">
<style>body{font-family:system-ui,sans-serif;margin:2em}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:4px 8px}.n{text-align:right}.diagram{overflow:auto;border:1px solid #d0d7de;padding:.5em}.diagram svg text{font-family:'DejaVu Sans Mono',Menlo,Consolas,monospace}</style></head>
<body><h1>Quenty reference-integrity audit</h1>
<p><strong style="color:${report.ok ? colour.pass : colour.error}">${report.ok ? 'PASSED' : 'FAILED'}</strong> — ${s.checks} checks: ${s.pass} pass, ${s.warn} warn, ${s.error} error${s.failedToRun ? ` (${s.failedToRun} could not run)` : ''}. Run ${h(report.startedAt)}, ${report.durationMs} ms.</p>
<table><thead><tr><th>Status</th><th>Database</th><th>Check</th>${site ? '<th>Tables</th>' : ''}<th>Rows checked</th><th>Orphan rows</th><th>Orphan keys</th><th>Share</th><th>Strategy</th><th>ms</th></tr></thead>
<tbody>
${rows}
</tbody></table>
${sections}
${fleet}</body></html>
`);
}

/** The report in a machine format (files, CI): markdown, json, junit or html. */
export function renderReport(report: AuditReport, format: ReportFormat, opts: { site?: AuditSiteLinks } = {}): string {
  switch (format) {
    case 'markdown':
      return renderMarkdown(report);
    case 'json':
      return renderJson(report);
    case 'junit':
      return renderJunit(report);
    case 'html':
      return renderHtml(report, opts.site);
  }
}
