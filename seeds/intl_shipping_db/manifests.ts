import { defineTable, ordinalUuid, GenContext, RowFacts, rowRng, addDays, MX_TZ } from '../../src/seed/kit';
import { COUNTRIES } from './countries';
import { CARRIERS, Service } from './shipping_carriers';

/** Lines per manifest: up to the most lines an order has (a slot past the order's lines is no row). */
export const MAX_LINES = 4;
/** Quotes per manifest: one per service level. */
export const SERVICES: readonly Service[] = ['express', 'standard', 'economy'];
const ZONE: Record<string, { factor: number; days: number }> = {
  north_america: { factor: 1, days: 0 },
  central_america: { factor: 1.15, days: 1 },
  south_america: { factor: 1.55, days: 2 },
  europe: { factor: 1.8, days: 2 },
  asia: { factor: 2.1, days: 3 },
};
/** Per service: base charge and charge per kg (USD, before zone and carrier level), transit days before the zone's. */
const SERVICE: Record<Service, { base: number; perKg: number; perM3: number; days: readonly [number, number] }> = {
  express: { base: 32, perKg: 11.5, perM3: 60, days: [1, 3] },
  standard: { base: 17, perKg: 6, perM3: 32, days: [4, 7] },
  economy: { base: 9, perKg: 3.3, perM3: 18, days: [9, 16] },
};
const DAY = 86_400_000;

/** Banxico FIX (MXN per USD) of a date: a smooth drift between 17.2 and 19.8 with daily noise; pure in the date. */
export function fixRate(at: Date): number {
  const d = Math.floor(at.getTime() / DAY);
  const noise = ((Math.imul(d ^ 0x5bd1e995, 0x27d4eb2d) >>> 0) % 2001) / 2000 - 0.5;
  return Math.round((18.5 + 0.9 * Math.sin(d / 58) + 0.4 * Math.sin(d / 17) + 0.12 * noise) * 10_000) / 10_000;
}

export interface ManifestLine {
  product: number;
  quantity: number;
  weight: number;
  volume: number;
  value: number;
  hs: string;
  name: string;
}
export interface Quote {
  service: Service;
  carrier: string;
  base: number;
  weight: number;
  volume: number;
  fuel: number;
  insurance: number;
  total: number;
  days: number;
}
export interface ManifestFacts extends RowFacts {
  /** The international order shipped (order_db.orders ordinal); -1: no row (the order is too recent). */
  order: number;
  customer: number;
  company: number;
  country: string;
  zone: string;
  service: Service;
  lines: ManifestLine[];
  /** Sums of the lines: kg (3 decimals), m³ (3 decimals), USD (cents). */
  weightG: number;
  volumeL: number;
  valueCents: number;
  quotes: Quote[];
  /** Chosen quote (the order's service level). */
  chosen: Quote;
  status: string;
  times: { created: Date; submitted?: Date; in_transit?: Date; customs?: Date; delivered?: Date; cancelled?: Date; updated: Date };
}
declare module '../../src/seed/types' {
  interface FactsRegistry {
    'intl_shipping_db.manifests': ManifestFacts;
  }
}

const round2 = (x: number) => Math.round(x * 100) / 100;

/**
 * Manifest m ships one order of its stratum of orders [m·O/M, (m+1)·O/M) abroad (orders are in
 * time order, so manifests are too): the order's customer and merchant, its lines with their
 * product's HS code, weight (quantity × unit weight), volume and value (quantity × price at the
 * day's FIX rate, in USD). It is drawn up after the order is confirmed and before it ships;
 * carriers quote each service level; the order's service level is booked.
 */
function manifestFacts(g: GenContext, m: number): ManifestFacts {
  const rng = rowRng(g.seed, 'intl_shipping_db.manifests#facts', m);
  const O = g.count('orders', 'order_db'),
    M = Math.max(1, g.count('manifests', 'intl_shipping_db'));
  const lo = Math.floor((m * O) / M),
    size = Math.max(1, Math.floor(((m + 1) * O) / M) - lo);
  const o = Math.min(O - 1, lo + rng.int(size));
  const of = g.facts('order_db', 'orders', o);
  const nowMs = g.now.getTime();
  const ot = of.times;
  const created =
    ot.shipped && ot.confirmed
      ? new Date(ot.confirmed.getTime() + Math.floor((ot.shipped.getTime() - ot.confirmed.getTime()) * (0.15 + 0.5 * rng.float())))
      : new Date((ot.confirmed ?? of.born).getTime() + rng.range(10, 180) * 60_000);
  const [, iso, zone] = rng.weighted(COUNTRIES.map((c) => [c, c[3]] as const));
  const fx = fixRate(created);
  const lines: ManifestLine[] = of.lines.slice(0, MAX_LINES).map((l) => {
    const p = g.facts('order_db', 'products', l.product);
    const litres = (p.dims.length_cm * p.dims.width_cm * p.dims.height_cm) / 1000;
    return {
      product: l.product,
      quantity: l.quantity,
      weight: Math.round(l.quantity * p.weight * 1000) / 1000,
      volume: Math.max(0.001, Math.round(l.quantity * litres) / 1000),
      value: round2((l.quantity * l.unitPrice) / fx),
      hs: p.hs,
      name: p.name,
    };
  });
  let weightG = 0,
    volumeL = 0,
    valueCents = 0;
  for (const l of lines) {
    weightG += Math.round(l.weight * 1000);
    volumeL += Math.round(l.volume * 1000);
    valueCents += Math.round(l.value * 100);
  }
  const z = ZONE[zone];
  const quotes = SERVICES.map((service): Quote => {
    const s = SERVICE[service];
    const carriers = CARRIERS.filter((c) => c.services.includes(service));
    const c = carriers[rng.int(carriers.length)];
    const k = z.factor * c.level;
    const base = round2(s.base * k),
      weight = round2(s.perKg * k * (weightG / 1000)),
      volume = round2(s.perM3 * k * (volumeL / 1000));
    const fuel = round2((base + weight + volume) * c.fuel),
      insurance = round2((valueCents / 100) * 0.01);
    const days = rng.range(s.days[0], s.days[1]) + z.days;
    return { service, carrier: c.name, base, weight, volume, fuel, insurance, total: round2(base + weight + volume + fuel + insurance), days };
  });
  const service = of.service;
  const chosen = quotes[SERVICES.indexOf(service)];
  const times: ManifestFacts['times'] = { created, updated: created };
  times.submitted = new Date(created.getTime() + rng.range(20, 240) * 60_000);
  if (ot.cancelled) times.cancelled = new Date(Math.max(ot.cancelled.getTime(), times.submitted.getTime() + 60_000));
  else if (ot.shipped) {
    times.in_transit = new Date(Math.max(ot.shipped.getTime(), times.submitted.getTime() + 60_000));
    times.customs = g.clock.after(times.in_transit, Math.floor(chosen.days * 0.4 * 1440), Math.floor(chosen.days * 0.6 * 1440), rng, MX_TZ, 'business');
    if (ot.delivered) times.delivered = new Date(Math.max(ot.delivered.getTime(), times.customs.getTime() + 3_600_000));
  }
  for (const k of ['submitted', 'in_transit', 'customs', 'delivered', 'cancelled'] as const) if (times[k] && times[k]!.getTime() >= nowMs) delete times[k];
  const status = times.cancelled
    ? 'cancelled'
    : times.delivered
      ? 'delivered'
      : times.customs
        ? 'customs'
        : times.in_transit
          ? 'in_transit'
          : times.submitted
            ? 'submitted'
            : 'draft';
  times.updated = times.cancelled ?? times.delivered ?? times.customs ?? times.in_transit ?? times.submitted ?? created;
  const none = created.getTime() >= nowMs - 60_000;
  return {
    born: created,
    order: none ? -1 : o,
    customer: of.customer,
    company: of.company,
    place: of.place,
    country: iso,
    zone,
    service,
    lines,
    weightG,
    volumeL,
    valueCents,
    quotes,
    chosen,
    status,
    times,
  };
}

export default defineTable({
  table: 'manifests',
  columns: [
    'id',
    'unique_id',
    'status',
    'total_weight',
    'total_volume',
    'total_value',
    'currency',
    'origin_country',
    'destination_country',
    'shipping_zone',
    'estimated_delivery',
    'tracking_number',
    'company_id',
    'created_by',
    'created_at',
    'updated_at',
  ],
  facts: manifestFacts,
  row(g, i) {
    const f = g.facts('intl_shipping_db', 'manifests', i);
    if (f.order < 0) return null;
    const carrier = CARRIERS.find((c) => c.name === f.chosen.carrier)!;
    return {
      id: i + 1,
      unique_id: ordinalUuid(g.seed, 'intl.manifests', i),
      status: f.status,
      total_weight: f.weightG / 1000,
      total_volume: f.volumeL / 1000,
      total_value: f.valueCents / 100,
      currency: 'USD',
      origin_country: 'MX',
      destination_country: f.country,
      shipping_zone: f.zone,
      estimated_delivery: addDays(f.born, f.chosen.days),
      tracking_number: f.status === 'draft' ? null : `${carrier.code}${String(i + 1).padStart(10, '0')}MX`,
      company_id: g.refAt('company_id', f.company),
      created_by: g.refAt('created_by', f.customer),
      created_at: f.born,
      updated_at: f.times.updated,
    };
  },
});
