import { escapeXml as esc } from '../util/xml';
import type { LockTraceReport } from './trace';

/** Pure: the terminal lines of a lock trace (without colours: the CLI colours the markers). */
export function traceLines(report: LockTraceReport): string[] {
  const out: string[] = [];
  for (const d of report.databases) {
    if (d.error && !d.migrations.length) {
      out.push(`✗ ${d.database}: ${d.error}`);
      continue;
    }
    if (!d.migrations.length) {
      out.push(`✓ ${d.database}: nothing pending`);
      continue;
    }
    out.push(
      `${d.ok ? '✓' : '✗'} ${d.database}: ${d.migrations.length} pending migration(s) traced on a scratch copy${d.sampledRows ? ` with ${d.sampledRows} sampled row(s)` : ' (schema only)'}`,
    );
    for (const m of d.migrations) {
      out.push(`  ${m.name} (${m.transaction ? 'one transaction' : 'no transaction'}, ${m.ms} ms)${m.error ? ` FAILED: ${m.error}` : ''}`);
      for (const s of m.statements) {
        out.push(`    ${s.sql.length > 110 ? s.sql.slice(0, 107) + '...' : s.sql}`);
        const bits = [`${s.ms} ms`, s.rows !== null ? `${s.rows} row(s)` : '', s.observedBy === 'poll' ? 'locks seen from a second session' : ''].filter(
          Boolean,
        );
        out.push(`      ${bits.join(', ')}`);
        for (const l of s.locks) out.push(`      lock ${l.mode} on ${l.relation}`);
        for (const r of s.rewritten) out.push(`      REWRITE of ${r.table} (${r.rows} row(s) in the copy)`);
        for (const t of s.truncated) out.push(`      truncated ${t}`);
      }
      for (const h of m.held.filter((x) => x.mode === 'ACCESS EXCLUSIVE' && x.liveRows !== undefined)) {
        out.push(
          `    held: ACCESS EXCLUSIVE on ${h.relation} for ${h.heldMs} ms${h.estimatedMs !== undefined ? ` (about ${h.estimatedMs} ms at ${h.liveRows} rows)` : ` (${h.liveRows} row(s) in the database)`}`,
        );
      }
    }
    for (const f of d.findings) {
      const mark = f.confirmed === true ? 'confirmed' : f.confirmed === false ? 'not confirmed' : 'n/a';
      out.push(`  lint ${f.code} ${f.migration}: ${f.message} [${mark}: ${f.evidence}]${f.acknowledged !== undefined ? ' (acknowledged)' : ''}`);
    }
    for (const v of d.violations) out.push(`  ✗ ${v}`);
    if (d.error && d.migrations.length) out.push(`  ✗ ${d.error}`);
  }
  return out;
}

/** Pure: JUnit XML: a suite per database, a case per migration, failing on its lock violations or its error. */
export function traceJunit(report: LockTraceReport): string {
  const lines = ['<?xml version="1.0" encoding="UTF-8"?>'];
  const cases = report.databases.flatMap((d) =>
    (d.migrations.length ? d.migrations.map((m) => m.name) : ['(trace)']).map((name) => {
      const failures = [
        ...d.violations.filter((v) => v.includes(` ${name} `)),
        ...(d.error && (name === '(trace)' || d.error.startsWith(name)) ? [d.error] : []),
      ];
      return { d: d.database, name, failures };
    }),
  );
  lines.push(`<testsuites name="quenty-db migrate plan --locks" tests="${cases.length}" failures="${cases.filter((c) => c.failures.length).length}">`);
  for (const d of report.databases) {
    const mine = cases.filter((c) => c.d === d.database);
    lines.push(`  <testsuite name="${esc(d.database)}" tests="${mine.length}" failures="${mine.filter((c) => c.failures.length).length}">`);
    for (const c of mine) {
      const open = `    <testcase classname="locks.${esc(d.database)}" name="${esc(c.name)}"`;
      if (!c.failures.length) lines.push(`${open}/>`);
      else lines.push(`${open}>`, `      <failure message="${esc(c.failures[0])}">${esc(c.failures.join('\n'))}</failure>`, '    </testcase>');
    }
    lines.push('  </testsuite>');
  }
  lines.push('</testsuites>');
  return lines.join('\n') + '\n';
}
