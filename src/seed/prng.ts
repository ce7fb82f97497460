/**
 * Deterministic randomness: every value derives from (seed, table, ordinal) through a 32-bit
 * hash, never from one shared sequence, so changing one table's generator cannot reshuffle
 * another table's values. Row streams are sfc32 seeded from that hash (fast, good quality).
 */

/** FNV-1a over a string, then a murmur3 finaliser. */
export function hashString(s: string, h = 0x811c9dc5): number {
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return fmix(h >>> 0);
}

export function fmix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Mixes a 32-bit base with a (non-negative, < 2^53) integer. */
export function mix(base: number, n: number): number {
  const lo = n >>> 0;
  const hi = Math.floor(n / 4294967296) >>> 0;
  return fmix((fmix((base ^ lo) >>> 0) + Math.imul(hi ^ 0x9e3779b9, 0x27d4eb2d)) >>> 0);
}

export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;
  constructor(seed: number) {
    this.a = seed >>> 0;
    this.b = 0x9e3779b9;
    this.c = 0x243f6a88;
    this.d = 0xb7e15162 ^ seed;
    for (let i = 0; i < 12; i++) this.next();
  }
  /** Next 32-bit unsigned integer (sfc32). */
  next(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }
  /** Uniform in [0, 1). */
  float(): number {
    return this.next() / 4294967296;
  }
  /** Integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.float() * n);
  }
  /** Integer in [lo, hi]. */
  range(lo: number, hi: number): number {
    return lo + this.int(hi - lo + 1);
  }
  /** Float in [lo, hi) rounded to `decimals`. */
  money(lo: number, hi: number, decimals = 2): number {
    const f = 10 ** decimals;
    return Math.round((lo + this.float() * (hi - lo)) * f) / f;
  }
  chance(p: number): boolean {
    return this.float() < p;
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)];
  }
  /** Picks by weights given as [value, weight] pairs. */
  weighted<T>(items: ReadonlyArray<readonly [T, number]>): T {
    let total = 0;
    for (const [, w] of items) total += w;
    let x = this.float() * total;
    for (const [v, w] of items) {
      x -= w;
      if (x < 0) return v;
    }
    return items[items.length - 1][0];
  }
  /** `len` lowercase hex digits, eight per 32-bit draw (the first digits of each draw first). */
  hex(len: number): string {
    const out = scratch(len + 7);
    let n = 0;
    while (n < len) n = putHex(out, n, this.next(), 8);
    return out.toString('latin1', 0, len);
  }
  /** `len` characters of the bcrypt alphabet, five per 32-bit draw. */
  bcrypt(len: number): string {
    const out = scratch(len);
    let n = 0;
    while (n < len) {
      let x = this.next();
      for (let k = 0; k < 5 && n < len; k++, x >>>= 6) out[n++] = BCRYPT_ALPHABET[x & 63];
    }
    return out.toString('latin1', 0, n);
  }
  chars(alphabet: string, len: number): string {
    let s = '';
    for (let i = 0; i < len; i++) s += alphabet[this.int(alphabet.length)];
    return s;
  }
}

/**
 * Strings of ASCII characters made one character at a time (keys, hashes, tokens) are written
 * into these bytes and read out as one string: concatenating characters makes a string per
 * step, and a UUID's template made ten (a medium seed makes millions of keys).
 */
let SCRATCH = Buffer.alloc(256);
function scratch(len: number): Buffer {
  if (SCRATCH.length < len) SCRATCH = Buffer.alloc(len * 2);
  return SCRATCH;
}
const HEX_DIGITS = Buffer.from('0123456789abcdef', 'latin1');
const BCRYPT_ALPHABET = Buffer.from('./ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789', 'latin1');
/** The last `digits` hex digits of the 32-bit unsigned `n` at out[at…]; returns the end. */
function putHex(out: Buffer, at: number, n: number, digits: number): number {
  for (let k = at + digits - 1; k >= at; k--, n >>>= 4) out[k] = HEX_DIGITS[n & 15];
  return at + digits;
}

/** The stream of one row: seed + table + ordinal. */
export function rowRng(seed: number, table: string, ordinal: number): Rng {
  return new Rng(mix(hashString(table, seed >>> 0), ordinal));
}

/** A 32-bit unsigned integer as eight lowercase hex digits (`putHex`, as the keys and tokens above). */
export function hex8(n: number): string {
  const out = scratch(8);
  return out.toString('latin1', 0, putHex(out, 0, n, 8));
}

/** A hash per tag, computed once (at most 1024 tags kept: a generator's tags are a few constants). */
export function hashesByTag(hash: (tag: string) => number): (tag: string) => number {
  const known = new Map<string, number>();
  return (tag) => {
    let h = known.get(tag);
    if (h === undefined) {
      h = hash(tag);
      if (known.size < 1024) known.set(tag, h);
    }
    return h;
  };
}

/** The hash of each UUID tag under one seed (tags are few; ordinalUuid runs for every key). */
let uuidKeys = hashesByTag(() => 0);
let uuidKeysSeed = -1;

/** A UUID-shaped id that embeds the ordinal (unique by construction) behind hashed bits. */
export function ordinalUuid(seed: number, tag: string, ordinal: number): string {
  if (uuidKeysSeed !== seed) {
    uuidKeys = hashesByTag((t) => hashString(t, seed >>> 0));
    uuidKeysSeed = seed;
  }
  const key = uuidKeys(tag);
  const h1 = mix(key, ordinal);
  const h2 = fmix(h1 ^ 0x5bd1e995);
  const c = fmix(h2 ^ 0x27d4eb2d);
  const o = scramble48(key, ordinal);
  // xxxxxxxx-xxxx-4xxx-Vxxx-xxxxxxxxxxxx: h1; the high half of h2; version 4 and h2's last three
  // digits; the variant (8, 9, a or b from h2) and three digits of c; the scrambled ordinal.
  const out = scratch(36);
  putHex(out, 0, h1, 8);
  out[8] = DASH;
  putHex(out, 9, h2 >>> 16, 4);
  out[13] = DASH;
  out[14] = 0x34; // 4
  putHex(out, 15, h2, 3);
  out[18] = DASH;
  out[19] = HEX_DIGITS[8 + (h2 & 3)];
  putHex(out, 20, c >>> 16, 3);
  out[23] = DASH;
  putHex(out, 24, Math.floor(o / 4294967296), 4);
  putHex(out, 28, o >>> 0, 8);
  return out.toString('latin1', 0, 36);
}
const DASH = 0x2d;

/**
 * A keyed bijection of [0, 2^48): a four-round Feistel network over two 24-bit halves. The
 * UUID's last group is the scrambled ordinal, so keys stay unique by construction without
 * showing the row number (no `…-000000001f3a` tails).
 */
export function scramble48(key: number, n: number): number {
  let l = Math.floor(n / 16777216) & 0xffffff,
    r = n & 0xffffff;
  for (let round = 0; round < 4; round++) {
    const f = mix((key + Math.imul(round + 1, 0x9e3779b9)) >>> 0, r) & 0xffffff;
    const next = (l ^ f) & 0xffffff;
    l = r;
    r = next;
  }
  return l * 16777216 + r;
}
