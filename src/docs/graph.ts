import { plural } from './markdown';
import { DatabaseDoc, DocsModel, shortType } from './model';

/**
 * Pure Graphviz (DOT) sources of the diagrams, and their offline rendering to SVG with
 * Graphviz compiled to WebAssembly (`@viz-js/viz`: no browser, no network, no native binary).
 */

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const q = (s: string) => '"' + s.replace(/\\/g, '\\\\').replace(/"/g, '\\"') + '"';
/** An SVG/HTML id: letters, digits, `_ . -` only. */
export const safeId = (s: string) => s.replace(/->/g, '--').replace(/[^A-Za-z0-9_.-]/g, '_');

export const tableAnchor = (table: string) => `t-${table}`;
export const columnAnchor = (table: string, column: string) => `c-${table}-${column}`;

/** Graphviz measures text with Courier's metrics; the site shows it in a monospace font of the same advance width, so labels fit their boxes. */
const FONT = 'Courier';
const RED = '#cf222e';

export interface FleetDotOptions {
  /** Reference ids (audit check ids) drawn in red. */
  failing?: ReadonlySet<string>;
  /** Prefix of the links to the database pages (e.g. `../docs/schema/site/`). */
  hrefBase?: string;
}

/** Pure: the fleet diagram: a cluster per database, a node per table that takes part in a reference, an edge per reference (child column → parent column). */
export function fleetDot(model: DocsModel, opts: FleetDotOptions = {}): string {
  const base = opts.hrefBase ?? '';
  const lines = [
    'digraph fleet {',
    `  graph [rankdir=LR, id="fleet", fontname=${q(FONT)}, fontsize=12, nodesep=0.25, ranksep=1.2, bgcolor="transparent"];`,
    `  node [shape=plaintext, fontname=${q(FONT)}, fontsize=10];`,
    `  edge [fontname=${q(FONT)}, fontsize=9, color="#57606a", arrowsize=0.7];`,
  ];
  for (const d of model.databases) {
    const cols = new Map<string, Set<string>>();
    for (const r of model.references) {
      if (r.child.database === d.name) (cols.get(r.child.table) ?? cols.set(r.child.table, new Set()).get(r.child.table)!).add(r.child.column);
      if (r.parent.database === d.name) (cols.get(r.parent.table) ?? cols.set(r.parent.table, new Set()).get(r.parent.table)!).add(r.parent.column);
    }
    lines.push(`  subgraph ${q('cluster_' + d.name)} {`);
    lines.push(`    graph [label=${q(`${d.name} (${d.service})`)}, id=${q('db-' + d.name)}, URL=${q(`${base}${d.name}.html`)}, tooltip=${q(d.description)}, style="rounded,filled", fillcolor="#f6f8fa", color="#d0d7de"];`);
    if (!cols.size) lines.push(`    ${q(d.name)} [id=${q('n-' + d.name)}, label=${q(plural(d.tables.length, 'table'))}, URL=${q(`${base}${d.name}.html`)}];`);
    for (const table of [...cols.keys()].sort()) {
      const rows = [...cols.get(table)!].sort().map((c) => `<tr><td port=${q(c)} align="left">${esc(c)}</td></tr>`).join('');
      const label = `<<table border="0" cellborder="1" cellspacing="0" cellpadding="3" bgcolor="white"><tr><td bgcolor="#ddf4ff"><b>${esc(table)}</b></td></tr>${rows}</table>>`;
      lines.push(`    ${q(`${d.name}.${table}`)} [id=${q(safeId(`n-${d.name}.${table}`))}, URL=${q(`${base}${d.name}.html#${tableAnchor(table)}`)}, tooltip=${q(`${d.name}.${table}`)}, label=${label}];`);
    }
    lines.push('  }');
  }
  for (const r of model.references) {
    const bad = opts.failing?.has(r.id);
    const attrs = [`id=${q(safeId('ref-' + r.id))}`, `class=${q(bad ? 'ref failing' : 'ref')}`, `tooltip=${q(r.id)}`];
    if (bad) attrs.push(`color=${q(RED)}`, 'penwidth=2.5', `fontcolor=${q(RED)}`);
    if (r.nullable) attrs.push('style=dashed');
    lines.push(`  ${q(`${r.child.database}.${r.child.table}`)}:${q(r.child.column)}:e -> ${q(`${r.parent.database}.${r.parent.table}`)}:${q(r.parent.column)}:w [${attrs.join(', ')}];`);
  }
  lines.push('}');
  return lines.join('\n') + '\n';
}

/** Pure: one database's ER diagram: a node per table with its columns, an edge per foreign key. */
export function databaseDot(d: DatabaseDoc): string {
  const lines = [
    `digraph ${q(d.name)} {`,
    `  graph [rankdir=LR, id=${q('er-' + d.name)}, fontname=${q(FONT)}, nodesep=0.3, ranksep=0.8, bgcolor="transparent"];`,
    `  node [shape=plaintext, fontname=${q(FONT)}, fontsize=10];`,
    `  edge [color="#57606a", arrowsize=0.7];`,
  ];
  for (const t of d.tables) {
    const rows = t.columns
      .map((c) => {
        const mark = [c.primaryKey ? 'PK' : '', c.foreignKey ? 'FK' : '', c.reference ? '↗' : ''].filter(Boolean).join(' ');
        return `<tr><td port=${q(c.name)} align="left">${c.primaryKey ? '<b>' + esc(c.name) + '</b>' : esc(c.name)}</td><td align="left"><font color="#57606a">${esc(shortType(c.type))}</font></td><td align="left">${esc(mark)}</td></tr>`;
      })
      .join('');
    const label = `<<table border="0" cellborder="1" cellspacing="0" cellpadding="3" bgcolor="white"><tr><td colspan="3" bgcolor="#ddf4ff"><b>${esc(t.name)}</b></td></tr>${rows}</table>>`;
    lines.push(`  ${q(t.name)} [id=${q(safeId('n-' + t.name))}, URL=${q('#' + tableAnchor(t.name))}, tooltip=${q(t.comment ?? t.name)}, label=${label}];`);
  }
  for (const t of d.tables) {
    for (const fk of t.foreignKeys) {
      if (!d.tables.some((p) => p.name === fk.table)) continue;
      lines.push(`  ${q(t.name)}:${q(fk.columns[0])}:e -> ${q(fk.table)}:${q(fk.refColumns[0])}:w [id=${q(safeId('fk-' + fk.name))}, tooltip=${q(fk.name)}];`);
    }
  }
  lines.push('}');
  return lines.join('\n') + '\n';
}

type Viz = { renderString(src: string, opts: { format: string; engine?: string }): string };
let vizPromise: Promise<Viz> | undefined;

/** The Graphviz WebAssembly instance (loaded once per process). */
function viz(): Promise<Viz> {
  vizPromise ??= (require('@viz-js/viz') as { instance(): Promise<Viz> }).instance();
  return vizPromise;
}

/** Renders DOT to an SVG element (no XML prolog, DOCTYPE or generator comment), for inlining in HTML. */
export async function renderSvg(dot: string): Promise<string> {
  const svg = (await viz()).renderString(dot, { format: 'svg', engine: 'dot' });
  return svg
    .replace(/^<\?xml[^>]*>\s*/, '')
    .replace(/<!DOCTYPE[^>]*>\s*/, '')
    .replace(/<!--[\s\S]*?-->\s*/g, '')
    // Graphviz writes every '-' of an id or title as &#45; (for its comments, removed above).
    .replace(/&#45;/g, '-')
    .trim();
}
