import type pg from 'pg';
import { Context, withClient } from '../../src/db/targets';
import { createAndMigrate } from '../../src/up';
import { seed } from '../../src/seed';
import { dropTestDatabases, testContext } from '../helpers/context';

/**
 * The credit world of microcredit_db, looked at with SQL the way a data engineer would, over a
 * small seed. Written from the business rules, not from the generators:
 * - a late fee of 290.00 MXN (250.00 + 16 % IVA) per installment paid more than 3 days after its
 *   due date, or left unpaid more than 3 days after it;
 * - a loan is paid off when every installment is settled, defaulted beyond 90 days past due,
 *   delinquent beyond 3, else active; days past due count from the oldest unsettled due date.
 */
const PREFIX = 't_credit_';
const NOW = new Date('2026-11-30T00:00:00Z');
/** The anchor's local date everywhere in Mexico (00:00 UTC is the previous evening there). */
const TODAY = '2026-11-29';
const FEE = 290;
const GRACE = 3;
let ctx: Context;

const q = async <T = Record<string, unknown>>(db: string, sql: string): Promise<T[]> => {
  const t = ctx.target(db);
  return withClient(t.url, t.dbName, async (c: pg.Client) => (await c.query(sql)).rows as T[]);
};
/** Score bands of the test (not the model's risk categories). */
const BAND = `CASE WHEN credit_score < 580 THEN 1 WHEN credit_score < 650 THEN 2 WHEN credit_score < 720 THEN 3 ELSE 4 END`;

beforeAll(async () => {
  ctx = await testContext(PREFIX);
  await dropTestDatabases(ctx).catch(() => undefined);
  const m = await createAndMigrate(ctx, { databases: ['auth_db', 'microcredit_db'] });
  expect(m.migrate.databases.every((r) => r.ok)).toBe(true);
  const r = await seed(ctx, { databases: ['auth_db', 'microcredit_db'], rows: 250_000, now: NOW, seed: 19, workers: 2 });
  expect(r.ok).toBe(true);
}, 240_000);

afterAll(async () => {
  await dropTestDatabases(ctx);
});

test('enough of a sample to speak of', async () => {
  const [n] = await q<{ apps: string; loans: string; payments: string }>(
    'microcredit_db',
    `SELECT (SELECT count(*) FROM credit_applications) AS apps, (SELECT count(*) FROM loans) AS loans, (SELECT count(*) FROM loan_payments) AS payments`,
  );
  expect(Number(n.apps)).toBeGreaterThan(1500);
  expect(Number(n.loans)).toBeGreaterThan(600);
  expect(Number(n.payments)).toBeGreaterThan(3000);
});

test('the score drives the rate (strongly negative correlation), approval and the approved share', async () => {
  const [c] = await q<{ r: number }>(
    'microcredit_db',
    `SELECT corr(credit_score, interest_rate) AS r FROM credit_applications WHERE interest_rate IS NOT NULL`,
  );
  expect(c.r).toBeLessThan(-0.8);
  const bands = await q<{ band: number; approval: number; share: number }>(
    'microcredit_db',
    `
    SELECT ${BAND} AS band,
           avg((status IN ('approved', 'cancelled'))::int)::float AS approval,
           avg(approved_amount / requested_amount)::float AS share
      FROM credit_applications WHERE decision_date IS NOT NULL GROUP BY 1 ORDER BY 1`,
  );
  expect(bands.map((b) => b.band)).toEqual([1, 2, 3, 4]);
  for (let i = 1; i < bands.length; i++) {
    expect(bands[i].approval).toBeGreaterThan(bands[i - 1].approval);
    expect(bands[i].share).toBeGreaterThanOrEqual(bands[i - 1].share);
  }
  expect(bands[0].approval).toBeLessThan(0.4);
  expect(bands[3].approval).toBeGreaterThan(0.85);
  const [bad] = await q<{ n: string; fewer: string }>(
    'microcredit_db',
    `SELECT count(*) FILTER (WHERE approved_amount > requested_amount) AS n, count(*) FILTER (WHERE approved_amount < requested_amount) AS fewer FROM credit_applications`,
  );
  expect(Number(bad.n)).toBe(0);
  expect(Number(bad.fewer)).toBeGreaterThan(0);
  // A loan lends what its application approved, at its rate.
  const [l] = await q<{ n: string }>(
    'microcredit_db',
    `SELECT count(*) AS n FROM loans l JOIN credit_applications a ON a.id = l.application_id
     WHERE l.principal_amount <> a.approved_amount OR l.interest_rate <> a.interest_rate OR l.customer_id <> a.customer_id OR a.status <> 'approved'`,
  );
  expect(Number(l.n)).toBe(0);
});

test('delinquency falls with the score band', async () => {
  const bands = await q<{ band: number; late: number; n: string }>(
    'microcredit_db',
    `
    SELECT ${BAND} AS band, avg((l.days_past_due > ${GRACE} OR l.late_fees > 0)::int)::float AS late, count(*) AS n
      FROM loans l JOIN credit_applications a ON a.id = l.application_id
     WHERE l.first_payment_date < DATE '${TODAY}' - 30 GROUP BY 1 ORDER BY 1`,
  );
  const usable = bands.filter((b) => Number(b.n) >= 30);
  expect(usable.length).toBeGreaterThanOrEqual(3);
  for (let i = 1; i < usable.length; i++) expect(usable[i].late).toBeLessThan(usable[i - 1].late);
  const statuses = await q<{ status: string }>('microcredit_db', `SELECT DISTINCT status FROM loans ORDER BY 1`);
  expect(statuses.map((s) => s.status)).toEqual(expect.arrayContaining(['active', 'delinquent', 'paid_off', 'defaulted']));
});

/** Each payment with the schedule line it pays: the n-th payment of a loan (by date) pays line n. */
const MATCHED = `
  WITH p AS (SELECT lp.*, row_number() OVER (PARTITION BY loan_id ORDER BY payment_date, id) AS n FROM loan_payments lp)
  SELECT p.*, s.due_date, s.payment_amount AS line_amount, s.status AS line_status, s.paid_date
    FROM p LEFT JOIN payment_schedules s ON s.loan_id = p.loan_id AND s.payment_number = p.n`;

test('late fees exactly on late payments; partial payments exist; the schedule agrees', async () => {
  const [r] = await q<Record<string, string>>(
    'microcredit_db',
    `
    SELECT count(*) FILTER (WHERE due_date IS NULL) AS unmatched,
           count(*) FILTER (WHERE (late_fee_amount > 0) <> (payment_date > due_date + ${GRACE})) AS fee_mismatch,
           count(*) FILTER (WHERE late_fee_amount > 0 AND late_fee_amount <> ${FEE}) AS odd_fee,
           count(*) FILTER (WHERE late_fee_amount > 0) AS late,
           count(*) FILTER (WHERE principal_amount + interest_amount < line_amount - 0.01) AS partial,
           count(*) FILTER (WHERE payment_amount <> principal_amount + interest_amount + late_fee_amount) AS sum_mismatch,
           count(*) FILTER (WHERE (principal_amount + interest_amount >= line_amount - 0.01) <> (line_status = 'paid')) AS status_mismatch,
           count(*) FILTER (WHERE line_status = 'paid' AND paid_date <> payment_date) AS paid_date_mismatch
      FROM (${MATCHED}) m`,
  );
  expect({ ...r, late: undefined, partial: undefined }).toEqual({
    unmatched: '0',
    fee_mismatch: '0',
    odd_fee: '0',
    sum_mismatch: '0',
    status_mismatch: '0',
    paid_date_mismatch: '0',
    late: undefined,
    partial: undefined,
  });
  expect(Number(r.late)).toBeGreaterThan(20);
  expect(Number(r.partial)).toBeGreaterThan(0);
  // Lines without a payment: overdue once due, pending before.
  const [s] = await q<{ n: string }>(
    'microcredit_db',
    `
    SELECT count(*) AS n FROM payment_schedules s
     WHERE NOT EXISTS (SELECT 1 FROM (${MATCHED}) m WHERE m.loan_id = s.loan_id AND m.n = s.payment_number)
       AND s.status <> CASE WHEN s.due_date < DATE '${TODAY}' THEN 'overdue' ELSE 'pending' END`,
  );
  expect(Number(s.n)).toBe(0);
});

test("a loan's delinquency fields are what its payments imply", async () => {
  const rows = await q<Record<string, unknown>>(
    'microcredit_db',
    `
    WITH m AS (${MATCHED}),
    lines AS (
      SELECT s.loan_id, s.payment_number, s.due_date, s.payment_amount,
             coalesce(m.principal_amount + m.interest_amount, 0) AS paid, m.id IS NOT NULL AS has_payment
        FROM payment_schedules s LEFT JOIN m ON m.loan_id = s.loan_id AND m.n = s.payment_number),
    implied AS (
      SELECT loan_id,
             count(*) FILTER (WHERE paid >= payment_amount - 0.01) AS made,
             min(due_date) FILTER (WHERE paid < payment_amount - 0.01) AS oldest_open,
             count(*) FILTER (WHERE NOT has_payment AND DATE '${TODAY}' - due_date > ${GRACE}) AS unpaid_late
        FROM lines GROUP BY loan_id),
    money AS (SELECT loan_id, sum(payment_amount) AS paid, sum(principal_amount) AS principal, sum(late_fee_amount) AS fees FROM loan_payments GROUP BY loan_id)
    SELECT l.id, l.status, l.days_past_due, l.payments_made, l.late_fees, l.amount_paid, l.outstanding_balance, l.next_payment_date, l.term_months,
           i.made, i.oldest_open, i.unpaid_late, coalesce(mo.paid, 0) AS money_paid, coalesce(mo.principal, 0) AS principal_paid, coalesce(mo.fees, 0) AS fees_paid, l.principal_amount
      FROM loans l JOIN implied i ON i.loan_id = l.id LEFT JOIN money mo ON mo.loan_id = l.id`,
  );
  expect(rows.length).toBeGreaterThan(600);
  const bad: string[] = [];
  const today = Date.parse(TODAY);
  for (const r of rows) {
    const made = Number(r.made),
      term = Number(r.term_months);
    const open = r.oldest_open as Date | null;
    const openMs = open ? Date.UTC(open.getFullYear(), open.getMonth(), open.getDate()) : null;
    const dpd = openMs !== null && openMs < today ? Math.round((today - openMs) / 86_400_000) : 0;
    const status = made === term ? 'paid_off' : dpd > 90 ? 'defaulted' : dpd > GRACE ? 'delinquent' : 'active';
    const fees = Number(r.fees_paid) + FEE * Number(r.unpaid_late);
    const want = {
      made,
      dpd,
      status,
      fees: fees.toFixed(2),
      paid: Number(r.money_paid).toFixed(2),
      outstanding: (Number(r.principal_amount) - Number(r.principal_paid)).toFixed(2),
    };
    const got = {
      made: Number(r.payments_made),
      dpd: Number(r.days_past_due),
      status: r.status,
      fees: Number(r.late_fees).toFixed(2),
      paid: Number(r.amount_paid).toFixed(2),
      outstanding: Number(r.outstanding_balance).toFixed(2),
    };
    if (JSON.stringify(want) !== JSON.stringify(got)) bad.push(`loan ${r.id}: want ${JSON.stringify(want)} got ${JSON.stringify(got)}`);
    const next = r.next_payment_date as Date | null;
    if ((next?.getTime() ?? null) !== (open?.getTime() ?? null)) bad.push(`loan ${r.id}: next payment ${next} vs oldest open ${open}`);
  }
  expect(bad.slice(0, 10)).toEqual([]);
  // 80 days past due means fees: the complaint of the issue.
  const [x] = await q<{ n: string }>('microcredit_db', `SELECT count(*) AS n FROM loans WHERE days_past_due > 30 AND late_fees = 0`);
  expect(Number(x.n)).toBe(0);
});

test('collection logs only for late loans, after the lateness; every loan well past due was contacted', async () => {
  const [r] = await q<Record<string, string>>(
    'microcredit_db',
    `
    SELECT
      (SELECT count(*) FROM collection_logs c JOIN loans l ON l.id = c.loan_id
        WHERE NOT EXISTS (SELECT 1 FROM loan_payments p WHERE p.loan_id = l.id AND p.late_fee_amount > 0)
          AND NOT EXISTS (SELECT 1 FROM payment_schedules s WHERE s.loan_id = l.id AND s.status IN ('overdue', 'partial') AND s.due_date < DATE '${TODAY}' - ${GRACE})) AS logs_of_good_loans,
      (SELECT count(*) FROM collection_logs c JOIN loans l ON l.id = c.loan_id WHERE c.collection_date <= l.created_at
          OR (c.collection_date AT TIME ZONE 'America/Mexico_City')::date <= l.first_payment_date + ${GRACE} - 1) AS early_logs,
      (SELECT count(*) FROM loans l WHERE l.days_past_due >= 6 AND NOT EXISTS (SELECT 1 FROM collection_logs c WHERE c.loan_id = l.id)) AS uncontacted,
      (SELECT count(*) FROM collection_logs) AS logs`,
  );
  expect({ good: r.logs_of_good_loans, early: r.early_logs, uncontacted: r.uncontacted }).toEqual({ good: '0', early: '0', uncontacted: '0' });
  expect(Number(r.logs)).toBeGreaterThan(50);
});

test('events in order: sign-up < application < check < decision < disbursement < first payment', async () => {
  const [r] = await q<Record<string, string>>(
    'microcredit_db',
    `
    SELECT count(*) FILTER (WHERE k.check_date <= a.created_at) AS check_before_app,
           count(*) FILTER (WHERE a.decision_date <= k.check_date) AS decision_before_check,
           count(*) FILTER (WHERE l.created_at <= a.decision_date) AS disbursed_before_decision,
           count(*) FILTER (WHERE l.first_payment_date <= l.disbursement_date) AS due_before_disbursement,
           count(*) FILTER (WHERE (SELECT min(payment_date) FROM loan_payments p WHERE p.loan_id = l.id) <= l.disbursement_date) AS paid_before_disbursement,
           count(*) FILTER (WHERE a.created_at >= TIMESTAMPTZ '${NOW.toISOString()}' OR a.decision_date >= TIMESTAMPTZ '${NOW.toISOString()}') AS future,
           count(l.id) AS loans
      FROM credit_applications a JOIN credit_checks k ON k.application_id = a.id LEFT JOIN loans l ON l.application_id = a.id`,
  );
  expect({ ...r, loans: undefined }).toEqual({
    check_before_app: '0',
    decision_before_check: '0',
    disbursed_before_decision: '0',
    due_before_disbursement: '0',
    paid_before_disbursement: '0',
    future: '0',
    loans: undefined,
  });
  const [p] = await q<{ n: string; d: string }>(
    'microcredit_db',
    `SELECT count(*) FILTER (WHERE payment_date >= DATE '${TODAY}' OR created_at >= TIMESTAMPTZ '${NOW.toISOString()}') AS n, (SELECT count(*) FROM ONLY loan_payments_default) AS d FROM loan_payments`,
  );
  expect(p).toEqual({ n: '0', d: '0' }); // none in the future, none outside the monthly partitions
  // Sign-up (auth_db) before the application (microcredit_db): across the two databases.
  const users = new Map(
    (await q<{ user_id: string; created_at: Date }>('auth_db', 'SELECT user_id, created_at FROM users')).map((u) => [u.user_id, u.created_at.getTime()]),
  );
  const apps = await q<{ id: number; customer_id: string; created_at: Date }>('microcredit_db', 'SELECT id, customer_id, created_at FROM credit_applications');
  const early = apps.filter((a) => !(users.get(a.customer_id)! < a.created_at.getTime()));
  expect(early.map((a) => a.id)).toEqual([]);
  const scores = await q<{ id: number; customer_id: string; score_date: Date }>('microcredit_db', 'SELECT id, customer_id, score_date FROM credit_scores');
  expect(scores.filter((s) => !(users.get(s.customer_id)! < s.score_date.getTime())).map((s) => s.id)).toEqual([]);
  // Collection agents are staff hired before the contact.
  const logs = await q<{ id: number; agent_id: string; collection_date: Date }>('microcredit_db', 'SELECT id, agent_id, collection_date FROM collection_logs');
  expect(logs.filter((l) => !(users.get(l.agent_id)! < l.collection_date.getTime())).map((l) => l.id)).toEqual([]);
});
