import fs from 'node:fs';
import path from 'node:path';
import { Context, withClient } from '../db/targets';
import { applicationName } from '../db/lock';
import { DatabaseEntry, Registry } from '../registry';
import { settleLimit } from '../util/concurrency';
import { QuentyError, errorMessage } from '../util/errors';
import { redact } from '../util/redact';
import { buildSnapshots, readSnapshot, snapshotDir } from '../verify';
import type { SchemaSnapshot } from '../verify/snapshot';
import type { AuditReport } from '../audit/types';
import type { AuditSiteLinks } from '../audit/report';
import { databaseDot, fleetDot, renderSvg, tableAnchor } from './graph';
import { renderDatabaseHtml, renderIndexHtml, renderSearchJs } from './html';
import { renderDatabaseMarkdown, renderFleetMarkdown } from './markdown';
import { DocsModel, SizeMap, buildModel } from './model';

export * from './model';
export * from './lint';
export { fleetDot, databaseDot, renderSvg, safeId, tableAnchor, columnAnchor } from './graph';
export { renderFleetMarkdown, renderDatabaseMarkdown, fleetMermaid, databaseMermaid } from './markdown';
export { renderIndexHtml, renderDatabaseHtml, renderSearchJs, searchIndex } from './html';

/**
 * docs: the databases as documentation, generated from the schemas the migrations produce and
 * the registry: `docs/schema/README.md` (the fleet), `docs/schema/<db>.md` (one per database,
 * with Mermaid diagrams) and a static HTML site in `docs/schema/site/` (SVG diagrams rendered
 * offline by Graphviz in WebAssembly, a search box, links between databases). The same input
 * gives byte-identical files, so `docs --check` can compare them with what is committed.
 */

/** Where the schemas come from: scratch copies migrated from nothing (default), or the committed `schema/<db>.json`. */
export type DocsSource = 'migrations' | 'snapshots';

export interface DocsOptions {
  source?: DocsSource;
  /** Read table sizes (estimated rows, bytes) from the configured databases (not for `--check`: sizes change). */
  sizes?: boolean;
  /** Output folder (default `<package>/docs/schema`). */
  dir?: string;
  scratchPrefix?: string;
}

export function docsDir(registry: Pick<Registry, 'root'>): string {
  return path.join(registry.root, 'docs', 'schema');
}

/** Marker in every generated file: only files carrying it are ever replaced or removed. */
export const GENERATED_MARK = 'quenty-db docs';

/** Pure (but for the WebAssembly renderer): every generated file, by path relative to the docs folder, in a stable order. */
export async function renderDocs(model: DocsModel): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  files.set('README.md', renderFleetMarkdown(model));
  for (const d of model.databases) files.set(`${d.name}.md`, renderDatabaseMarkdown(model, d));
  files.set('site/index.html', renderIndexHtml(model, await renderSvg(fleetDot(model))));
  for (const d of model.databases) files.set(`site/${d.name}.html`, renderDatabaseHtml(model, d, await renderSvg(databaseDot(d))));
  files.set('site/search.js', renderSearchJs(model));
  return files;
}

/** A server context, or only the registry when the committed snapshots are read (no server is started). */
export type DocsContext = Context | Pick<Context, 'registry'>;

function serverContext(ctx: DocsContext, what: string): Context {
  if (!('targets' in ctx)) throw new QuentyError('INTERNAL', `docs: ${what} needs a server context (openContext)`);
  return ctx;
}

/** The schemas of the registry's databases: migrated from nothing on scratch copies, or read from `schema/<db>.json`. */
export async function loadSchemas(ctx: DocsContext, source: DocsSource = 'migrations', opts: { scratchPrefix?: string } = {}): Promise<SchemaSnapshot[]> {
  if (source === 'migrations') return buildSnapshots(serverContext(ctx, 'migrating scratch copies'), { scratchPrefix: opts.scratchPrefix });
  const dir = snapshotDir(ctx.registry);
  return ctx.registry.databases.map((d) => {
    const s = readSnapshot(dir, d.name);
    if (!s) throw new QuentyError('USAGE', `no committed snapshot schema/${d.name}.json`, { database: d.name, hint: 'run `quenty-db verify snapshot`, or leave out --from-snapshots' });
    return s;
  });
}

export interface SizeResult {
  sizes: SizeMap;
  /** Databases whose sizes could not be read, with the reason (the others are still documented). */
  errors: Array<{ database: string; error: string }>;
}

/** Estimated rows (`reltuples`) and total bytes of every table of the live databases (a partitioned table sums its partitions). */
export async function readSizes(ctx: Context, entries: readonly DatabaseEntry[]): Promise<SizeResult> {
  const targets = ctx.select(entries.map((e) => e.name));
  const results = await settleLimit(targets, ctx.config.concurrency, (t) =>
    withClient(t.url, t.name, async (c) => {
      const r = await c.query(`
        SELECT c.relname,
               COALESCE(SUM(GREATEST(l.reltuples, 0)), 0)::bigint AS rows,
               COALESCE(SUM(pg_total_relation_size(l.oid)), 0)::bigint AS bytes
          FROM pg_class c
          JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = 'public'
          CROSS JOIN LATERAL pg_partition_tree(c.oid) p
          JOIN pg_class l ON l.oid = p.relid AND p.isleaf
         WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition
         GROUP BY c.relname`);
      return Object.fromEntries(r.rows.map((x) => [x.relname, { rows: Number(x.rows), bytes: Number(x.bytes) }]));
    }, applicationName('docs')),
  );
  const sizes: SizeMap = {};
  const errors: SizeResult['errors'] = [];
  results.forEach((r, i) => {
    if (r.ok) sizes[targets[i].name] = r.value;
    else errors.push({ database: targets[i].name, error: redact(errorMessage(r.error)) });
  });
  return { sizes, errors };
}

export interface DocsBuild {
  model: DocsModel;
  files: Map<string, string>;
  sizeErrors: SizeResult['errors'];
}

/** The model and the files, from the configured source. */
export async function buildDocs(ctx: DocsContext, opts: DocsOptions = {}): Promise<DocsBuild> {
  const snapshots = await loadSchemas(ctx, opts.source, opts);
  let sizes: SizeMap | undefined;
  let sizeErrors: SizeResult['errors'] = [];
  if (opts.sizes) ({ sizes, errors: sizeErrors } = await readSizes(serverContext(ctx, 'reading sizes'), ctx.registry.databases));
  const model = buildModel(ctx.registry.databases, snapshots, sizes);
  return { model, files: await renderDocs(model), sizeErrors };
}

export interface DocsFileResult {
  file: string;
  status: 'written' | 'unchanged' | 'removed';
}

/** Files of the docs folder that a previous run generated (they carry the marker). */
function generatedFiles(dir: string): string[] {
  const out: string[] = [];
  for (const sub of ['', 'site']) {
    const d = path.join(dir, sub);
    if (!fs.existsSync(d)) continue;
    for (const f of fs.readdirSync(d).sort()) {
      const rel = sub ? `${sub}/${f}` : f;
      const full = path.join(dir, rel);
      if (!/\.(md|html|js)$/.test(f) || !fs.statSync(full).isFile()) continue;
      if (fs.readFileSync(full, 'utf8').includes(GENERATED_MARK)) out.push(rel);
    }
  }
  return out;
}

/** Writes the files (only those that changed) and removes generated files that are no longer produced (a database gone from the registry). */
export function writeDocFiles(dir: string, files: Map<string, string>): DocsFileResult[] {
  const out: DocsFileResult[] = [];
  for (const [rel, text] of files) {
    const full = path.join(dir, rel);
    const before = fs.existsSync(full) ? fs.readFileSync(full, 'utf8') : undefined;
    if (before === text) out.push({ file: rel, status: 'unchanged' });
    else {
      fs.mkdirSync(path.dirname(full), { recursive: true });
      fs.writeFileSync(full, text);
      out.push({ file: rel, status: 'written' });
    }
  }
  for (const rel of generatedFiles(dir)) {
    if (files.has(rel)) continue;
    fs.rmSync(path.join(dir, rel));
    out.push({ file: rel, status: 'removed' });
  }
  return out;
}

export interface DocsDifference {
  file: string;
  kind: 'missing' | 'changed' | 'extra';
  /** First line that differs (1-based), with the committed and the expected text. */
  line?: number;
  committed?: string;
  expected?: string;
}

/** Pure: how the committed files differ from the expected ones. */
export function compareDocFiles(expected: Map<string, string>, committed: Map<string, string>): DocsDifference[] {
  const out: DocsDifference[] = [];
  for (const [rel, text] of expected) {
    const have = committed.get(rel);
    if (have === undefined) out.push({ file: rel, kind: 'missing' });
    else if (have !== text) {
      const a = have.split('\n');
      const b = text.split('\n');
      let i = 0;
      while (i < Math.max(a.length, b.length) && a[i] === b[i]) i++;
      out.push({ file: rel, kind: 'changed', line: i + 1, committed: (a[i] ?? '').slice(0, 200), expected: (b[i] ?? '').slice(0, 200) });
    }
  }
  for (const rel of [...committed.keys()].sort()) if (!expected.has(rel)) out.push({ file: rel, kind: 'extra' });
  return out;
}

export function readDocFiles(dir: string, names: Iterable<string>): Map<string, string> {
  const out = new Map<string, string>();
  for (const rel of new Set([...names, ...generatedFiles(dir)])) {
    const full = path.join(dir, rel);
    if (fs.existsSync(full)) out.set(rel, fs.readFileSync(full, 'utf8'));
  }
  return out;
}

export interface DocsCheckReport {
  ok: boolean;
  dir: string;
  files: number;
  differences: DocsDifference[];
}

/** docs --check: the committed docs against what the current migrations (and registry) produce. */
export async function checkDocs(ctx: DocsContext, opts: Omit<DocsOptions, 'sizes'> = {}): Promise<DocsCheckReport> {
  const dir = opts.dir ?? docsDir(ctx.registry);
  const { files } = await buildDocs(ctx, { ...opts, sizes: false });
  const differences = compareDocFiles(files, readDocFiles(dir, files.keys()));
  return { ok: differences.length === 0, dir, files: files.size, differences };
}

/** docs: generates and writes the docs folder. */
export async function generateDocs(ctx: DocsContext, opts: DocsOptions = {}): Promise<{ dir: string; files: DocsFileResult[]; sizeErrors: SizeResult['errors']; model: DocsModel }> {
  const dir = opts.dir ?? docsDir(ctx.registry);
  const { files, sizeErrors, model } = await buildDocs(ctx, opts);
  return { dir, files: writeDocFiles(dir, files), sizeErrors, model };
}

/**
 * What joins an audit's HTML report to the site: each check's tables with the URL of their docs
 * page (`base` is the site folder's URL as seen from the report), and the fleet diagram with the
 * references whose check did not pass drawn in red.
 */
export async function auditSiteLinks(model: DocsModel, report: Pick<AuditReport, 'checks'>, base: string): Promise<AuditSiteLinks> {
  const prefix = base && !base.endsWith('/') ? base + '/' : base;
  const href = (db: string, table: string) => ({ label: `${db}.${table}`, href: `${prefix}${db}.html#${tableAnchor(table)}` });
  const tables: AuditSiteLinks['tables'] = {};
  const failing = new Set<string>();
  for (const c of report.checks) {
    if (c.kind === 'reference') {
      const r = model.references.find((x) => x.id === c.id);
      if (r) tables[c.id] = [href(r.child.database, r.child.table), href(r.parent.database, r.parent.table)];
      if (c.status !== 'pass') failing.add(c.id);
    } else {
      const rule = model.databases.find((d) => d.name === c.database)?.rules.find((x) => x.id === c.id);
      if (rule) tables[c.id] = rule.tables.map((t) => href(c.database, t));
    }
  }
  return { tables, fleetSvg: await renderSvg(fleetDot(model, { failing, hrefBase: prefix })), index: `${prefix}index.html` };
}
