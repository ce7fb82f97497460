import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { openContext } from '../../src/db/targets';
import { parseConfig } from '../../src/config';
import { loadRegistry, PACKAGE_ROOT } from '../../src/registry';
import { checkDocs, generateDocs } from '../../src/docs';
import { CLI, testEnv } from '../helpers/context';

/**
 * quenty-db docs against a real PostgreSQL: the committed docs/schema/ is what the current
 * migrations produce (through the CLI, as CI runs it), the docs lint passes on them, and a
 * migration added after the docs were generated makes `docs --check` fail, naming the pages.
 */
const run = promisify(execFile);

async function cli(args: string[], env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const r = await run(CLI, args, { env: { ...process.env, ...env, NO_COLOR: '1' }, maxBuffer: 20 * 1024 * 1024 });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

test('docs --check: the committed docs/schema/ is what the migrations produce; docs lint passes (as CI runs them)', async () => {
  const env = testEnv('t_docs_');
  const [check, lint] = await Promise.all([cli(['docs', '--check'], env), cli(['docs', 'lint', '--from-snapshots', '--json'], env)]);
  expect(check.stderr).toBe('');
  expect(check.stdout).toMatch(/docs\/schema: \d+ files are what the migrations produce/);
  expect(check.code).toBe(0);
  const report = JSON.parse(lint.stdout);
  expect(report.findings.filter((f: { severity: string }) => f.severity === 'error')).toEqual([]);
  expect(lint.code).toBe(0);
  expect(report.coverage.map((c: { database: string }) => c.database)).toEqual(loadRegistry().databases.map((d) => d.name));
});

/**
 * A package root with one database of the registry (one that references no other, so the
 * registry stays valid alone), its migrations copied so that the test can add one.
 */
function rootWithOneDatabase(): { root: string; database: string } {
  const registry = loadRegistry();
  const alone = registry.databases.find((d) => d.references.length === 0);
  if (!alone) throw new Error('the registry has no database without references: this test needs one');
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'quenty-docs-root-'));
  for (const f of ['src', 'node_modules', 'package.json']) fs.symlinkSync(path.join(PACKAGE_ROOT, f), path.join(root, f));
  fs.mkdirSync(path.join(root, 'databases'));
  fs.symlinkSync(path.join(PACKAGE_ROOT, 'databases', alone.name), path.join(root, 'databases', alone.name));
  fs.cpSync(path.join(PACKAGE_ROOT, 'migrations', alone.name), path.join(root, 'migrations', alone.name), { recursive: true });
  return { root, database: alone.name };
}

test('docs --check fails when a migration changes the schema after the docs were generated, naming the stale pages', async () => {
  const { root, database } = rootWithOneDatabase();
  try {
    const registry = loadRegistry(root);
    const ctx = await openContext({ registry, config: parseConfig(testEnv('t_docs_'), registry) });
    const written = await generateDocs(ctx, { scratchPrefix: 't_docs_a_' });
    expect(written.dir).toBe(path.join(root, 'docs', 'schema'));
    expect(written.files.map((f) => f.file)).toEqual(['README.md', `${database}.md`, 'site/index.html', `site/${database}.html`, 'site/search.js']);
    expect((await checkDocs(ctx, { scratchPrefix: 't_docs_b_' })).differences).toEqual([]);

    const table = Object.keys(JSON.parse(fs.readFileSync(path.join(PACKAGE_ROOT, 'schema', `${database}.json`), 'utf8')).tables).sort()[0];
    fs.writeFileSync(
      path.join(root, 'migrations', database, '20991231000000_add_docs_probe.ts'),
      `export async function up(knex: any) { await knex.raw('ALTER TABLE "${table}" ADD COLUMN docs_probe integer'); await knex.raw(\`COMMENT ON COLUMN "${table}".docs_probe IS 'added after the docs'\`); }\nexport async function down() {}\n`,
    );
    const stale = await checkDocs(ctx, { scratchPrefix: 't_docs_c_' });
    expect(stale.ok).toBe(false);
    expect(stale.differences.map((d) => `${d.file} ${d.kind}`)).toEqual([`${database}.md changed`, `site/${database}.html changed`, 'site/search.js changed']);
    const page = stale.differences[0];
    expect(`${page.committed}\n${page.expected}`).toMatch(/migration/); // the first difference: the count of migrations
    // the page generated now has the new column with its comment
    const again = await generateDocs(ctx, { scratchPrefix: 't_docs_d_' });
    expect(again.files.filter((f) => f.status === 'written').map((f) => f.file)).toEqual([`${database}.md`, `site/${database}.html`, 'site/search.js']);
    expect(fs.readFileSync(path.join(root, 'docs', 'schema', `${database}.md`), 'utf8')).toContain(
      '| `docs_probe` | `integer` | yes |  | added after the docs |',
    );
  } finally {
    loadRegistry(); // the cache back on the package root
    fs.rmSync(root, { recursive: true, force: true });
  }
});
