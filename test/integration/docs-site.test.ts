import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BrowserContext, chromium } from 'playwright-core';
import { loadRegistry, PACKAGE_ROOT } from '../../src/registry';

/**
 * The schema site (docs/schema/site, committed; `docs --check` proves it current) opened in a
 * real headless Chromium (Debian's /usr/bin/chromium driven by playwright-core): every page
 * loads without a console error or a failed request, every diagram is one SVG with one node per
 * table, every link between pages (cross-database ones included) reaches an element that
 * exists, and the search box finds a column and leads to it.
 *
 * The expected tables come from the committed snapshots (schema/<db>.json) and the registry,
 * not from the docs code.
 */
const SITE = path.join(PACKAGE_ROOT, 'docs', 'schema', 'site');
const CHROMIUM = process.env.QUENTY_CHROMIUM ?? '/usr/bin/chromium';
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

const registry = loadRegistry();
const pages = ['index.html', ...registry.databases.map((d) => `${d.name}.html`)];
const url = (file: string) => 'file://' + path.join(SITE, file);

function tablesOf(database: string): string[] {
  const snap = JSON.parse(fs.readFileSync(path.join(PACKAGE_ROOT, 'schema', `${database}.json`), 'utf8'));
  return Object.entries(snap.tables as Record<string, { kind: string }>)
    .filter(([, t]) => t.kind !== 'partition')
    .map(([n]) => n)
    .sort();
}

let userDataDir: string;
let browser: BrowserContext;

beforeAll(async () => {
  userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'quenty-chromium-'));
  browser = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: FLAGS,
    viewport: { width: 1400, height: 900 },
  });
});

afterAll(async () => {
  await browser?.close();
  fs.rmSync(userDataDir, { recursive: true, force: true });
});

interface Visited {
  ids: Set<string>;
  links: string[];
  errors: string[];
  svgs: number;
  nodes: string[];
}

async function visit(file: string): Promise<Visited> {
  const page = await browser.newPage();
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') errors.push(`${file}: console ${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => errors.push(`${file}: ${e.message}`));
  page.on('requestfailed', (r) => errors.push(`${file}: request failed ${r.url()}`));
  await page.goto(url(file), { waitUntil: 'load' });
  // Run in the page (a string: the test's TypeScript has no DOM types).
  const seen: { ids: string[]; links: string[]; svgs: number; nodes: string[] } = await page.evaluate(`(() => ({
    ids: [...document.querySelectorAll('[id]')].map((e) => e.id),
    links: [...document.querySelectorAll('a')].map((a) => a.getAttribute('href') || a.getAttribute('xlink:href') || '').filter(Boolean),
    svgs: document.querySelectorAll('.diagram svg').length,
    // Graphviz writes each node as <g class="node"> with its name in <title>.
    nodes: [...document.querySelectorAll('.diagram svg g.node > title')].map((t) => t.textContent || ''),
  }))()`);
  await page.close();
  return { ...seen, ids: new Set(seen.ids), errors };
}

test('every page loads without errors; every diagram is an SVG with one node per table; every link between pages resolves', async () => {
  const visited = new Map<string, Visited>();
  for (const p of pages) visited.set(p, await visit(p));
  expect([...visited.values()].flatMap((v) => v.errors)).toEqual([]);

  for (const d of registry.databases) {
    const v = visited.get(`${d.name}.html`)!;
    expect(v.svgs).toBe(1);
    expect([...v.nodes].sort()).toEqual(tablesOf(d.name));
  }
  // The fleet: one node per table that takes part in a reference between databases (and one per database that takes part in none).
  const fleet = new Set<string>();
  for (const d of registry.databases) {
    for (const r of d.references) {
      fleet.add(`${d.name}.${r.table}`);
      fleet.add(`${r.parent.database}.${r.parent.table}`);
    }
  }
  for (const d of registry.databases) if (![...fleet].some((n) => n.startsWith(d.name + '.'))) fleet.add(d.name);
  const index = visited.get('index.html')!;
  expect(index.svgs).toBe(1);
  expect([...index.nodes].sort()).toEqual([...fleet].sort());

  let crossDatabase = 0;
  const broken: string[] = [];
  for (const [from, v] of visited) {
    for (const href of v.links) {
      if (/^(https?:|data:|mailto:)/.test(href)) continue;
      const [file, anchor] = href.split('#');
      const target = file === '' ? from : file;
      if (!visited.has(target)) {
        broken.push(`${from}: ${href} (no such page)`);
        continue;
      }
      if (file && file !== from && file !== 'index.html' && from !== 'index.html') crossDatabase++;
      if (anchor && !visited.get(target)!.ids.has(anchor)) broken.push(`${from}: ${href} (no element #${anchor})`);
    }
  }
  expect(broken).toEqual([]);
  expect(crossDatabase).toBeGreaterThan(0);
});

test('the search box finds a column and leads to it', async () => {
  const ref = registry.databases.flatMap((d) => d.references)[0];
  const label = `${ref.parent.database}.${ref.parent.table}.${ref.parent.column}`;
  const page = await browser.newPage();
  try {
    await page.goto(url(`${registry.databases[registry.databases.length - 1].name}.html`));
    await page.fill('#search', `${ref.parent.table} ${ref.parent.column}`);
    const hits = await page.$$eval('#search-results a', (as) => as.map((a) => a.textContent));
    expect(hits).toContain(label);
    // The hits are readable: their text colour is not the colour of the box they are shown in.
    const colours: { text: string; box: string } = await page.evaluate(`(() => ({
      text: getComputedStyle(document.querySelector('#search-results a')).color,
      box: getComputedStyle(document.querySelector('#search-results')).backgroundColor,
    }))()`);
    expect(colours.text).not.toBe(colours.box);
    await page.click(`#search-results a:text-is("${label}")`);
    await page.waitForURL(/#c-/);
    expect(page.url()).toBe(url(`${ref.parent.database}.html`) + `#c-${ref.parent.table}-${ref.parent.column}`);
    const target = await page.$eval(':target', (e) => e.id);
    expect(target).toBe(`c-${ref.parent.table}-${ref.parent.column}`);
  } finally {
    await page.close();
  }
});
