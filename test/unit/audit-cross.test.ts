import { buildRegistry, loadRegistry } from '../../src/registry';
import { buildChecks, crossChildSelect, mergePairs, CrossCheckSpec } from '../../src/audit';
import { checkDatabases } from '../../src/audit/plan';

/** Cross-database rules: registry validation and the pure parts of the audit (no server). */

const entry = (name: string, service: string, over: Record<string, unknown> = {}) => ({ name, service, description: name, ...over });
const rule = (over: Record<string, unknown> = {}) => ({
  name: 'late',
  description: 'a child comes after its parent',
  child: { table: 'kids', key: 'parent_ref', columns: ['born_at'] },
  parent: { database: 'p_db', table: 'parents', key: 'ref', columns: ['born_at'] },
  violation: 'c.born_at < p.born_at',
  ...over,
});
const reg = (crossRules: unknown[]) =>
  buildRegistry([
    { source: 'databases/p_db', entry: entry('p_db', 'p') },
    { source: 'databases/c_db', entry: entry('c_db', 'c', { crossRules }) },
  ]);

describe('registry: crossRules', () => {
  test('a valid rule becomes a cross check of the child database, needing child and parent', () => {
    const checks = buildChecks(reg([rule()]), 'c_db');
    expect(checks).toHaveLength(1);
    const c = checks[0] as CrossCheckSpec;
    expect(c).toMatchObject({ kind: 'cross', id: 'c_db:late', database: 'c_db', severity: 'error', child: { columns: { born_at: 'c.born_at' } } });
    expect(checkDatabases(c)).toEqual(['c_db', 'p_db']);
  });
  test('unknown parent database, own database as parent, duplicate names and unknown fields are rejected', () => {
    expect(() => reg([rule({ parent: { database: 'nope_db', table: 't', key: 'k', columns: ['x'] } })])).toThrow(/unknown database "nope_db"/);
    expect(() => reg([rule({ parent: { database: 'c_db', table: 't', key: 'k', columns: ['x'] } })])).toThrow(/names its own database/);
    expect(() => reg([rule(), rule()])).toThrow(/rule late is declared twice/);
    expect(() => reg([rule({ predicate: 'x' })])).toThrow(/Unrecognized key/);
    expect(() => reg([rule({ child: { table: 'kids', key: 'parent_ref', columns: [] } })])).toThrow(/crossRules\.0\.child\.columns/);
    expect(() => reg([rule({ parent: { database: 'p_db', table: 'Bad-Name', key: 'k', columns: ['x'] } })])).toThrow(/lower-case SQL identifier/);
  });
  test('the declared rules name real databases and read only c.* and p.* in their violation', () => {
    const registry = loadRegistry();
    const rules = registry.databases.flatMap((d) => d.crossRules);
    expect(rules.length).toBeGreaterThanOrEqual(4);
    for (const d of registry.databases) {
      for (const r of d.crossRules) {
        expect(registry.has(r.parent.database)).toBe(true);
        const names = Array.isArray(r.child.columns) ? r.child.columns : Object.keys(r.child.columns);
        for (const m of r.violation.matchAll(/\b([a-z]+)\.([a-z_]+)/g)) {
          expect(['c', 'p']).toContain(m[1]);
          expect(m[1] === 'c' ? names : r.parent.columns).toContain(m[2]);
        }
      }
    }
  });
});

describe('crossChildSelect', () => {
  test('primary key, key and columns under reserved names, with the joins', () => {
    const spec = buildChecks(
      reg([rule({ child: { table: 'kids', key: 'parent_ref', join: 'JOIN homes h ON h.id = c.home_id', columns: { owner: 'h.owner' } } })]),
      'c_db',
    )[0] as CrossCheckSpec;
    const q = (s: string) => `"${s}"`;
    expect(crossChildSelect(spec, ['id'], q)).toBe(
      'SELECT c."id" AS quenty_pk0, c."parent_ref" AS quenty_key, (h.owner) AS "owner" FROM "kids" c JOIN homes h ON h.id = c.home_id',
    );
  });
});

async function* from<T>(xs: T[]): AsyncGenerator<T> {
  for (const x of xs) yield x;
}

describe('mergePairs', () => {
  const pairs = async (child: string[], parent: string[]) => {
    const unpaired: string[] = [];
    const out: string[] = [];
    for await (const [c, p] of mergePairs(
      from(child),
      from(parent),
      (x) => x.split('#')[0],
      (x) => x.split('#')[0],
      (c) => unpaired.push(c),
    ))
      out.push(`${c}=${p}`);
    return { out, unpaired };
  };
  test('pairs every child with its parent; duplicates in the child, gaps on both sides', async () => {
    expect(await pairs(['a#1', 'a#2', 'b#1', 'd#1'], ['a#P', 'c#P', 'd#P', 'e#P'])).toEqual({ out: ['a#1=a#P', 'a#2=a#P', 'd#1=d#P'], unpaired: ['b#1'] });
  });
  test('empty sides', async () => {
    expect(await pairs([], ['a'])).toEqual({ out: [], unpaired: [] });
    expect(await pairs(['a', 'b'], [])).toEqual({ out: [], unpaired: ['a', 'b'] });
  });
  test('"C" order: upper case before lower case, astral characters last', async () => {
    expect(await pairs(['B', 'a', '\u{1F600}'], ['B', 'a', '\uFFFD', '\u{1F600}'])).toEqual({ out: ['B=B', 'a=a', '\u{1F600}=\u{1F600}'], unpaired: [] });
  });
  test('an unsorted child stream is an error, not a wrong answer', async () => {
    await expect(pairs(['b', 'a'], ['a', 'b'])).rejects.toThrow(/not sorted/);
  });
});
