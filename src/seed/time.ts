import { utcOffsetMinutes } from './geo';
import { Rng } from './prng';

/**
 * The time model of the seeded world: which days and hours events happen on.
 *
 * A *timeline* is a density over the local calendar days of the data window (the 18 months
 * before the anchor): growth over the window × seasonality (Buen Fin, December peak, January
 * dip) × day of week. Rows of a table are stratified over its cumulative distribution: row i of
 * n lands at the quantile (i + jitter) / n, so a table's rows are in time order by ordinal and
 * "how many rows lie before day d" is one multiplication (no search, no state). The hour comes
 * from an hour-of-day profile in the LOCAL time of the place, converted to UTC with the IANA
 * zone of that place (Intl, so DST of the border cities is right).
 */

export type DayKind = 'signup' | 'company' | 'catalogue' | 'order' | 'business' | 'hire' | 'opening' | 'flat';
export type HourProfile = 'consumer' | 'business' | 'office' | 'any';

/** Default IANA zone (most of Mexico; no DST since 2022). */
export const MX_TZ = 'America/Mexico_City';

/**
 * IANA zone of a Mexican city (the zones that differ from Mexico City's). The bundled geography
 * may carry the zone itself; this is the fallback by name.
 */
const CITY_TZ: Record<string, string> = {
  Tijuana: 'America/Tijuana',
  Mexicali: 'America/Tijuana',
  Ensenada: 'America/Tijuana',
  Tecate: 'America/Tijuana',
  'Playas de Rosarito': 'America/Tijuana',
  Hermosillo: 'America/Hermosillo',
  'Ciudad Obregón': 'America/Hermosillo',
  Nogales: 'America/Hermosillo',
  Navojoa: 'America/Hermosillo',
  Guaymas: 'America/Hermosillo',
  'San Luis Río Colorado': 'America/Hermosillo',
  'La Paz': 'America/Mazatlan',
  'Los Cabos': 'America/Mazatlan',
  'San José del Cabo': 'America/Mazatlan',
  'Cabo San Lucas': 'America/Mazatlan',
  Culiacán: 'America/Mazatlan',
  Mazatlán: 'America/Mazatlan',
  'Los Mochis': 'America/Mazatlan',
  Tepic: 'America/Mazatlan',
  Cancún: 'America/Cancun',
  Chetumal: 'America/Cancun',
  'Playa del Carmen': 'America/Cancun',
  Tulum: 'America/Cancun',
  Cozumel: 'America/Cancun',
  'Ciudad Juárez': 'America/Ciudad_Juarez',
  Chihuahua: 'America/Chihuahua',
  Reynosa: 'America/Matamoros',
  Matamoros: 'America/Matamoros',
  'Nuevo Laredo': 'America/Matamoros',
  'Piedras Negras': 'America/Matamoros',
  'Ciudad Acuña': 'America/Matamoros',
};
export function cityTz(city: string, state?: string): string {
  return (
    CITY_TZ[city] ??
    (state === 'Baja California'
      ? 'America/Tijuana'
      : state === 'Sonora'
        ? 'America/Hermosillo'
        : state === 'Quintana Roo'
          ? 'America/Cancun'
          : state === 'Baja California Sur' || state === 'Sinaloa' || state === 'Nayarit'
            ? 'America/Mazatlan'
            : MX_TZ)
  );
}

/** Hour-of-day weights (local time, 0..23). */
const HOURS: Record<HourProfile, number[]> = {
  // People shopping: little at night, lunch and evening peaks.
  consumer: [0.35, 0.18, 0.1, 0.07, 0.07, 0.15, 0.4, 0.9, 1.5, 2.1, 2.6, 2.9, 3.2, 3.3, 3.0, 2.8, 2.8, 3.0, 3.3, 3.7, 4.0, 3.8, 2.8, 1.3],
  // Field operations: 08:00-19:00.
  business: [0, 0, 0, 0, 0, 0, 0, 0, 2.5, 3, 3, 3, 2.6, 2.4, 2.8, 3, 2.8, 2.4, 1.6, 0.6, 0, 0, 0, 0],
  // Office staff: 09:00-18:00.
  office: [0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 3, 3, 2.5, 1.5, 2.5, 3, 2.5, 1.5, 0.5, 0, 0, 0, 0, 0],
  any: new Array(24).fill(1),
};

/** Day-of-week weights, Sunday first. */
const DOW: Record<DayKind, number[]> = {
  signup: [0.85, 1.1, 1.05, 1.0, 1.0, 0.95, 0.9],
  company: [0.1, 1.2, 1.2, 1.2, 1.2, 1.1, 0.3],
  catalogue: [0.2, 1.2, 1.2, 1.2, 1.2, 1.1, 0.4],
  order: [0.8, 1.12, 1.08, 1.04, 1.0, 0.98, 0.85],
  business: [0, 1, 1, 1, 1, 1, 0.45],
  hire: [0, 1, 1, 1, 1, 1, 0],
  opening: [0.2, 1, 1, 1, 1, 1, 0.6],
  flat: [1, 1, 1, 1, 1, 1, 1],
};

/** Growth over the window: the last month has this many times the first month's activity. */
const GROWTH: Record<DayKind, number> = { signup: 2.2, company: 1.6, catalogue: 1.4, order: 3, business: 3, hire: 2.2, opening: 1.5, flat: 1 };

const DAY = 86_400_000;

/** Buen Fin: the Friday before the third Monday of November through that Monday (holiday weekend). */
export function buenFinDays(year: number): { from: number; to: number } {
  const nov1 = Date.UTC(year, 10, 1);
  const dow = new Date(nov1).getUTCDay();
  const firstMonday = 1 + ((8 - dow) % 7);
  const thirdMonday = Date.UTC(year, 10, firstMonday + 14);
  return { from: thirdMonday - 3 * DAY, to: thirdMonday };
}

/** Seasonal multiplier of a local calendar day (ms of its UTC midnight label). */
export function season(kind: DayKind, dayMs: number): number {
  if (kind === 'flat' || kind === 'hire' || kind === 'opening') return 1;
  const d = new Date(dayMs);
  const m = d.getUTCMonth();
  const day = d.getUTCDate();
  const bf = buenFinDays(d.getUTCFullYear());
  const strong = kind === 'order' || kind === 'business';
  if (dayMs >= bf.from && dayMs <= bf.to) return strong ? 3.2 : 1.8;
  if (m === 11) return day <= 23 ? (strong ? 1.7 : 1.3) : day <= 25 ? 0.8 : 1.1;
  if (m === 0) return day <= 6 ? (strong ? 1.15 : 1) : 0.72; // Reyes, then the January dip
  if (m === 4 && day >= 1 && day <= 10) return strong ? 1.2 : 1.05; // Día de las Madres
  if (m === 8 && day >= 15 && day <= 16) return 0.7; // Fiestas patrias
  return 1;
}

/** The cumulative distribution of one kind of event over the days of the window. */
export class Timeline {
  /** cdf[d] = share of events on days before d (cdf[0] = 0, cdf[days] = 1). */
  readonly cdf: Float64Array;
  constructor(
    readonly kind: DayKind,
    readonly firstDay: number,
    readonly days: number,
  ) {
    const w = new Float64Array(days);
    let sum = 0;
    const g = Math.log(GROWTH[kind]);
    for (let d = 0; d < days; d++) {
      const ms = firstDay + d * DAY;
      const x = g * (d / Math.max(1, days - 1));
      w[d] = Math.exp(x) * season(kind, ms) * DOW[kind][new Date(ms).getUTCDay()];
      sum += w[d];
    }
    this.cdf = new Float64Array(days + 1);
    for (let d = 0; d < days; d++) this.cdf[d + 1] = this.cdf[d] + w[d] / sum;
    this.cdf[days] = 1;
  }

  /** The day index of quantile u ∈ [0, 1) (binary search, ~10 steps). */
  dayOf(u: number): number {
    let lo = 0,
      hi = this.days - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.cdf[mid] <= u) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /** Rows (of n stratified rows) whose day lies strictly before day `d`. */
  countBefore(n: number, d: number): number {
    if (d <= 0) return 0;
    if (d >= this.days) return n;
    return Math.floor(n * this.cdf[d]);
  }
}

/**
 * Offsets of IANA zones for the clock: `utcOffsetMinutes` (src/seed/geo.ts: per zone and year,
 * the instants where the offset changes, found through Intl once) read at the start of the hour.
 */
export class Zones {
  /** Minutes to add to UTC to get local time in `tz` at instant `ms` (its hour's offset). */
  offsetMinutes(tz: string, ms: number): number {
    return utcOffsetMinutes(tz, Math.floor(ms / 3_600_000) * 3_600_000);
  }

  /** The instant of local wall time `dayMs` (UTC midnight label of the local date) + `minutes` in `tz`. */
  localToUtc(tz: string, dayMs: number, minutes: number): Date {
    const wall = dayMs + minutes * 60_000;
    let utc = wall - this.offsetMinutes(tz, wall) * 60_000;
    // Second pass: the offset at the instant itself (differs only across a DST change).
    utc = wall - this.offsetMinutes(tz, utc) * 60_000;
    return new Date(utc);
  }

  /** Local wall time of an instant: { dayMs (UTC midnight label of the local date), minutes }. */
  utcToLocal(tz: string, at: Date): { dayMs: number; minutes: number } {
    const wall = at.getTime() + this.offsetMinutes(tz, at.getTime()) * 60_000;
    const dayMs = Math.floor(wall / DAY) * DAY;
    return { dayMs, minutes: Math.floor((wall - dayMs) / 60_000) };
  }
}

/** Cumulative hour weights, per profile. */
const HOUR_CDF: Record<HourProfile, Float64Array> = Object.fromEntries(
  (Object.keys(HOURS) as HourProfile[]).map((k) => {
    const w = HOURS[k];
    const s = w.reduce((a, b) => a + b, 0);
    const c = new Float64Array(25);
    for (let h = 0; h < 24; h++) c[h + 1] = c[h] + w[h] / s;
    c[24] = 1;
    return [k, c];
  }),
) as Record<HourProfile, Float64Array>;

/**
 * A local minute of the day drawn from an hour profile, inside [fromMin, toMin) when given;
 * -1 when the profile has no weight there (a business profile after hours).
 */
export function localMinute(rng: Rng, profile: HourProfile, fromMin = 0, toMin = 1440): number {
  const c = HOUR_CDF[profile];
  const lo = c[Math.floor(fromMin / 60)],
    hi = c[Math.ceil(toMin / 60)];
  if (hi - lo < 1e-9) return -1;
  const u = lo + rng.float() * (hi - lo);
  let h = Math.floor(fromMin / 60);
  while (h < 23 && (c[h + 1] <= u || c[h + 1] - c[h] < 1e-12)) h++;
  const m = h * 60 + rng.int(60);
  return Math.min(toMin - 1, Math.max(fromMin, m));
}

/** Every timeline and zone of one world (`now` fixed): built once per worker, O(1) afterwards. */
export class TimeModel {
  readonly firstDay: number;
  readonly days: number;
  readonly zones = new Zones();
  private lines = new Map<DayKind, Timeline>();
  constructor(
    readonly now: Date,
    firstMonth: Date,
  ) {
    this.firstDay = firstMonth.getTime();
    this.days = Math.max(1, Math.round((now.getTime() - this.firstDay) / DAY));
  }

  line(kind: DayKind): Timeline {
    let t = this.lines.get(kind);
    if (!t) this.lines.set(kind, (t = new Timeline(kind, this.firstDay, this.days)));
    return t;
  }

  /** UTC midnight label of day index d. */
  dayMs(d: number): number {
    return this.firstDay + d * DAY;
  }

  /** Day index of a local date label (clamped to the window). */
  dayIndex(dayMs: number): number {
    return Math.min(this.days - 1, Math.max(0, Math.floor((dayMs - this.firstDay) / DAY)));
  }
}
