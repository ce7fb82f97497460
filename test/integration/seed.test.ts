import { spawnSync } from 'node:child_process';
import pg from 'pg';
import { Context, withClient } from '../../src/db/targets';
import { up } from '../../src/up';
import { seed, injectOrphans, SeedProgress } from '../../src/seed';
import { QuentyError } from '../../src/util/errors';
import { CLI, dropTestDatabases, testContext, testEnv } from '../helpers/context';
import { prefixMatchesState } from '../helpers/mx-fixtures';

const PREFIX = 't_seed_';
const NOW = new Date('2026-06-15T00:00:00Z');
let ctx: Context;

const q = async <T = Record<string, unknown>>(db: string, sql: string, params: unknown[] = []): Promise<T[]> =>
  withClient(ctx.target(db).url, db, async (c: pg.Client) => (await c.query(sql, params)).rows as T[]);

async function userTables(db: string): Promise<string[]> {
  const rows = await q<{ t: string }>(
    db,
    `
    SELECT c.relname AS t FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND NOT c.relispartition AND c.relname NOT LIKE 'knex%' ORDER BY 1`,
  );
  return rows.map((r) => r.t);
}

async function checksums(): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const t of ctx.targets) {
    for (const table of await userTables(t.name)) {
      const [r] = await q<{ h: string; n: string }>(
        t.name,
        `SELECT md5(coalesce(string_agg(x::text, E'\\n' ORDER BY x::text), '')) AS h, count(*) AS n FROM "${table}" x`,
      );
      out[`${t.name}.${table}`] = `${r.n}:${r.h}`;
    }
  }
  return out;
}

/** Orphans of every declared reference, found with plain SQL on each side (not the audit's code). */
async function orphansByReference(): Promise<Map<string, Array<{ id: number; value: string }>>> {
  const out = new Map<string, Array<{ id: number; value: string }>>();
  for (const d of ctx.registry.databases) {
    for (const r of d.references) {
      const parents = new Set(
        (await q<{ v: string }>(r.parent.database, `SELECT DISTINCT "${r.parent.column}"::text AS v FROM "${r.parent.table}"`)).map((x) => x.v),
      );
      const children = await q<{ id: number; v: string }>(d.name, `SELECT id, "${r.column}"::text AS v FROM "${r.table}" WHERE "${r.column}" IS NOT NULL`);
      out.set(
        `${d.name}.${r.table}.${r.column}`,
        children.filter((c) => !parents.has(c.v)).map((c) => ({ id: Number(c.id), value: c.v })),
      );
    }
  }
  return out;
}

/** SAT check character, written here independently of src/seed/mx.ts. */
function satCheck(rfc: string): boolean {
  const dict = '0123456789ABCDEFGHIJKLMN&OPQRSTUVWXYZ Ñ';
  const body = (rfc.length === 12 ? ' ' : '') + rfc.slice(0, -1);
  let sum = 0;
  for (let i = 0; i < 12; i++) sum += dict.indexOf(body[i]) * (13 - i);
  const r = 11 - (sum % 11);
  return rfc.slice(-1) === (r === 11 ? '0' : r === 10 ? 'A' : String(r));
}
const plain = (s: string) =>
  s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toUpperCase();

beforeAll(async () => {
  ctx = await testContext(PREFIX);
  await dropTestDatabases(ctx);
});

afterAll(async () => {
  await dropTestDatabases(ctx);
});

describe('seed', () => {
  test('up creates, migrates and seeds at --scale tiny; the audit finds nothing', async () => {
    const report = await up(ctx);
    const s = report.seed!;
    expect(s.ok).toBe(true);
    expect(s.rows).toBeGreaterThan(1500);
    expect(report.audit?.ok).toBe(true);
    expect(report.ok).toBe(true);
  });

  test('a second seed without --reset refuses (tables hold rows), naming --reset', async () => {
    const r = await seed(ctx, { databases: 'order_db', now: NOW });
    expect(r.ok).toBe(false);
    expect(r.databases[0].error).toMatch(/already holds rows/);
    expect(r.databases[0].hint).toMatch(/--reset/);
  });

  test('same seed, same data: checksums of every table agree across two --reset runs', async () => {
    // Two threads sharing the facts of every table over 100 rows (src/seed/facts-store.ts), 64 KB
    // of them in memory and the rest in the world's file, against one thread alone below.
    const a = await seed(ctx, { reset: true, yes: true, seed: 7, now: NOW, workers: 2, sharedFactsRows: 100, factsMemoryBytes: 1 << 16 });
    expect(a.ok).toBe(true);
    const first = await checksums();
    const indexes = async () => {
      const out: string[] = [];
      for (const t of ctx.targets)
        out.push(
          ...(await q<{ d: string }>(t.name, `SELECT indexdef AS d FROM pg_indexes WHERE schemaname = 'public' ORDER BY 1`)).map((r) => `${t.name}: ${r.d}`),
          // Constraints too: the bulk path drops foreign keys and adds them back validated.
          ...(
            await q<{ d: string }>(
              t.name,
              `SELECT conrelid::regclass || ' ' || conname || ' ' || pg_get_constraintdef(oid) || ' validated=' || convalidated AS d
                 FROM pg_constraint WHERE connamespace = 'public'::regnamespace ORDER BY 1`,
            )
          ).map((r) => `${t.name}: ${r.d}`),
        );
      return out;
    };
    const before = await indexes();
    // In-process generation, other chunk sizes, and the bulk path (indexes and foreign keys dropped and rebuilt) for tables ≥ 50 rows.
    const b = await seed(ctx, { reset: true, yes: true, seed: 7, now: NOW, workers: 0, chunkRows: 333, bulkLoadRows: 50 });
    expect(b.ok).toBe(true);
    expect(await checksums()).toEqual(first);
    expect(await indexes()).toEqual(before);
    const c = await seed(ctx, { reset: true, seed: 8, now: NOW, databases: 'auth_db' });
    expect(c.ok).toBe(true);
    const third = await checksums();
    expect(third['auth_db.users']).not.toEqual(first['auth_db.users']);
    await seed(ctx, { reset: true, seed: 7, now: NOW, databases: 'auth_db' });
  });

  test('every table has rows; none is in a DEFAULT partition; partitioned tables have data up to the anchor', async () => {
    const empty: string[] = [];
    for (const t of ctx.targets) {
      for (const table of await userTables(t.name)) {
        const [r] = await q<{ n: string }>(t.name, `SELECT count(*) AS n FROM "${table}"`);
        if (Number(r.n) === 0) empty.push(`${t.name}.${table}`);
      }
      for (const p of t.entry.partitioned) {
        const defaults = await q<{ relname: string }>(
          t.name,
          `
          SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
           WHERE i.inhparent = $1::regclass AND pg_get_expr(c.relpartbound, c.oid) = 'DEFAULT'`,
          [p.table],
        );
        for (const d of defaults) expect((await q<{ n: string }>(t.name, `SELECT count(*) AS n FROM "${d.relname}"`))[0].n).toBe('0');
        // Tables of first events fill all 18 months; effects of effects start later (a loan's first
        // payment comes a month after a disbursement that follows an application that follows a
        // sign-up) and are few at --scale tiny, so only the months up to the anchor's are required.
        const months = (
          await q<{ m: string }>(t.name, `SELECT DISTINCT to_char("${p.column}" AT TIME ZONE 'UTC', 'YYYY-MM') AS m FROM "${p.table}" ORDER BY 1`)
        ).map((r) => r.m);
        expect(months[months.length - 1]).toBe(NOW.toISOString().slice(0, 7));
        expect(months.length).toBeGreaterThanOrEqual(6);
      }
    }
    expect(empty).toEqual([]);
  });

  test('every declared cross-database reference points to an existing row (plain SQL)', async () => {
    const orphans = await orphansByReference();
    expect([...orphans].filter(([, v]) => v.length).map(([k, v]) => `${k}: ${v.length}`)).toEqual([]);
    expect(orphans.size).toBe(ctx.registry.databases.reduce((a, d) => a + d.references.length, 0));
  });

  test('business rules hold', async () => {
    const none = async (db: string, sql: string) => expect({ db, sql, rows: await q(db, sql) }).toEqual({ db, sql, rows: [] });
    await none(
      'order_db',
      `SELECT o.id FROM orders o LEFT JOIN (SELECT order_id, sum(total_price) s FROM order_items GROUP BY 1) i ON i.order_id = o.id WHERE i.s IS NULL OR o.total_amount <> i.s`,
    );
    await none('order_db', `SELECT id FROM order_items WHERE total_price <> round(quantity * unit_price, 2)`);
    await none('order_db', `SELECT id FROM orders WHERE currency <> 'MXN'`);
    await none(
      'intl_shipping_db',
      `SELECT m.id FROM manifests m JOIN (SELECT manifest_id, sum(weight) w, sum(volume) v, sum(value) val FROM manifest_items GROUP BY 1) i ON i.manifest_id = m.id WHERE m.total_weight <> i.w OR m.total_volume <> i.v OR m.total_value <> i.val OR m.currency <> 'USD'`,
    );
    await none(
      'microcredit_db',
      `SELECT id FROM loans WHERE abs(monthly_payment - round(principal_amount * (interest_rate / 12) / (1 - power(1 + interest_rate / 12, -term_months)), 2)) > 0.01`,
    );
    await none(
      'microcredit_db',
      `SELECT l.id FROM loans l JOIN (SELECT loan_id, count(*) n, sum(principal_amount) p, min(remaining_balance) r FROM payment_schedules GROUP BY 1) s ON s.loan_id = l.id WHERE s.n <> l.term_months OR s.p <> l.principal_amount OR s.r <> 0`,
    );
    await none(
      'microcredit_db',
      `SELECT s.id FROM payment_schedules s JOIN loans l ON l.id = s.loan_id WHERE abs(s.interest_amount - round(coalesce(lag_bal, l.principal_amount) * l.interest_rate / 12, 2)) > 0.01 FROM (SELECT 1) z`
        .replace(' FROM (SELECT 1) z', '')
        .replace('coalesce(lag_bal, l.principal_amount)', '(s.remaining_balance + s.principal_amount)'),
    );
    // A partial payment is a payment that settles no installment (the exact rule: seed-credit.test.ts).
    await none(
      'microcredit_db',
      `SELECT l.id FROM loans l LEFT JOIN (SELECT loan_id, count(*) n, sum(payment_amount) paid, sum(principal_amount) pp FROM loan_payments GROUP BY 1) p ON p.loan_id = l.id WHERE coalesce(p.n, 0) - l.payments_made NOT IN (0, 1) OR coalesce(p.paid, 0) <> l.amount_paid OR l.outstanding_balance <> l.principal_amount - coalesce(p.pp, 0)`,
    );
    await none(
      'microcredit_db',
      `SELECT id FROM credit_scores WHERE score NOT BETWEEN 300 AND 850 UNION ALL SELECT id FROM credit_applications WHERE credit_score NOT BETWEEN 300 AND 850`,
    );
    await none(
      'microcredit_db',
      `SELECT l.id FROM loans l JOIN credit_applications a ON a.id = l.application_id WHERE a.customer_id <> l.customer_id OR a.status <> 'approved'`,
    );
    await none(
      'pickup_db',
      `SELECT id FROM pickups WHERE time_window_end <= time_window_start OR (status = 'completed' AND actual_pickup_time IS NULL) OR (status IN ('scheduled', 'cancelled') AND actual_pickup_time IS NOT NULL)`,
    );
    await none('pickup_db', `SELECT id FROM pickup_routes WHERE route_end_time <= route_start_time`);
    await none('pickup_db', `SELECT id FROM pickups WHERE contact_phone !~ '^\\+52[0-9]{10}$' OR postal_code !~ '^[0-9]{5}$' OR currency <> 'MXN'`);
    await none('franchise_db', `SELECT territory_code FROM franchises GROUP BY 1 HAVING count(*) > 1`);
    await none('franchise_db', `SELECT id FROM franchise_contracts WHERE end_date <= start_date`);
    await none('reverse_logistics_db', `SELECT id FROM returns WHERE expires_at <= created_at`);
    await none('customer_db', `SELECT id FROM companies WHERE length(document_number) <> 12`);
    // Returns: inspected only once received (never when rejected); a refund is the sum of its items' refunds.
    await none(
      'reverse_logistics_db',
      `SELECT i.id FROM inspection_reports i JOIN returns r ON r.id = i.return_id WHERE r.status IN ('rejected', 'requested', 'approved', 'in_transit')`,
    );
    await none(
      'reverse_logistics_db',
      `SELECT r.id FROM returns r LEFT JOIN (SELECT return_id, sum(refund_amount) s FROM return_items GROUP BY 1) i ON i.return_id = r.id WHERE r.status = 'refunded' AND (i.s IS NULL OR r.actual_refund_amount <> i.s)`,
    );
    // Pickups: as many packages as counted; the route is of that date and driver; picked up in the window, on the successful attempt.
    await none(
      'pickup_db',
      `SELECT p.id FROM pickups p LEFT JOIN (SELECT pickup_id, count(*) n FROM pickup_packages GROUP BY 1) k ON k.pickup_id = p.id WHERE p.package_count <> coalesce(k.n, 0)`,
    );
    await none(
      'pickup_db',
      `SELECT p.id FROM pickups p LEFT JOIN pickup_routes r ON r.id = p.assigned_route_id WHERE p.assigned_route_id IS NOT NULL AND (r.id IS NULL OR r.route_date <> p.pickup_date OR r.driver_id <> p.assigned_driver_id)`,
    );
    // Windows and dates are local (the pickups lie in the Valle de México metro area): compare in its zone.
    await none(
      'pickup_db',
      `SELECT p.id FROM pickups p WHERE p.actual_pickup_time IS NOT NULL AND ((p.actual_pickup_time AT TIME ZONE 'America/Mexico_City')::date <> p.pickup_date OR (p.actual_pickup_time AT TIME ZONE 'America/Mexico_City')::time NOT BETWEEN p.time_window_start AND p.time_window_end)`,
    );
    await none(
      'pickup_db',
      `SELECT p.id FROM pickups p LEFT JOIN pickup_attempts a ON a.pickup_id = p.id AND a.attempt_status = 'successful' WHERE (p.actual_pickup_time IS NULL) <> (a.id IS NULL) OR (a.attempted_at AT TIME ZONE 'UTC')::date <> (p.actual_pickup_time AT TIME ZONE 'UTC')::date`,
    );
    // Franchises pay royalties from their contract's start; credit checks follow their application within days.
    // Nothing is due before the franchise's contract was signed (the initial fee is due at signing,
    // before the contract takes effect), nor after the anchor.
    await none(
      'franchise_db',
      `SELECT p.id FROM franchise_payments p JOIN franchise_contracts c ON c.franchise_id = p.franchise_id WHERE p.due_date < c.signed_date OR p.due_date > $1::date`.replace(
        '$1',
        `'${NOW.toISOString().slice(0, 10)}'`,
      ),
    );
    await none(
      'microcredit_db',
      `SELECT c.id FROM credit_checks c JOIN credit_applications a ON a.id = c.application_id WHERE c.check_date < a.created_at OR c.check_date > a.created_at + interval '3 days'`,
    );
    // Everything in the 18 months before the anchor (2025-01-01 .. 2026-06-15).
    await none('microcredit_db', `SELECT id FROM credit_applications WHERE created_at < '2025-01-01T00:00:00Z' OR created_at > '${NOW.toISOString()}'`);
    await none('microcredit_db', `SELECT id FROM loans WHERE disbursement_date < '2025-01-01' OR disbursement_date > '${NOW.toISOString().slice(0, 10)}'`);
    // Returns only of delivered or returned orders; every returned order has its return.
    const orders = new Map(
      (await q<{ order_number: string; status: string }>('order_db', `SELECT order_number, status FROM orders`)).map((o) => [o.order_number, o.status]),
    );
    const returned = await q<{ original_order_id: string; status: string }>('reverse_logistics_db', `SELECT original_order_id, status FROM returns`);
    expect(
      returned
        .filter((r) => !['delivered', 'returned'].includes(orders.get(r.original_order_id) ?? ''))
        .map((r) => `${r.original_order_id}: ${orders.get(r.original_order_id)}`),
    ).toEqual([]);
    const withReturn = new Set(returned.map((r) => r.original_order_id));
    expect([...orders].filter(([n, st]) => st === 'returned' && !withReturn.has(n)).map(([n]) => n)).toEqual([]);
    expect([...orders.values()].filter((st) => st === 'returned').length).toBeGreaterThan(0);
  });

  test('franchisees have 13-character person RFCs with a valid check character, matching their name', async () => {
    expect(satCheck('GODE561231GR8')).toBe(true); // the SAT's published example
    expect(satCheck('GODE561231GR9')).toBe(false);
    const rows = await q<{ tax_id: string | null; franchisee_name: string; contract_start_date: Date }>(
      'franchise_db',
      `SELECT tax_id, franchisee_name, contract_start_date FROM franchises`,
    );
    expect(rows.length).toBeGreaterThan(0);
    const bad = rows.filter((r) => {
      const t = r.tax_id ?? '';
      // Given names, then the two surnames. SAT: of a compound given name starting with José or
      // María, the initial of the second name is used (José Luis → L).
      const words = plain(r.franchisee_name).split(' ');
      const [last1, last2] = words.slice(-2),
        givens = words.slice(0, -2);
      const first = givens.length > 1 && ['JOSE', 'MARIA', 'J', 'MA'].includes(givens[0]) ? givens[1] : givens[0];
      const yy = Number(t.slice(4, 6)),
        mm = Number(t.slice(6, 8)),
        dd = Number(t.slice(8, 10));
      return (
        t.length !== 13 ||
        !/^[A-ZÑ&]{4}\d{6}[A-Z0-9]{2}[0-9A]$/.test(t) ||
        !satCheck(t) ||
        t[0] !== last1[0] ||
        t[2] !== last2[0] ||
        (t[3] !== first[0] && t[3] !== 'X') ||
        mm < 1 ||
        mm > 12 ||
        dd < 1 ||
        dd > 31 ||
        yy < 0
      );
    });
    expect(bad).toEqual([]);
    const [n] = await q<{ n: string }>('franchise_db', `SELECT count(*) AS n FROM franchises WHERE length(tax_id) = 13`);
    expect(Number(n.n)).toBe(rows.length);
  });

  test('Mexican values in the data: phones +52 and 10 digits, postal prefixes of the state (SEPOMEX, listed here), company RFC check characters', async () => {
    const phones: Array<[string, string, string]> = [
      ['auth_db', 'users', 'phone'],
      ['customer_db', 'users', 'phone'],
      ['pickup_db', 'pickups', 'contact_phone'],
      ['pickup_db', 'pickup_packages', 'destination_contact_phone'],
      ['franchise_db', 'franchises', 'phone'],
    ];
    for (const [db, t, c] of phones) {
      const rows = await q<{ v: string }>(db, `SELECT "${c}" AS v FROM "${t}" WHERE "${c}" IS NOT NULL`);
      expect(rows.length).toBeGreaterThan(0);
      expect({ db, t, bad: rows.filter((r) => !/^\+52\d{10}$/.test(r.v)).map((r) => r.v) }).toEqual({ db, t, bad: [] });
    }
    for (const [db, t] of [
      ['pickup_db', 'pickups'],
      ['franchise_db', 'franchises'],
    ]) {
      const rows = await q<{ postal_code: string; state: string }>(db, `SELECT postal_code, state FROM "${t}"`);
      expect(rows.length).toBeGreaterThan(0);
      expect({ db, t, bad: rows.filter((r) => !prefixMatchesState(r.postal_code, r.state)) }).toEqual({ db, t, bad: [] });
    }
    const rfcs = await q<{ v: string }>('customer_db', `SELECT document_number AS v FROM companies`);
    expect(rfcs.length).toBeGreaterThan(0);
    expect(rfcs.filter((r) => r.v.length !== 12 || !/^[A-ZÑ&]{3}\d{6}[A-Z0-9]{2}[0-9A]$/.test(r.v) || !satCheck(r.v)).map((r) => r.v)).toEqual([]);
  });

  test('returns reference existing orders and the products of those orders', async () => {
    const items = await q<{ order_number: string; product_id: number }>(
      'order_db',
      `SELECT o.order_number, i.product_id FROM orders o JOIN order_items i ON i.order_id = o.id`,
    );
    const byOrder = new Map<string, Set<string>>();
    for (const i of items) (byOrder.get(i.order_number) ?? byOrder.set(i.order_number, new Set()).get(i.order_number)!).add(String(i.product_id));
    const returned = await q<{ original_order_id: string; item_id: string }>(
      'reverse_logistics_db',
      `SELECT r.original_order_id, ri.item_id FROM returns r JOIN return_items ri ON ri.return_id = r.id`,
    );
    expect(returned.length).toBeGreaterThan(0);
    expect(returned.filter((r) => !byOrder.get(r.original_order_id)?.has(r.item_id))).toEqual([]);
  });

  test('--inject-orphans N plants exactly N orphans and returns exactly which', async () => {
    const N = 7; // fewer than the references: one orphan each in N of them
    const r = await seed(ctx, { reset: true, yes: true, seed: 7, now: NOW, injectOrphans: N });
    expect(r.ok).toBe(true);
    expect(r.orphans).toHaveLength(N);
    const found = await orphansByReference();
    const flat = [...found].flatMap(([k, v]) => v.map((o) => `${k}#${o.id}=${o.value}`)).sort();
    const planted = r.orphans!.map((o) => `${o.database}.${o.table}.${o.column}#${o.primaryKey.id}=${o.value}`).sort();
    expect(flat).toEqual(planted);
    expect(new Set(r.orphans!.map((o) => `${o.database}.${o.table}.${o.column}`)).size).toBe(N);
    // The library function plants more in seeded data.
    const more = await injectOrphans(ctx, { count: 2, seed: 99, databases: ['order_db'] });
    expect(more.map((o) => o.database)).toEqual(['order_db', 'order_db']);
    // Run again with the same seed: other rows, never a no-op (previous == value).
    const again = await injectOrphans(ctx, { count: 2, seed: 99, databases: ['order_db'] });
    expect(again).toHaveLength(2);
    for (const o of [...more, ...again]) expect(String(o.previous)).not.toBe(String(o.value));
    const key = (o: { table: string; column: string; primaryKey: { id: number } }) => `${o.table}.${o.column}#${o.primaryKey.id}`;
    expect(again.map(key).filter((x) => more.map(key).includes(x))).toEqual([]);
  });

  test('the production guard refuses NODE_ENV=production and "prod" targets unless forced', async () => {
    const prodCtx = await testContext(PREFIX, { NODE_ENV: 'production' });
    await expect(seed(prodCtx, { databases: 'auth_db', reset: true })).rejects.toMatchObject({ code: 'PRODUCTION_GUARD' });
    const named = await testContext('t_prod_');
    await expect(seed(named, { databases: 'auth_db' })).rejects.toThrow(QuentyError);
    await expect(injectOrphans(prodCtx, { count: 1 })).rejects.toMatchObject({ code: 'PRODUCTION_GUARD' });
  });

  test('an unreachable database fails with its reason; the others are seeded; the CLI exits 1 naming it', async () => {
    const bad = { QUENTY_ORDER_DB_URL: 'postgres://nobody:secretpw1@127.0.0.1:1/order_db' };
    const uctx = await testContext(PREFIX, bad);
    const r = await seed(uctx, { reset: true, yes: true, seed: 7, now: NOW, databases: ['order_db', 'auth_db', 'analytics_db'] });
    expect(r.ok).toBe(false);
    const byDb = new Map(r.databases.map((d) => [d.database, d]));
    expect(byDb.get('order_db')).toMatchObject({ ok: false, rows: 0 });
    expect(byDb.get('order_db')!.error).toMatch(/ECONNREFUSED|unreachable|connect/i);
    expect(byDb.get('order_db')!.error).not.toContain('secretpw1');
    for (const db of ['auth_db', 'analytics_db']) expect(byDb.get(db)).toMatchObject({ ok: true });
    expect(byDb.get('analytics_db')!.rows).toBeGreaterThan(0); // partitioned, like order_db: ensured and loaded
    const run = spawnSync(CLI, ['seed', '--db', 'order_db,auth_db', '--rows', '400', '--reset', '--yes', '--json', '--now', NOW.toISOString()], {
      env: { ...process.env, ...testEnv(PREFIX, bad) },
      encoding: 'utf8',
    });
    expect(run.status).toBe(1);
    const json = JSON.parse(run.stdout);
    expect(json.databases.map((d: { database: string; ok: boolean }) => `${d.database}:${d.ok}`)).toEqual(['order_db:false', 'auth_db:true']);
  });

  test('a chunk that fails after the COPY began fails its database at once (threads or not) and keeps its rows', async () => {
    const before = await q<{ n: string }>('customer_db', 'SELECT count(*) AS n FROM users');
    // Row counts given by hand: more customer users than the auth users they are the same people as.
    // The 4th chunk of 1,000 asks for auth user 3,000 of 3,000: the COPY is open and has rows.
    for (const workers of [0, 2]) {
      const r = await seed(ctx, {
        reset: true,
        yes: true,
        seed: 7,
        now: NOW,
        databases: 'customer_db',
        tables: ['users'],
        counts: { 'customer_db.users': 12_000, 'auth_db.users': 3_000 },
        chunkRows: 1_000,
        workers,
      });
      expect(r.ok).toBe(false);
      expect(r.databases[0].error).toMatch(/auth_db\.users has 3000 row\(s\) in this seed; row 3000 was asked for/);
      expect(r.databases[0].error).not.toMatch(/\n\s+at /); // a message, not a stack
      expect(r.databases[0].hint).toMatch(/row count given by hand/);
      expect(await q<{ n: string }>('customer_db', 'SELECT count(*) AS n FROM users')).toEqual(before);
    }
  });

  test('progress counts processed ordinals and reaches 100%; without a TTY, a line per finished table', async () => {
    const events: SeedProgress[] = [];
    const r = await seed(ctx, { reset: true, seed: 7, now: NOW, databases: 'microcredit_db', onProgress: (e) => events.push(e) });
    expect(r.ok).toBe(true);
    const last = events[events.length - 1];
    expect(last).toMatchObject({ done: true, tableDone: true });
    expect(last.databaseProcessed).toBe(last.databaseTotal);
    expect(last.databaseRows).toBe(r.databases[0].rows);
    expect(last.databaseRows).toBeLessThan(last.databaseTotal); // loan_payments leaves unpaid installments out
    expect(events.filter((e) => e.tableDone).map((e) => e.table)).toEqual(r.databases[0].tables.map((t) => t.table));
    const run = spawnSync(CLI, ['seed', '--db', 'microcredit_db', '--reset', '--seed', '7', '--now', NOW.toISOString()], {
      env: { ...process.env, ...testEnv(PREFIX) },
      encoding: 'utf8',
    });
    expect(run.status).toBe(0);
    const lines = run.stderr.split('\n').filter((l) => l.startsWith('microcredit_db.'));
    expect(lines).toHaveLength(r.databases[0].tables.length);
    expect(lines[lines.length - 1]).toMatch(/microcredit_db 100%.*done/);
  });

  test('CLI: --help, --json, exit codes', () => {
    const env = { ...process.env, ...testEnv(PREFIX) };
    const help = spawnSync(CLI, ['seed', '--help'], { env, encoding: 'utf8' });
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/Examples?:/);
    const run = spawnSync(CLI, ['seed', '--db', 'auth_db,customer_db', '--rows', '400', '--reset', '--yes', '--json'], { env, encoding: 'utf8' });
    expect(run.status).toBe(0);
    const json = JSON.parse(run.stdout);
    expect(json.ok).toBe(true);
    expect(json.databases.map((d: { database: string }) => d.database)).toEqual(['auth_db', 'customer_db']);
    expect(run.stdout).not.toMatch(/postgres:\/\/[^:]+:[^*@]+@/);
    const prod = spawnSync(CLI, ['seed', '--db', 'auth_db'], { env: { ...env, NODE_ENV: 'production' }, encoding: 'utf8' });
    expect(prod.status).toBe(1);
    expect(prod.stderr).toMatch(/refusing.*NODE_ENV=production/);
    const usage = spawnSync(CLI, ['seed', '--scale', 'huge'], { env, encoding: 'utf8' });
    expect(usage.status).toBe(2);
  });
});
