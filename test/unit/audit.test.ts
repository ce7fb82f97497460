import { Readable } from 'node:stream';
import {
  buildChecks,
  chooseStrategy,
  compareC,
  compareModeFor,
  evaluateStatus,
  exitCodeForAudit,
  linesOf,
  mergeOrphans,
  summarize,
  unescapeCopyText,
  withoutFound,
  MERGE_RATIO,
} from '../../src/audit/plan';
import fs from 'node:fs';
import path from 'node:path';
import Ajv from 'ajv';
import { formatFromPath, renderJson, renderJunit, renderMarkdown, escapeXml } from '../../src/audit/report';
import { renderAuditTerminal } from '../../src/cli/render/audit-terminal';
import type { AuditReport, CheckResult } from '../../src/audit/types';
import { AUDIT_OUTPUTS } from '../../src/cli/commands/audit';
import { chooseOutputs } from '../../src/cli/options';
import { buildRegistry, loadRegistry } from '../../src/registry';
import { audit } from '../../src/audit';
import { mapLimit } from '../../src/util/concurrency';
import { parseConfig } from '../../src/config';
import { openContext } from '../../src/db/targets';
import { QuentyError, exitCodeFor } from '../../src/util/errors';

/** audit's --format/--out/--json as its action chooses them. */
const planOutputs = (format: string | undefined, out: string[], json: boolean) => chooseOutputs({ format, out, json }, AUDIT_OUTPUTS);

async function* gen(values: string[]) {
  for (const v of values) yield v;
}

describe('evaluateStatus', () => {
  test('no orphans pass; no thresholds: the declared severity', () => {
    expect(evaluateStatus(0, 0, 'error')).toBe('pass');
    expect(evaluateStatus(1, 0.1, 'error')).toBe('error');
    expect(evaluateStatus(1, 0.1, 'warn')).toBe('warn');
  });
  test('thresholds on count and share', () => {
    const warnIf = { count: 5 };
    const errorIf = { share: 0.1 };
    expect(evaluateStatus(4, 0.01, 'error', warnIf, errorIf)).toBe('pass'); // below warnIf: tolerated
    expect(evaluateStatus(5, 0.01, 'error', warnIf, errorIf)).toBe('warn');
    expect(evaluateStatus(5, 0.1, 'error', warnIf, errorIf)).toBe('error');
    expect(evaluateStatus(2, 0.01, 'error', undefined, { count: 10 })).toBe('warn'); // below errorIf alone: warning
    expect(evaluateStatus(10, 0.01, 'warn', undefined, { count: 10 })).toBe('error');
  });
});

describe('compareModeFor', () => {
  test('same types and varchar/text compare natively', () => {
    expect(compareModeFor('character varying', 'character varying')).toEqual({ mode: 'native', scratchType: 'text' });
    expect(compareModeFor('text', 'character varying').mode).toBe('native');
    expect(compareModeFor('integer', 'integer')).toEqual({ mode: 'native', scratchType: 'integer' });
  });
  test('different types compare as text, stated', () => {
    const m = compareModeFor('character varying', 'integer');
    expect(m.mode).toBe('text');
    expect(m.scratchType).toBe('text');
    expect(m.note).toMatch(/character varying vs integer/);
    expect(compareModeFor('bigint', 'integer').mode).toBe('text');
  });
});

test('chooseStrategy: copy unless the parent dwarfs the child; forced wins', () => {
  expect(chooseStrategy(1_000_000, 10_000_000)).toBe('copy');
  expect(chooseStrategy(100, 0)).toBe('copy');
  expect(chooseStrategy(MERGE_RATIO * 1000 + 1, 10)).toBe('merge');
  expect(chooseStrategy(10, 10, 'merge')).toBe('merge');
  expect(chooseStrategy(1e9, 10, 'copy')).toBe('copy');
});

describe('mergeOrphans', () => {
  test('counts orphan rows and distinct keys of sorted streams, with duplicates', async () => {
    const r = await mergeOrphans(gen(['a', 'a', 'b', 'c', 'c', 'd', 'x', 'x', 'z']), gen(['a', 'c', 'd', 'e']), 2);
    expect(r).toEqual({ rowsChecked: 9, orphanRows: 4, orphanKeys: 3, sampleKeys: ['b', 'x'] });
  });
  test('empty parent: everything is an orphan; empty child: nothing', async () => {
    expect(await mergeOrphans(gen(['1', '2']), gen([]), 10)).toMatchObject({ orphanRows: 2, orphanKeys: 2 });
    expect(await mergeOrphans(gen([]), gen(['1']), 10)).toMatchObject({ rowsChecked: 0, orphanRows: 0 });
  });
  test('keeps the orphan values with their rows (up to a limit), and drops those found in the parent later', async () => {
    const r = await mergeOrphans(gen(['a', 'b', 'b', 'c', 'd', 'd', 'd']), gen(['a', 'c']), 1, 10);
    expect([...r.orphanCounts!]).toEqual([
      ['b', 2],
      ['d', 3],
    ]);
    expect(withoutFound(r, new Set(['b']), 1)).toEqual({ rowsChecked: 7, orphanRows: 3, orphanKeys: 1, sampleKeys: ['d'], orphanCounts: new Map([['d', 3]]) });
    expect((await mergeOrphans(gen(['b', 'd']), gen([]), 1, 1)).orphanCounts).toBeUndefined(); // over the limit: not kept
    expect((await mergeOrphans(gen(['b']), gen([]), 1)).orphanCounts).toBeUndefined();
  });
  test('refuses an unsorted child stream', async () => {
    await expect(mergeOrphans(gen(['b', 'a']), gen(['a']), 1)).rejects.toThrow(/not sorted/);
  });
});

test('compareC follows code point (UTF-8 byte) order', () => {
  expect(compareC('a', 'b')).toBeLessThan(0);
  expect(compareC('ab', 'a')).toBeGreaterThan(0);
  expect(compareC('B', 'a')).toBeLessThan(0); // "C" collation: upper case first
  expect(compareC('\u{1F600}', '\uFFFD')).toBeGreaterThan(0); // astral after BMP, unlike UTF-16 order
});

test('unescapeCopyText', () => {
  expect(unescapeCopyText('\\N')).toBeNull();
  expect(unescapeCopyText('plain')).toBe('plain');
  expect(unescapeCopyText('a\\tb\\\\c\\nd')).toBe('a\tb\\c\nd');
  expect(unescapeCopyText('\\101\\x42')).toBe('AB');
});

test('linesOf splits across chunks and keeps multi-byte characters whole', async () => {
  const bytes = Buffer.from('uno\ndós\nñandú\nlast');
  const chunks = [bytes.subarray(0, 5), bytes.subarray(5, 12), bytes.subarray(12)];
  const out: string[] = [];
  for await (const l of linesOf(Readable.from(chunks))) out.push(l);
  expect(out).toEqual(['uno', 'dós', 'ñandú', 'last']);
});

test('the audit runs its checks through mapLimit: order kept, never more than the bound at once', async () => {
  let running = 0;
  let peak = 0;
  const out = await mapLimit([5, 1, 4, 2, 3], 2, async (x) => {
    running++;
    peak = Math.max(peak, running);
    await new Promise((r) => setTimeout(r, x));
    running--;
    return x * 10;
  });
  expect(out).toEqual([50, 10, 40, 20, 30]);
  expect(peak).toBe(2);
});

describe('buildChecks from the registry', () => {
  const registry = loadRegistry();
  test('one check per declared reference and rule; selection by child database', () => {
    const all = buildChecks(registry);
    const declared = registry.databases.reduce((n, d) => n + d.references.length + d.rules.length + d.crossRules.length, 0);
    expect(all.length).toBe(declared);
    expect(new Set(all.map((c) => c.id)).size).toBe(all.length);
    const rl = buildChecks(registry, 'reverse_logistics_db');
    expect(rl.every((c) => c.database === 'reverse_logistics_db')).toBe(true);
    expect(rl.find((c) => c.id === 'reverse_logistics_db.return_items.item_id->order_db.products.id')).toBeTruthy();
  });
  test('every rule selects rows (SELECT ...) and has a description', () => {
    for (const d of registry.databases) for (const r of d.rules) expect(r.sql.trim()).toMatch(/^SELECT\s/i);
  });
  test('thresholds from the registry reach the check', () => {
    const raw = registry.databases.map((d) => ({
      source: d.name,
      entry: { ...d, references: d.references.map((r) => ({ ...r, warnIf: { share: 0.01 } })) },
    }));
    const checks = buildChecks(buildRegistry(raw), 'order_db');
    expect(checks.filter((c) => c.kind === 'reference').every((c) => c.kind === 'reference' && c.warnIf?.share === 0.01)).toBe(true);
  });
});

function fakeResult(over: Partial<CheckResult>): CheckResult {
  return {
    kind: 'reference',
    id: 'a.t.c->b.p.k',
    database: 'a',
    title: 't.c -> b.p.k',
    description: 'every a.t.c names b.p.k',
    severity: 'error',
    status: 'pass',
    rowsChecked: 10,
    nullRows: 0,
    orphanRows: 0,
    orphanKeys: 0,
    share: 0,
    samples: [],
    strategy: 'copy',
    compare: 'native',
    durationMs: 3,
    ...over,
  };
}

function fakeReport(checks: CheckResult[], failOn: 'error' | 'warn' = 'error'): AuditReport {
  return {
    version: 1,
    tool: 'quenty-db audit',
    startedAt: '2026-01-01T00:00:00.000Z',
    durationMs: 10,
    ok: exitCodeForAudit(checks, failOn) === 0,
    failOn,
    samplesLimit: 10,
    databases: [{ name: 'a', server: 'h:1', reachable: true }],
    summary: summarize(checks),
    checks,
  };
}

describe('reports', () => {
  const checks = [
    fakeResult({}),
    fakeResult({
      id: 'x',
      title: 'o.c -> b.<p>.k & "q"',
      status: 'error',
      orphanRows: 2,
      orphanKeys: 1,
      share: 0.2,
      samples: [{ key: { id: '7' }, value: 'ghost' }],
    }),
    fakeResult({ id: 'y', status: 'warn', orphanRows: 1, orphanKeys: 1, share: 0.1 }),
    fakeResult({ id: 'z', status: 'error', error: 'b unreachable: connection refused', rowsChecked: 0 }),
  ];
  test('exit codes: 1 when an error is reached, warnings only with --fail-on warn', () => {
    expect(exitCodeForAudit(checks.slice(0, 1), 'error')).toBe(0);
    expect(exitCodeForAudit([checks[0], checks[2]], 'error')).toBe(0);
    expect(exitCodeForAudit([checks[0], checks[2]], 'warn')).toBe(1);
    expect(exitCodeForAudit(checks, 'error')).toBe(1);
    expect(summarize(checks)).toEqual({ checks: 4, pass: 1, warn: 1, error: 2, failedToRun: 1, orphanRows: 3 });
  });
  test('JUnit: one testcase per check, escaped, failures and errors counted', () => {
    const xml = renderJunit(fakeReport(checks));
    expect((xml.match(/<testcase /g) ?? []).length).toBe(4);
    expect((xml.match(/<failure /g) ?? []).length).toBe(1);
    expect((xml.match(/<error /g) ?? []).length).toBe(1);
    expect(xml).toContain('b.&lt;p&gt;.k &amp; &quot;q&quot;');
    expect((renderJunit(fakeReport(checks, 'warn')).match(/<failure /g) ?? []).length).toBe(2);
  });
  test('Markdown: summary table then a section per failing check with samples', () => {
    const md = renderMarkdown(fakeReport(checks));
    expect(md.indexOf('## Summary')).toBeLessThan(md.indexOf('## Failing checks'));
    expect((md.match(/^### /gm) ?? []).length).toBe(3);
    expect(md).toContain('| 7 | ghost |');
  });
  test('terminal: no colour codes unless asked', () => {
    expect(renderAuditTerminal(fakeReport(checks))).not.toMatch(/\x1b\[/);
    expect(renderAuditTerminal(fakeReport(checks), { color: true })).toMatch(/\x1b\[/);
  });
  test('JSON: a rule sample keeps its timestamps (ISO), bytes and other pg values, and matches the schema', () => {
    const created = new Date('2026-03-04T05:06:07.089Z');
    const interval = Object.assign(Object.create({ toPostgres: () => '1 day' }), { days: 1 });
    const rule = fakeResult({
      kind: 'rule',
      id: 'a:expired',
      title: 'expired',
      status: 'warn',
      severity: 'warn',
      orphanRows: 1,
      rowsChecked: null,
      nullRows: null,
      orphanKeys: null,
      share: null,
      strategy: null,
      compare: null,
      samples: [{ key: { id: '1' }, row: { id: 1, created_at: created, token: Buffer.from([0xde, 0xad]), ttl: interval, meta: { at: created }, gone: null } }],
    });
    const json = JSON.parse(renderJson(fakeReport([rule])));
    expect(json.checks[0].samples[0].row).toEqual({
      id: 1,
      created_at: '2026-03-04T05:06:07.089Z',
      token: '\\xdead',
      ttl: '1 day',
      meta: { at: '2026-03-04T05:06:07.089Z' },
      gone: null,
    });
    const schema = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../docs/audit-report.schema.json'), 'utf8'));
    const validate = new Ajv({ allErrors: true }).compile(schema);
    expect(validate(json) ? [] : validate.errors).toEqual([]);
  });
  test('escapeXml drops characters XML forbids', () => {
    expect(escapeXml('a\u0001b<')).toBe('ab&lt;');
  });
});

describe('output planning', () => {
  test('format from the file extension, several files at once', () => {
    expect(formatFromPath('x/audit.xml')).toBe('junit');
    expect(planOutputs(undefined, ['a.md', 'b.xml', 'c.html'], false).files.map((f) => f.format)).toEqual(['markdown', 'junit', 'html']);
    expect(planOutputs('markdown', [], false).stdout).toBe('markdown');
    expect(planOutputs(undefined, [], true).stdout).toBe('json');
    expect(planOutputs('junit', ['report.txt'], false).files[0].format).toBe('junit');
  });
  test('usage errors', () => {
    expect(() => planOutputs('pdf', [], false)).toThrow(/unknown --format/);
    expect(() => planOutputs('markdown,junit', [], false)).toThrow(/need --out/);
    expect(() => planOutputs(undefined, ['report.bin'], false)).toThrow(/cannot tell/);
  });
});

describe('--check selection', () => {
  // No server is reached: the selection is refused before anything connects (port 1 would refuse).
  const registry = loadRegistry();
  const ctx = () => openContext({ registry, config: parseConfig({ QUENTY_DATABASE_URL: 'postgres://u:p@127.0.0.1:1/postgres' }, registry) });
  test('a --check that names no check is a usage error (exit 2) naming it and some valid ids', async () => {
    const err = await audit(await ctx(), { only: ['return_items.itme_id'] }).catch((e) => e);
    expect(err).toBeInstanceOf(QuentyError);
    expect(err.code).toBe('USAGE');
    expect(exitCodeFor(err)).toBe(2);
    expect(err.message).toContain('"return_items.itme_id" matches no check');
    expect(err.hint).toMatch(/valid ids .*->/);
  });
  test('a valid id outside the selected databases is a usage error too', async () => {
    const err = await audit(await ctx(), { databases: 'order_db', only: ['return_items.item_id'] }).catch((e) => e);
    expect(err.code).toBe('USAGE');
    expect(err.message).toMatch(/matches no check of order_db/);
    expect(err.hint).toContain('order_db.');
  });
});
