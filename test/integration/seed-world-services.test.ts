import { seededWorld } from '../helpers/seeded';
import { HS_CHAPTERS, INEGI, LADA } from '../helpers/mx-fixtures';

/**
 * International shipping, franchises, inventory, analytics and returns of a seeded world, checked
 * as a data engineer would: SQL over each database, joined in the test across databases, against
 * independent fixtures. Written from the rules, not from the generators.
 */
const { q } = seededWorld('t_worldsvc_', 30_000, new Date('2026-11-30T00:00:00Z'));
const ms = (d: Date | string) => new Date(d).getTime();
const num = (x: string | number) => Number(x);
const cents = (x: string | number) => Math.round(Number(x) * 100);
/** The LADA of a +52 phone (55, 33 and 81 are the two-digit area codes). */
const ladaOf = (phone: string) => {
  const d = phone.replace(/^\+52/, '');
  return ['55', '33', '81'].includes(d.slice(0, 2)) ? d.slice(0, 2) : d.slice(0, 3);
};

describe('international shipping', () => {
  let orders: Array<{ id: number; n: string; c: string; co: string; created_at: Date; updated_at: Date; status: string }>;
  let items: Map<number, string[]>;
  let products: Map<number, Record<string, any>>;
  beforeAll(async () => {
    orders = await q('order_db', `SELECT id, order_number AS n, customer_id::text AS c, company_id::text AS co, created_at, updated_at, status FROM orders`);
    items = new Map();
    for (const r of await q(
      'order_db',
      `SELECT order_id, array_agg(product_id || 'x' || quantity ORDER BY product_id, quantity) AS k FROM order_items GROUP BY 1`,
    ))
      items.set(r.order_id, r.k);
    products = new Map((await q('order_db', `SELECT id, name, weight::text, price::text, category, created_at FROM products`)).map((p) => [p.id, p]));
  });

  test('every manifest ships an order of its creator and company, placed before it, with exactly its items', async () => {
    const manifests = await q(
      `intl_shipping_db`,
      `SELECT m.id, m.created_by::text AS c, m.company_id::text AS co, m.created_at, m.status,
      array_agg(i.product_id || 'x' || i.quantity ORDER BY i.product_id, i.quantity) AS k FROM manifests m JOIN manifest_items i ON i.manifest_id = m.id GROUP BY m.id`,
    );
    expect(manifests.length).toBeGreaterThan(20);
    const byOwner = new Map<string, typeof orders>();
    for (const o of orders) byOwner.set(`${o.c}|${o.co}`, [...(byOwner.get(`${o.c}|${o.co}`) ?? []), o]);
    const bad = manifests.filter((m) => {
      const match = (byOwner.get(`${m.c}|${m.co}`) ?? []).filter(
        (o) => ms(o.created_at) < ms(m.created_at) && JSON.stringify(items.get(o.id)) === JSON.stringify(m.k),
      );
      if (!match.length) return true;
      // Drawn up before the order was delivered; a cancelled order cancels its manifest.
      return !match.some((o) => (o.status !== 'delivered' || ms(m.created_at) < ms(o.updated_at)) && (o.status === 'cancelled') === (m.status === 'cancelled'));
    });
    expect(bad).toEqual([]);
  });

  test('items carry their product: description, weight = quantity × unit weight, one HS code per product in its category', async () => {
    const rows = await q(
      'intl_shipping_db',
      `SELECT id, manifest_id, product_id, description, quantity, weight::text, value::text, hs_code FROM manifest_items`,
    );
    const bad = rows.filter((i) => {
      const p = products.get(i.product_id);
      return (
        !p ||
        p.name !== i.description ||
        Math.round(num(p.weight) * 1000) * i.quantity !== Math.round(num(i.weight) * 1000) ||
        !/^\d{4}\.\d{2}$/.test(i.hs_code) ||
        !HS_CHAPTERS[p.category]?.includes(i.hs_code.slice(0, 2))
      );
    });
    expect(bad).toEqual([]);
    const hs = await q('intl_shipping_db', `SELECT product_id FROM manifest_items GROUP BY 1 HAVING count(DISTINCT hs_code) > 1`);
    expect(hs).toEqual([]);
    // Declared value: quantity × price at one exchange rate per manifest (MXN per USD, 16-22).
    const lines = new Map<number, typeof rows>();
    for (const i of rows) lines.set(i.manifest_id, [...(lines.get(i.manifest_id) ?? []), i]);
    for (const [m, ls] of lines) {
      // The rate implied by the largest line (the least rounding), then every line at that rate.
      const big = ls.reduce((a, b) => (num(b.value) > num(a.value) ? b : a));
      const fx = (big.quantity * num(products.get(big.product_id)!.price)) / num(big.value);
      expect([m, fx > 16 && fx < 22]).toEqual([m, true]);
      for (const i of ls) expect(Math.abs(num(i.value) - (i.quantity * num(products.get(i.product_id)!.price)) / fx)).toBeLessThan(0.011);
    }
    // Totals are the sums of the lines.
    expect(
      await q(
        'intl_shipping_db',
        `SELECT m.id FROM manifests m JOIN (SELECT manifest_id, sum(weight) w, sum(value) v, sum(volume) vol FROM manifest_items GROUP BY 1) s ON s.manifest_id = m.id
      WHERE m.total_weight <> s.w OR m.total_value <> s.v OR m.total_volume <> s.vol`,
      ),
    ).toEqual([]);
  });

  test('quotes: one per service level, express faster and dearer than standard, standard than economy; totals add up; carriers sell the service', async () => {
    const rates = await q(
      'intl_shipping_db',
      `SELECT r.*, m.total_weight::float AS w, m.shipping_zone AS zone, m.created_at AS m_created, m.estimated_delivery FROM shipping_rates r JOIN manifests m ON m.id = r.manifest_id`,
    );
    const by = new Map<number, Record<string, any>>();
    for (const r of rates) by.set(r.manifest_id, { ...(by.get(r.manifest_id) ?? {}), [r.service_type]: r });
    expect(by.size).toBeGreaterThan(20);
    for (const [, s] of by) {
      expect(Object.keys(s).sort()).toEqual(['economy', 'express', 'standard']);
      expect(s.express.transit_days).toBeLessThan(s.standard.transit_days);
      expect(s.standard.transit_days).toBeLessThan(s.economy.transit_days);
      expect(num(s.express.total_cost)).toBeGreaterThan(num(s.standard.total_cost));
      expect(num(s.standard.total_cost)).toBeGreaterThan(num(s.economy.total_cost));
      // The estimate is the manifest's date plus the transit days of one of its quotes.
      expect(Object.values(s).some((r) => ms(r.estimated_delivery) === ms(r.m_created) + r.transit_days * 86_400_000)).toBe(true);
    }
    expect(
      rates.filter(
        (r) => cents(r.total_cost) !== cents(r.base_rate) + cents(r.weight_rate) + cents(r.volume_rate) + cents(r.fuel_surcharge) + cents(r.insurance_rate),
      ),
    ).toEqual([]);
    // Within a carrier, service and zone: one base charge, and the weight charge grows with the weight.
    const groups = new Map<string, any[]>();
    for (const r of rates)
      groups.set(`${r.carrier_name}|${r.service_type}|${r.zone}`, [...(groups.get(`${r.carrier_name}|${r.service_type}|${r.zone}`) ?? []), r]);
    for (const [k, g] of groups) {
      expect([k, new Set(g.map((r) => r.base_rate)).size]).toEqual([k, 1]);
      g.sort((a, b) => a.w - b.w);
      for (let i = 1; i < g.length; i++) if (g[i].w > g[i - 1].w) expect(num(g[i].weight_rate)).toBeGreaterThanOrEqual(num(g[i - 1].weight_rate));
    }
    const [corr] = await q(
      'intl_shipping_db',
      `SELECT corr(m.total_weight, r.weight_rate)::float AS c FROM shipping_rates r JOIN manifests m ON m.id = r.manifest_id WHERE r.service_type = 'standard'`,
    );
    expect(corr.c).toBeGreaterThan(0.8);
    const carriers = new Map(
      (await q('intl_shipping_db', `SELECT name, supported_services FROM shipping_carriers`)).map((c) => [c.name, c.supported_services as string[]]),
    );
    expect(rates.filter((r) => !carriers.get(r.carrier_name)?.includes(r.service_type))).toEqual([]);
  });
});

describe('franchises', () => {
  test('territories carry the INEGI code of their state; each franchise holds one territory of its state', async () => {
    const t = await q('franchise_db', `SELECT territory_code, state, status FROM territories`);
    expect(t.length).toBeGreaterThan(4);
    expect(t.filter((x) => !/^MX-\d{2}-\d{4}$/.test(x.territory_code) || x.territory_code.slice(3, 5) !== INEGI[x.state])).toEqual([]);
    expect(new Set(Object.values(INEGI)).size).toBe(32);
    const f = await q(
      'franchise_db',
      `SELECT f.id FROM franchises f LEFT JOIN territories t ON t.territory_code = f.territory_code WHERE t.state IS DISTINCT FROM f.state OR t.status <> 'assigned'`,
    );
    expect(f).toEqual([]);
  });

  test('contract before opening, opening before the first period, audits after opening; the contract states the royalty rate', async () => {
    expect(
      await q(
        'franchise_db',
        `SELECT f.id FROM franchises f JOIN franchise_contracts c ON c.franchise_id = f.id
      WHERE NOT (c.signed_date <= c.start_date AND c.start_date < f.opening_date) OR (c.fee_structure->>'royalty_rate')::numeric <> f.royalty_rate`,
      ),
    ).toEqual([]);
    expect(
      await q(
        'franchise_db',
        `SELECT p.id FROM franchise_performance p JOIN franchises f ON f.id = p.franchise_id WHERE p.period_start <= f.opening_date OR p.period_end >= DATE '2026-11-30'`,
      ),
    ).toEqual([]);
    expect(
      await q('franchise_db', `SELECT a.id FROM franchise_audits a JOIN franchises f ON f.id = a.franchise_id WHERE a.audit_date <= f.opening_date`),
    ).toEqual([]);
    const [n] = await q('franchise_db', `SELECT count(*)::int AS n FROM franchise_performance`);
    expect(n.n).toBeGreaterThan(10);
  });

  test("performance: the orders of the plaza's customers that month; royalties at the contract's rate, paid after the period", async () => {
    const phone = new Map((await q('customer_db', `SELECT unique_id::text AS id, phone FROM users`)).map((u) => [u.id, ladaOf(u.phone)]));
    const agg = new Map<string, { n: number; cents: number; customers: Set<string> }>();
    for (const o of await q(
      'order_db',
      `SELECT customer_id::text AS c, total_amount::text AS t, to_char(created_at AT TIME ZONE 'America/Mexico_City', 'YYYY-MM') AS m FROM orders WHERE status <> 'cancelled'`,
    )) {
      const k = `${phone.get(o.c)}|${o.m}`;
      const a = agg.get(k) ?? { n: 0, cents: 0, customers: new Set<string>() };
      a.n++;
      a.cents += cents(o.t);
      a.customers.add(o.c);
      agg.set(k, a);
    }
    const perf = await q(
      'franchise_db',
      `SELECT p.franchise_id, f.city, f.royalty_rate::float AS rate, to_char(p.period_start, 'YYYY-MM') AS m, p.period_end, p.revenue::text, p.orders_count, p.customers_served,
      p.average_order_value::text AS aov, p.royalties_paid::text, pay.amount::text AS due, pay.status, pay.paid_date
      FROM franchise_performance p JOIN franchises f ON f.id = p.franchise_id
      LEFT JOIN franchise_payments pay ON pay.franchise_id = p.franchise_id AND pay.payment_type = 'royalty' AND date_trunc('month', pay.due_date) = date_trunc('month', p.period_start) + interval '1 month'`,
    );
    let withOrders = 0;
    const bad = perf.filter((p) => {
      const lada = LADA[p.city];
      if (!lada) return true;
      const a = agg.get(`${lada}|${p.m}`) ?? { n: 0, cents: 0, customers: new Set() };
      if (a.n) withOrders++;
      const royalty = Math.round((a.cents * p.rate) / 100);
      return (
        p.orders_count !== a.n ||
        cents(p.revenue) !== a.cents ||
        p.customers_served !== a.customers.size ||
        cents(p.aov) !== (a.n ? Math.round(a.cents / a.n) : 0) ||
        p.due === null ||
        cents(p.due) !== royalty ||
        cents(p.royalties_paid) !== (p.status === 'paid' ? royalty : 0) ||
        (p.paid_date && ms(p.paid_date) <= ms(p.period_end))
      );
    });
    expect(bad).toEqual([]);
    expect(withOrders).toBeGreaterThan(perf.length / 2);
    expect(await q('franchise_db', `SELECT id FROM franchise_payments WHERE (status = 'paid') <> (paid_date IS NOT NULL)`)).toEqual([]);
  });
});

describe('inventory', () => {
  test('quantities are the sums of their stock movements; stock never negative; receipts before sales', async () => {
    expect(
      await q(
        'order_db',
        `SELECT i.product_id FROM inventory_items i FULL JOIN (SELECT product_id, sum(quantity) AS q FROM stock_movements GROUP BY 1) s ON s.product_id = i.product_id
      WHERE i.quantity IS DISTINCT FROM s.q`,
      ),
    ).toEqual([]);
    expect(
      await q(
        'order_db',
        `SELECT product_id FROM (SELECT product_id, sum(quantity) OVER (PARTITION BY product_id ORDER BY created_at, quantity DESC, id) AS run FROM stock_movements) x WHERE run < 0`,
      ),
    ).toEqual([]);
    expect(await q('order_db', `SELECT m.id FROM stock_movements m JOIN products p ON p.id = m.product_id WHERE m.created_at < p.created_at`)).toEqual([]);
    const [n] = await q(
      'order_db',
      `SELECT count(*) FILTER (WHERE movement_type = 'OUT')::int AS out, count(*) FILTER (WHERE movement_type = 'IN')::int AS inn FROM stock_movements`,
    );
    expect(n.out).toBeGreaterThan(20);
    expect(n.inn).toBeGreaterThan(5);
  });

  test('sales match order items: one OUT per item of a stocked product of a shipped order, after the order', async () => {
    const bad = await q(
      'order_db',
      `
      WITH o AS (SELECT i.order_id, o.order_number, o.created_at, i.product_id, i.quantity FROM order_items i JOIN orders o ON o.id = i.order_id
                  WHERE o.status IN ('shipped', 'delivered', 'returned') AND i.product_id IN (SELECT product_id FROM inventory_items)),
           s AS (SELECT reference_number, product_id, -quantity AS quantity, created_at FROM stock_movements WHERE movement_type = 'OUT')
      SELECT o.order_number, s.reference_number FROM o FULL JOIN s ON s.reference_number = o.order_number AND s.product_id = o.product_id AND s.quantity = o.quantity
       WHERE o.order_number IS NULL OR s.reference_number IS NULL OR s.created_at <= o.created_at`,
    );
    expect(bad).toEqual([]);
  });

  test('products exist before the orders that contain them', async () => {
    expect(
      await q(
        'order_db',
        `SELECT i.id FROM order_items i JOIN orders o ON o.id = i.order_id JOIN products p ON p.id = i.product_id WHERE p.created_at >= o.created_at`,
      ),
    ).toEqual([]);
  });
});

describe('analytics', () => {
  const day = (col: string) => `to_char(${col} AT TIME ZONE 'America/Mexico_City', 'YYYY-MM-DD')`;
  const counts = async (db: string, sql: string) => new Map((await q(db, sql)).map((r) => [r.d, Number(r.v)]));

  test('daily metrics are the counts and sums of the events of each service, whole numbers where they count', async () => {
    const m = await q(
      'analytics_db',
      `SELECT name, source_service, to_char(timestamp AT TIME ZONE 'America/Mexico_City', 'YYYY-MM-DD') AS d, value::float AS v, created_at, timestamp FROM metrics WHERE period = '1d'`,
    );
    const facts: Record<string, [string, Map<string, number>]> = {
      orders_created: ['order', await counts('order_db', `SELECT ${day('created_at')} AS d, count(*) AS v FROM orders GROUP BY 1`)],
      revenue_mxn: [
        'order',
        await counts('order_db', `SELECT ${day('created_at')} AS d, sum(total_amount) AS v FROM orders WHERE status <> 'cancelled' GROUP BY 1`),
      ],
      users_registered: ['auth', await counts('auth_db', `SELECT ${day('created_at')} AS d, count(*) AS v FROM users GROUP BY 1`)],
      pickups_completed: [
        'pickup',
        await counts('pickup_db', `SELECT ${day('actual_pickup_time')} AS d, count(*) AS v FROM pickups WHERE status = 'completed' GROUP BY 1`),
      ],
      returns_requested: ['revlog', await counts('reverse_logistics_db', `SELECT ${day('created_at')} AS d, count(*) AS v FROM returns GROUP BY 1`)],
      manifests_created: ['intlship', await counts('intl_shipping_db', `SELECT ${day('created_at')} AS d, count(*) AS v FROM manifests GROUP BY 1`)],
    };
    expect(new Set(m.map((x) => x.name))).toEqual(new Set(Object.keys(facts)));
    const bad = m.filter((x) => {
      const [service, by] = facts[x.name];
      const want = by.get(x.d) ?? 0;
      return (
        x.source_service !== service ||
        Math.abs(x.v - want) > 0.001 ||
        (x.name !== 'revenue_mxn' && !Number.isInteger(x.v)) ||
        ms(x.created_at) <= ms(x.timestamp) + 86_400_000
      );
    });
    expect(bad).toEqual([]);
    // Every event of a closed day is counted: the sums agree with the tables.
    for (const [name, [, by]] of Object.entries(facts)) {
      const days = new Set(m.filter((x) => x.name === name).map((x) => x.d));
      const total = m.filter((x) => x.name === name).reduce((a, x) => a + x.v, 0);
      const want = [...by].filter(([d]) => days.has(d)).reduce((a, [, v]) => a + v, 0);
      expect([name, Math.round(total * 100)]).toEqual([name, Math.round(want * 100)]);
      const first = [...days].sort()[0];
      expect([name, [...by.keys()].filter((d) => !days.has(d) && d >= first && d < '2026-11-29')]).toEqual([name, []]);
    }
  });

  test('alerts count the hourly measurements above their threshold since they were created; dashboards chart metrics that exist', async () => {
    const bad = await q(
      'analytics_db',
      `SELECT a.id, a.trigger_count, count(m.*) AS n FROM alerts a
      LEFT JOIN metrics m ON m.period = '1h' AND m.metric_type = a.metric_type AND m.source_service = substring(a.condition_expression FROM 'source_service="([a-z]+)"')
       AND m.value > a.threshold_value AND m.timestamp > a.created_at
      GROUP BY a.id, a.trigger_count HAVING a.trigger_count <> count(m.*)`,
    );
    expect(bad).toEqual([]);
    const names = new Set((await q('analytics_db', `SELECT DISTINCT name FROM metrics`)).map((r) => r.name));
    const widgets = (await q('analytics_db', `SELECT jsonb_array_elements(widgets)->>'metric' AS m FROM dashboards`)).map((r) => r.m);
    expect(widgets.length).toBeGreaterThan(0);
    expect(widgets.filter((w) => !names.has(w))).toEqual([]);
    expect(
      await q(
        'analytics_db',
        `SELECT id FROM reports WHERE (date_range->>'to')::date >= (created_at AT TIME ZONE 'America/Mexico_City')::date OR completed_at < created_at`,
      ),
    ).toEqual([]);
  });
});

describe('returns', () => {
  test('return_metrics per day equal the returns of that day; inspections agree with themselves; refunds after inspection', async () => {
    const m = await q('reverse_logistics_db', `SELECT metric_date::text AS d, total_returns, processed_returns FROM return_metrics`);
    const by = new Map(
      (
        await q(
          'reverse_logistics_db',
          `SELECT (created_at AT TIME ZONE 'America/Mexico_City')::date::text AS d, count(*)::int AS n,
      count(*) FILTER (WHERE status IN ('refunded', 'exchanged', 'closed', 'rejected'))::int AS p FROM returns GROUP BY 1`,
        )
      ).map((r) => [r.d, r]),
    );
    expect(m.filter((x) => (by.get(x.d)?.n ?? 0) !== x.total_returns || (by.get(x.d)?.p ?? 0) !== x.processed_returns)).toEqual([]);
    expect(
      await q(
        'reverse_logistics_db',
        `SELECT id FROM inspection_reports WHERE functional_status = 'not_working' AND (overall_condition IN ('excellent', 'good') OR recommended_action = 'restock')`,
      ),
    ).toEqual([]);
    expect(
      await q(
        'reverse_logistics_db',
        `SELECT r.id FROM returns r JOIN inspection_reports i ON i.return_id = r.id WHERE r.status = 'refunded' AND r.updated_at <= i.inspection_date`,
      ),
    ).toEqual([]);
    const delivered = new Map(
      (await q('order_db', `SELECT order_number AS n, created_at FROM orders WHERE status IN ('delivered', 'returned')`)).map((o) => [o.n, ms(o.created_at)]),
    );
    const returns = await q('reverse_logistics_db', `SELECT original_order_id AS n, created_at FROM returns`);
    expect(returns.filter((r) => !(delivered.get(r.n)! < ms(r.created_at)))).toEqual([]);
  });
});
