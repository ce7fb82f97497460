import { Context } from '../../src/db/targets';
import { up } from '../../src/up';
import { injectOrphans, PlantedOrphan } from '../../src/seed';
import { audit } from '../../src/audit';
import { dropTestDatabases, testContext } from '../helpers/context';

/** The audit against the seeder (issue 4): a clean seed passes; planted orphans are found exactly. */
const PREFIX = 't_auditsd_';
let ctx: Context;

beforeAll(async () => {
  ctx = await testContext(PREFIX);
  await dropTestDatabases(ctx).catch(() => undefined);
  const report = await up(ctx);
  // up seeds (tiny) and runs the audit last.
  expect(report.audit).toMatchObject({ ok: true, failing: [] });
  expect(report.ok).toBe(true);
});

afterAll(async () => {
  await dropTestDatabases(ctx);
});

test('after a seed every check passes, with rows checked', async () => {
  const r = await audit(ctx);
  expect(r.checks.filter((c) => c.status !== 'pass')).toEqual([]);
  expect(r.summary.pass).toBe(r.summary.checks);
  // The seed fills every declared reference with some rows.
  const empty = r.checks.filter((c) => c.kind === 'reference' && (c.rowsChecked ?? 0) === 0).map((c) => c.id);
  expect(empty).toEqual([]);
});

test('after injecting orphans the audit finds exactly the planted rows: same keys, same counts, no more', async () => {
  const planted: PlantedOrphan[] = await injectOrphans(ctx, { count: 20, seed: 7 });
  expect(planted.length).toBe(20);
  const r = await audit(ctx, { samples: 50 });
  const key = (db: string, table: string, column: string, p: { database: string; table: string; column: string }) =>
    `${db}.${table}.${column}->${p.database}.${p.table}.${p.column}`;
  const expected = new Map<string, PlantedOrphan[]>();
  for (const p of planted) {
    const id = key(p.database, p.table, p.column, p.parent);
    expected.set(id, [...(expected.get(id) ?? []), p]);
  }
  // Reference checks flag exactly the planted orphans (a cross-database rule may fail as a consequence:
  // a package whose order now names another customer).
  const flagged = r.checks.filter((c) => c.status !== 'pass' && c.kind === 'reference');
  expect(flagged.map((c) => c.id).sort()).toEqual([...expected.keys()].sort());
  for (const c of flagged) {
    const want = expected.get(c.id)!;
    expect(c.orphanRows).toBe(want.length);
    expect(c.orphanKeys).toBe(new Set(want.map((p) => String(p.value))).size);
    const got = c.samples.map((s) => `${s.key.id}=${s.value}`).sort();
    expect(got).toEqual(want.map((p) => `${p.primaryKey.id}=${p.value}`).sort());
  }
  // The summary also counts the rows of cross-database rules that fail as a consequence; the references hold exactly the planted ones.
  expect(flagged.reduce((n, c) => n + c.orphanRows, 0)).toBe(20);
  // The other strategy agrees.
  const merged = await audit(ctx, { strategy: 'merge', only: [...expected.keys()] });
  for (const c of merged.checks) expect(c.orphanRows).toBe(expected.get(c.id)!.length);
});
