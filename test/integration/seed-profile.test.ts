import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { chromium } from 'playwright-core';
import { Context, withClient } from '../../src/db/targets';
import { createAndMigrate } from '../../src/up';
import { seed } from '../../src/seed';
import { measureProfile, renderProfileHtml, SeedProfile, SCORE_BANDS } from '../../src/seed/profile';
import { CLI, dropTestDatabases, testContext, testEnv } from '../helpers/context';

/**
 * `seed profile` on a seeded test prefix: every figure equals SQL written here independently,
 * the CLI prints the same figures, and the page opens in a real headless Chromium without
 * console errors, with one SVG per chart.
 */
const PREFIX = 't_profile_';
const TZ = 'America/Mexico_City';
const run = promisify(execFile);
let ctx: Context;
let profile: SeedProfile;

async function rows(db: string, sql: string): Promise<Array<Record<string, unknown>>> {
  const t = ctx.target(db);
  return withClient(t.url, t.name, async (c) => (await c.query(sql)).rows);
}

beforeAll(async () => {
  ctx = await testContext(PREFIX);
  await dropTestDatabases(ctx).catch(() => undefined);
  const { create, migrate } = await createAndMigrate(ctx);
  expect(create.databases.every((c) => c.ok) && migrate.databases.every((m) => m.ok)).toBe(true);
  const seeded = await seed(ctx, { scale: 'tiny', seed: 11 });
  expect(seeded.ok).toBe(true);
  profile = await measureProfile(ctx);
});

afterAll(async () => {
  await dropTestDatabases(ctx);
});

test('every database read; figures are present', () => {
  expect(profile.ok).toBe(true);
  expect(profile.databases.every((d) => d.ok)).toBe(true);
  expect(profile.orders!.total).toBeGreaterThan(0);
  expect(profile.credit!.loans).toBeGreaterThan(0);
  expect(profile.pickups!.total).toBeGreaterThan(0);
});

test('orders per month and per local hour equal independent SQL', async () => {
  const months = await rows('order_db', `SELECT to_char(created_at AT TIME ZONE '${TZ}', 'YYYY-MM') AS m, count(*)::int AS n FROM orders GROUP BY 1`);
  expect(Object.fromEntries(profile.orders!.perMonth.map((x) => [x.month, x.orders]))).toEqual(Object.fromEntries(months.map((r) => [r.m, r.n])));
  const hours = await rows('order_db', `SELECT created_at FROM orders`);
  // Hour of day in Mexico City computed by the JS runtime's time-zone data, not by PostgreSQL.
  const fmt = new Intl.DateTimeFormat('en-US', { timeZone: TZ, hour: 'numeric', hourCycle: 'h23' });
  const byHour = new Array(24).fill(0);
  for (const r of hours) byHour[Number(fmt.format(r.created_at as Date))]++;
  expect(profile.orders!.byHour).toEqual(byHour.map((orders, hour) => ({ hour, orders })));
  expect(profile.orders!.total).toBe(hours.length);
  expect(profile.orders!.nightShare).toBeCloseTo(byHour.slice(0, 6).reduce((a, b) => a + b, 0) / hours.length, 10);
});

test('orders per customer and the top-decile share equal independent SQL', async () => {
  const per = await rows('order_db', `SELECT customer_id, count(*)::int AS n FROM orders GROUP BY 1`);
  const [{ n: customers }] = await rows('customer_db', `SELECT count(*)::int AS n FROM users`);
  const counts = per.map((r) => Number(r.n));
  while (counts.length < Number(customers)) counts.push(0);
  const dist = new Map<number, number>();
  for (const k of counts) dist.set(k, (dist.get(k) ?? 0) + 1);
  expect(profile.orders!.perCustomer).toEqual([...dist].sort((a, b) => a[0] - b[0]).map(([orders, c]) => ({ orders, customers: c })));
  counts.sort((a, b) => b - a);
  const top = counts.slice(0, Math.ceil(counts.length / 10)).reduce((a, b) => a + b, 0);
  expect(profile.orders!.topDecileShare).toBeCloseTo(top / counts.reduce((a, b) => a + b, 0), 10);
  expect(profile.orders!.customersTotal).toBe(Number(customers));
});

test('score against rate and delinquency by band equal independent SQL', async () => {
  const loans = await rows(
    'microcredit_db',
    `
    SELECT l.loan_id, l.interest_rate::text AS rate, l.days_past_due AS dpd, l.status,
           coalesce(a.credit_score, (SELECT credit_score FROM credit_checks c WHERE c.application_id = a.id ORDER BY c.id DESC LIMIT 1)) AS score
      FROM loans l LEFT JOIN credit_applications a ON l.application_id = a.id`,
  );
  const scored = loans.filter((l) => l.score !== null);
  expect(profile.credit!.loans).toBe(loans.length);
  expect(profile.credit!.scored).toBe(scored.length);
  // Pearson correlation, computed here.
  const xs = scored.map((l) => Number(l.score));
  const ys = scored.map((l) => Number(l.rate));
  const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
  const mx = mean(xs);
  const my = mean(ys);
  const cov = xs.reduce((s, x, i) => s + (x - mx) * (ys[i] - my), 0);
  const r = cov / Math.sqrt(xs.reduce((s, x) => s + (x - mx) ** 2, 0) * ys.reduce((s, y) => s + (y - my) ** 2, 0));
  if (Number.isFinite(r)) expect(profile.credit!.scoreRateCorrelation).toBeCloseTo(r, 6);
  // Every point shown is a real (score, rate) pair.
  const pairs = new Set(scored.map((l) => `${Number(l.score)}|${Number(l.rate)}`));
  expect(profile.credit!.points.length).toBe(Math.min(2000, scored.length));
  for (const p of profile.credit!.points) expect(pairs.has(`${p.score}|${p.rate}`)).toBe(true);
  for (const b of SCORE_BANDS) {
    const inBand = scored.filter((l) => Number(l.score) >= b.from && Number(l.score) <= b.to);
    const got = profile.credit!.bands.find((x) => x.band === b.band)!;
    expect(got.loans).toBe(inBand.length);
    expect(got.late).toBe(inBand.filter((l) => Number(l.dpd) > 0).length);
    expect(got.delinquent).toBe(inBand.filter((l) => Number(l.dpd) >= 30 || l.status === 'defaulted').length);
  }
});

test('pickups by state equal independent SQL', async () => {
  const states = await rows('pickup_db', `SELECT state, count(*)::int AS n FROM pickups GROUP BY state`);
  expect(Object.fromEntries(profile.pickups!.byState.map((x) => [x.state, x.pickups]))).toEqual(
    Object.fromEntries(states.map((r) => [r.state ?? '(none)', r.n])),
  );
});

test('the CLI prints the same figures and writes the page; it opens in headless Chromium with one SVG per chart', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'quenty-profile-'));
  const out = path.join(dir, 'profile.html');
  const env = { ...process.env, ...testEnv(PREFIX) };
  const { stdout } = await run(CLI, ['seed', 'profile', '--out', out, '--json'], { env, maxBuffer: 64 << 20 });
  const json = JSON.parse(stdout) as SeedProfile;
  expect({ ...json, measuredAt: '' }).toEqual({ ...profile, measuredAt: '' });
  expect(fs.readFileSync(out, 'utf8')).toBe(renderProfileHtml({ ...profile, measuredAt: json.measuredAt }));

  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1600, height: 1200 } });
    const errors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(`file://${out}`, { waitUntil: 'load' });
    const figures = await page.$$eval('figure', (fs) =>
      fs.map((f) => ({
        id: f.id,
        svgs: f.querySelectorAll('svg').length,
        w: f.querySelector('svg')?.getBoundingClientRect().width ?? 0,
        marks: f.querySelectorAll('svg path, svg rect').length,
      })),
    );
    expect(figures.map((f) => f.id)).toEqual([
      'orders-per-month',
      'orders-by-hour',
      'orders-per-customer',
      'score-vs-rate',
      'delinquency-by-band',
      'pickups-by-state',
    ]);
    for (const f of figures) {
      expect(f.svgs).toBe(1);
      expect(f.w).toBeGreaterThan(300);
      expect(f.marks).toBeGreaterThan(5);
    }
    const shot = path.join(dir, 'profile.png');
    await page.screenshot({ path: shot, fullPage: true });
    expect(fs.statSync(shot).size).toBeGreaterThan(10_000);
    if (process.env.QUENTY_PROFILE_SCREENSHOT) fs.copyFileSync(shot, process.env.QUENTY_PROFILE_SCREENSHOT);
    expect(errors).toEqual([]);
  } finally {
    await browser.close();
  }
});
