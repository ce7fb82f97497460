import type { VerifyReport } from './index';
import type { LintReport } from './lint';
import { escapeXml } from '../util/xml';

/** Pure: JUnit XML for CI (one suite per database, one case per check). */
const esc = escapeXml;

interface Case {
  name: string;
  classname: string;
  failures: string[];
  skipped?: string;
}

function suites(name: string, groups: Array<{ suite: string; cases: Case[] }>): string {
  const lines = ['<?xml version="1.0" encoding="UTF-8"?>'];
  const total = groups.reduce((n, g) => n + g.cases.length, 0);
  const failed = groups.reduce((n, g) => n + g.cases.filter((c) => c.failures.length).length, 0);
  lines.push(`<testsuites name="${esc(name)}" tests="${total}" failures="${failed}">`);
  for (const g of groups) {
    const f = g.cases.filter((c) => c.failures.length).length;
    lines.push(`  <testsuite name="${esc(g.suite)}" tests="${g.cases.length}" failures="${f}">`);
    for (const c of g.cases) {
      const open = `    <testcase classname="${esc(c.classname)}" name="${esc(c.name)}"`;
      if (c.failures.length) {
        lines.push(`${open}>`);
        lines.push(`      <failure message="${esc(c.failures[0])}">${esc(c.failures.join('\n'))}</failure>`);
        lines.push('    </testcase>');
      } else if (c.skipped) {
        lines.push(`${open}>`, `      <skipped message="${esc(c.skipped)}"/>`, '    </testcase>');
      } else lines.push(`${open}/>`);
    }
    lines.push('  </testsuite>');
  }
  lines.push('</testsuites>');
  return lines.join('\n') + '\n';
}

const CHECKS: Array<[string, string[]]> = [
  ['schema', ['schema']],
  ['snapshot', ['snapshot']],
  ['migrations pending', ['pending']],
  ['migration checksums', ['checksum']],
  ['partitions ahead', ['partition']],
  ['reachable', ['error']],
];

export function verifyJunit(report: VerifyReport, name = 'quenty-db verify'): string {
  return suites(
    name,
    report.databases.map((d) => ({
      suite: d.database,
      cases: CHECKS.map(([check, cats]) => ({
        name: check,
        classname: `verify.${d.database}`,
        failures: d.findings.filter((f) => cats.includes(f.category)).map((f) => `${d.database}: ${f.message}`),
      })),
    })),
  );
}

export function lintJunit(report: LintReport): string {
  return suites(
    'quenty-db migrate lint',
    report.linted.map((l) => ({
      suite: l.database ?? '(files)',
      cases: l.migrations.map((m) => {
        const fs = report.findings.filter((f) => f.migration === m && f.database === l.database);
        const open = fs.filter((f) => f.acknowledged === undefined);
        return {
          name: m,
          classname: `lint.${l.database ?? 'files'}`,
          failures: open.map((f) => `${f.code} ${f.message}: ${f.statement}`),
        };
      }),
    })),
  );
}
