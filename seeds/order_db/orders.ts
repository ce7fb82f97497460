import { defineTable, fanout, GenContext, RowFacts, Place, Rng, rowRng, localMinute, METRO_TZ, MX_TZ } from '../../src/seed/kit';

export const orderNumber = (i: number) => `ORD-${String(i + 1).padStart(9, '0')}`;
/** Items per order repeat this pattern (2 on average): order_items ordinals of order o. */
export const ITEMS = fanout([1, 3, 2, 1, 4, 2, 1, 2]);

export interface OrderLine {
  product: number;
  quantity: number;
  unitPrice: number;
  total: number;
}
export interface OrderFacts extends RowFacts {
  customer: number;
  company: number;
  place: Place;
  /** Placed by a customer of the metro area: Quenty picks it up (pickup_db). */
  metro: boolean;
  /** The customer's metro zone (auth_db.users facts `zone`), -1 outside the metro area. */
  zone: number;
  service: 'express' | 'standard' | 'economy';
  lines: OrderLine[];
  firstItem: number;
  /** Cents. */
  totalCents: number;
  status: 'pending' | 'confirmed' | 'shipped' | 'delivered' | 'cancelled';
  times: { placed: Date; confirmed?: Date; shipped?: Date; delivered?: Date; cancelled?: Date; pickupFailed?: Date; updated: Date };
}
declare module '../../src/seed/types' {
  interface FactsRegistry {
    'order_db.orders': OrderFacts;
  }
}

const DAY = 86_400_000;

/**
 * Heavy-tailed pick of one of n people in sign-up order: the 1% and 10% "regular" tiers
 * (ordinals ≡ 0 mod 100, mod 10) take a large share of the picks, so the top decile of
 * customers places far more than a tenth of the orders.
 */
function heavy(rng: Rng, n: number): number {
  const x = rng.float();
  if (x < 0.12) return 100 * rng.int(Math.floor((n - 1) / 100) + 1);
  if (x < 0.45) return 10 * rng.int(Math.floor((n - 1) / 10) + 1);
  return rng.int(n);
}

/**
 * Creation instants (ms) of a merchant's products in catalogue order, kept per thread: every
 * order looks at its merchant's catalogue, and at `--scale large` the products no longer fit the
 * facts memo, so reading their facts again for each order cost most of an order's time.
 */
const catalogues = new WeakMap<GenContext, Map<number, Float64Array>>();
function catalogueBorn(g: GenContext, company: number): Float64Array {
  let byCompany = catalogues.get(g);
  if (!byCompany) catalogues.set(g, (byCompany = new Map()));
  let born = byCompany.get(company);
  if (!born) {
    const list: number[] = [];
    for (let p; (p = g.find('order_db', 'products', 'company', company, list.length)) >= 0;) list.push(g.facts('order_db', 'products', p).born.getTime());
    byCompany.set(company, (born = Float64Array.from(list)));
  }
  return born;
}

/** The steps of an order after it is placed. */
const LATER = ['confirmed', 'shipped', 'delivered', 'cancelled', 'pickupFailed'] as const;

/** Creation instant of merchant m's first product (the binary search of every order asks ~17), kept per thread. */
const firstProducts = new WeakMap<GenContext, Float64Array>();
function firstProductOf(g: GenContext, m: number, merchants: number): number {
  let a = firstProducts.get(g);
  if (!a || a.length !== merchants) firstProducts.set(g, (a = new Float64Array(merchants).fill(NaN)));
  let v = a[m];
  if (v !== v) a[m] = v = catalogueBorn(g, g.find('customer_db', 'companies', 'merchant', 0, m))[0];
  return v;
}

/**
 * Order o: the day from the order timeline (orders are in day order by ordinal); a customer
 * who had signed up by then (even orders: a customer of the metro area); a merchant whose
 * catalogue existed, and products of that catalogue created before the order; the local hour
 * of the customer's city; then its life: confirmed, picked up (business hours), delivered
 * (express faster than economy) or cancelled — each status at its time, the status as of now.
 */
function orderFacts(g: GenContext, o: number): OrderFacts {
  const rng = rowRng(g.seed, 'order_db.orders#facts', o);
  const clock = g.clock;
  const day = clock.day('order', o, g.count('orders'), rng);
  const dayMs = clock.firstDay.getTime() + day * DAY;
  const metro = o % 2 === 0;
  const n = metro ? g.tally('auth_db', 'users', 'metro', 0, new Date(dayMs)) : clock.countBefore('signup', g.count('users', 'customer_db'), new Date(dayMs));
  const k = heavy(rng, Math.max(1, n));
  const customer = metro ? g.find('auth_db', 'users', 'metro', 0, k) : k;
  const u = g.facts('auth_db', 'users', customer);
  const place = u.place;
  let t = clock.utc(place.tz, dayMs, localMinute(rng, 'consumer')).getTime();
  t = Math.max(t, u.born.getTime() + 30 * 60_000);
  // Merchants whose first product exists an hour before: a prefix of the merchants (binary search).
  const M = Math.max(1, g.tally('customer_db', 'companies', 'merchant', 0));
  let lo = 0,
    hi = M; // merchants [0, lo) are open at t
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (firstProductOf(g, mid, M) < t - 3_600_000) lo = mid + 1;
    else hi = mid;
  }
  const m = lo > 0 ? heavy(rng, lo) % lo : 0;
  const company = g.find('customer_db', 'companies', 'merchant', 0, m);
  if (lo === 0) t = Math.max(t, firstProductOf(g, 0, M) + 3_600_000);
  t = Math.min(t, g.now.getTime() - 60_000);
  // The merchant's catalogue at t.
  const catalogue = catalogueBorn(g, company);
  let K = 0;
  while (K < catalogue.length && catalogue[K] < t) K++;
  K = Math.max(1, K);
  const firstItem = ITEMS.start(o);
  const lines: OrderLine[] = [];
  let totalCents = 0;
  for (let j = 0; j < ITEMS.size(o); j++) {
    const product = g.find('order_db', 'products', 'company', company, rng.int(K));
    const pf = g.facts('order_db', 'products', product);
    const quantity = rng.weighted([
      [1, 64],
      [2, 22],
      [3, 9],
      [5, 5],
    ] as const);
    const cents = Math.round(pf.price * 100) * quantity;
    totalCents += cents;
    lines.push({ product, quantity, unitPrice: pf.price, total: cents / 100 });
  }
  const placed = new Date(t);
  const service = rng.weighted([
    ['express', 18],
    ['standard', 60],
    ['economy', 22],
  ] as const);
  const times: OrderFacts['times'] = { placed, updated: placed };
  const tz = metro ? METRO_TZ : place.tz;
  times.confirmed = new Date(t + rng.range(2, 45) * 60_000);
  const fate = rng.float();
  if (fate < 0.035) {
    times.cancelled = new Date(times.confirmed.getTime() + rng.range(10, 20 * 60) * 60_000);
  } else {
    const shipped = clock.after(times.confirmed, service === 'express' ? 60 : 180, service === 'express' ? 8 * 60 : 30 * 60, rng, tz, 'business');
    if (metro && fate < 0.075) {
      times.pickupFailed = shipped;
      times.cancelled = new Date(shipped.getTime() + rng.range(60, 6 * 60) * 60_000);
    } else {
      times.shipped = shipped;
      const [d0, d1] = service === 'express' ? [1, 2] : service === 'standard' ? [2, 5] : [4, 9];
      const days = rng.range(d0, d1);
      times.delivered = clock.after(shipped, (days - 1) * 1440 + 600, days * 1440, rng, place.tz, 'business');
    }
  }
  const nowMs = g.now.getTime();
  // Keep only what happened before the anchor.
  for (const key of LATER) {
    const d = times[key];
    if (d === undefined || d.getTime() >= nowMs) delete times[key];
  }
  const status = times.cancelled ? 'cancelled' : times.delivered ? 'delivered' : times.shipped ? 'shipped' : times.confirmed ? 'confirmed' : 'pending';
  times.updated = times.cancelled ?? times.delivered ?? times.shipped ?? times.confirmed ?? placed;
  return { born: placed, customer, company, place: metro ? u.place : place, metro, zone: u.zone, service, lines, firstItem, totalCents, status, times };
}

/** The LADA (area code) of a +52 phone: 55, 33 and 81 are the two-digit ones, every other is three digits. */
export const ladaOf = (phone: string) => {
  const d = phone.replace(/^\+52/, '');
  return ['55', '33', '81'].includes(d.slice(0, 2)) ? d.slice(0, 2) : d.slice(0, 3);
};
/** 'YYYY-MM' of a date label. */
const monthKey = (dayMs: number) => new Date(dayMs).toISOString().slice(0, 7);

/**
 * Summaries of all orders, derived once per worker (one pass over the orders' facts) for the
 * summaries of other services: a franchise's orders and revenue per month (its plaza: the
 * customers' area code), orders per day (analytics), the shipments of each fulfilled product
 * (stock movements). Dates are Mexico City calendar dates, the platform's reporting calendar.
 */
interface OrderIndex {
  /** `${lada}|${YYYY-MM}` → orders not cancelled, their revenue (cents), distinct customers. */
  plaza: Map<string, { orders: number; cents: number; customers: number }>;
  /** Day label (UTC midnight ms of the Mexico City date) → orders placed; revenue (cents) of those not cancelled. */
  day: Map<number, { orders: number; cents: number }>;
  /**
   * The shipments of every fulfilled product, product after product, each in order: the order
   * that shipped it, when (ms), and the units of it the order held. Product p's are positions
   * `from[p]` to `from[p + 1]` (typed arrays: at `--scale large` one array per product took
   * tens of MB in every thread's heap).
   */
  sales: { from: Int32Array; orders: Int32Array; shipped: Float64Array; units: Int32Array };
}
interface Shipments {
  orders: ArrayLike<number>;
  shipped: ArrayLike<number>;
  units: ArrayLike<number>;
}
/**
 * The shipments of fulfilled product p, in order: order ordinals, shipping instants (ms) and units
 * of p (stock movements read these, not the orders' facts: at `--scale large` those are no longer
 * in the facts memo when a product's receipts are planned).
 */
export function productShipments(g: GenContext, p: number): Readonly<Shipments> {
  const s = orderIndex(g).sales;
  const a = s.from[p] ?? 0,
    b = s.from[p + 1] ?? 0;
  return { orders: s.orders.subarray(a, b), shipped: s.shipped.subarray(a, b), units: s.units.subarray(a, b) };
}
function orderIndex(g: GenContext): OrderIndex {
  const og = g.other('orders', 'order_db');
  return og.memo('index', () => {
    const plaza = new Map<string, { orders: number; cents: number; customers: Set<number> }>();
    const day = new Map<number, { orders: number; cents: number }>();
    const sales = new Map<number, { orders: number[]; shipped: number[]; units: number[] }>();
    const n = og.count('orders');
    for (let o = 0; o < n; o++) {
      const f = og.facts('order_db', 'orders', o);
      const d = og.clock.local(MX_TZ, f.born).dayMs;
      const cancelled = f.status === 'cancelled';
      let dd = day.get(d);
      if (!dd) day.set(d, (dd = { orders: 0, cents: 0 }));
      dd.orders++;
      if (cancelled) continue;
      dd.cents += f.totalCents;
      const key = `${ladaOf(og.facts('auth_db', 'users', f.customer).phone)}|${monthKey(d)}`;
      let pl = plaza.get(key);
      if (!pl) plaza.set(key, (pl = { orders: 0, cents: 0, customers: new Set() }));
      pl.orders++;
      pl.cents += f.totalCents;
      pl.customers.add(f.customer);
      if (!f.times.shipped) continue;
      const at = f.times.shipped.getTime();
      for (const l of f.lines) {
        if (!og.facts('order_db', 'products', l.product).fulfilled) continue;
        let s = sales.get(l.product);
        if (!s) sales.set(l.product, (s = { orders: [], shipped: [], units: [] }));
        if (s.orders[s.orders.length - 1] === o) s.units[s.units.length - 1] += l.quantity;
        else {
          s.orders.push(o);
          s.shipped.push(at);
          s.units.push(l.quantity);
        }
      }
    }
    // What the summary keeps: counts, not the customers' sets; the shipments in four typed arrays.
    const P = og.count('products');
    const from = new Int32Array(P + 1);
    for (const [p, s] of sales) from[p + 1] = s.orders.length;
    for (let p = 0; p < P; p++) from[p + 1] += from[p];
    const flat = { from, orders: new Int32Array(from[P]), shipped: new Float64Array(from[P]), units: new Int32Array(from[P]) };
    for (const [p, s] of sales) {
      flat.orders.set(s.orders, from[p]);
      flat.shipped.set(s.shipped, from[p]);
      flat.units.set(s.units, from[p]);
    }
    const idx: OrderIndex = { plaza: new Map(), day, sales: flat };
    for (const [k, v] of plaza) idx.plaza.set(k, { orders: v.orders, cents: v.cents, customers: v.customers.size });
    return idx;
  });
}

export default defineTable({
  table: 'orders',
  columns: ['id', 'order_number', 'status', 'total_amount', 'currency', 'customer_id', 'company_id', 'created_at', 'updated_at'],
  keys: { order_number: (_g, i) => orderNumber(i) },
  facts: orderFacts,
  find: {
    /** The order of order_items ordinal `value`. */
    item: (_g, item) => ITEMS.parentOf(Number(item)).parent,
  },
  tally: {
    /** Orders not cancelled of the customers of plaza (area code) and Mexico City month `${lada}|${YYYY-MM}`. */
    plazaOrders: (g, key) => orderIndex(g).plaza.get(String(key))?.orders ?? 0,
    /** Their revenue, in cents (a sum, not a count). */
    plazaRevenueCents: (g, key) => orderIndex(g).plaza.get(String(key))?.cents ?? 0,
    /** Their distinct customers. */
    plazaCustomers: (g, key) => orderIndex(g).plaza.get(String(key))?.customers ?? 0,
    /** Orders placed on the Mexico City date `value` (UTC midnight ms of the date). */
    dayOrders: (g, d) => orderIndex(g).day.get(Number(d))?.orders ?? 0,
    /** Revenue (cents) of the orders placed that day and not cancelled (a sum, not a count). */
    dayRevenueCents: (g, d) => orderIndex(g).day.get(Number(d))?.cents ?? 0,
    items: (g) => ITEMS.total(g.count('orders')),
    /** Orders surely placed before `before` (orders are in day order by ordinal). */
    before: (g, _v, before) => g.clock.countBefore('order', g.count('orders'), before ?? g.now),
  },
  row(g, i) {
    const f = g.facts('order_db', 'orders', i);
    // A delivered order whose goods came back (reverse_logistics_db) is `returned` from then on.
    let status: string = f.status;
    let updated = f.times.updated;
    const r = f.status === 'delivered' ? g.find('reverse_logistics_db', 'returns', 'order', i) : -1;
    if (r >= 0) {
      const back = g.facts('reverse_logistics_db', 'returns', r).times.received;
      if (back && back.getTime() < g.now.getTime()) {
        status = 'returned';
        updated = back;
      }
    }
    return {
      id: i + 1,
      order_number: orderNumber(i),
      status,
      total_amount: f.totalCents / 100,
      currency: 'MXN',
      customer_id: g.refAt('customer_id', f.customer),
      company_id: g.refAt('company_id', f.company),
      created_at: f.born,
      updated_at: updated,
    };
  },
});
