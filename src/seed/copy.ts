/**
 * PostgreSQL COPY text format: tab-separated, `\N` for NULL, backslash escapes. Objects are
 * written as JSON (for jsonb columns), Dates as UTC ISO timestamps.
 */
export type CopyValue = string | number | boolean | null | undefined | Date | object;

export function copyField(v: CopyValue): string {
  if (v === null || v === undefined) return '\\N';
  let s: string;
  if (typeof v === 'string') s = v;
  else if (typeof v === 'number') return Number.isFinite(v) ? String(v) : '\\N';
  else if (typeof v === 'boolean') return v ? 't' : 'f';
  else if (v instanceof Date) return isoUtc(v);
  else s = JSON.stringify(v);
  // Fast path: most values need no escaping.
  if (!/[\\\t\n\r]/.test(s)) return s;
  return s.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r');
}

const P2: readonly string[] = Array.from({ length: 100 }, (_, i) => (i < 10 ? '0' : '') + i);
const P3: readonly string[] = Array.from({ length: 1000 }, (_, i) => String(i).padStart(3, '0'));
const DAY_MS = 86_400_000;

/**
 * `Date#toISOString()`, in arithmetic (the civil-from-days algorithm of H. Hinnant): the same
 * string about three times faster, which matters with a few million timestamps per seed. Years
 * outside 0000–9999 (expanded ISO years) and invalid dates go to toISOString itself.
 */
export function isoUtc(d: Date): string {
  const ms = d.getTime();
  if (!(ms >= -62_167_219_200_000 && ms < 253_402_300_800_000)) return d.toISOString();
  const [year, month, day, h, mi, sec, milli] = civil(ms);
  const y = year < 1000 ? String(year).padStart(4, '0') : String(year);
  return `${y}-${P2[month]}-${P2[day]}T${P2[h]}:${P2[mi]}:${P2[sec]}.${P3[milli]}Z`;
}

/** `Date#toISOString().slice(0, 10)`: the UTC date, YYYY-MM-DD, in arithmetic as `isoUtc`. */
export function isoDay(d: Date): string {
  const ms = d.getTime();
  if (!(ms >= 0 && ms < 253_402_300_800_000)) return d.toISOString().slice(0, 10);
  const c = civil(ms);
  return `${c[0]}-${P2[c[1]]}-${P2[c[2]]}`;
}

/** Year, month, day, hour, minute, second, millisecond of a UTC instant (one array, reused). */
const CIVIL = new Int32Array(7);
function civil(ms: number): Int32Array {
  const days = Math.floor(ms / DAY_MS);
  let rem = ms - days * DAY_MS;
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const month = mp < 10 ? mp + 3 : mp - 9;
  CIVIL[0] = yoe + era * 400 + (month <= 2 ? 1 : 0);
  CIVIL[1] = month;
  CIVIL[2] = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const h = Math.floor(rem / 3_600_000);
  rem -= h * 3_600_000;
  const mi = Math.floor(rem / 60_000);
  rem -= mi * 60_000;
  const sec = Math.floor(rem / 1000);
  CIVIL[3] = h;
  CIVIL[4] = mi;
  CIVIL[5] = sec;
  CIVIL[6] = rem - sec * 1000;
  return CIVIL;
}

/** One row as a COPY text line: the plain statement of the format, which CopyWriter is tested against. */
export function copyLine(values: readonly CopyValue[]): string {
  let out = copyField(values[0]);
  for (let i = 1; i < values.length; i++) out += '\t' + copyField(values[i]);
  return out + '\n';
}

/** Parses one COPY text line back (tests). */
export function parseCopyLine(line: string): Array<string | null> {
  return line
    .replace(/\n$/, '')
    .split('\t')
    .map((f) => (f === '\\N' ? null : f.replace(/\\(.)/g, (_, ch: string) => (ch === 't' ? '\t' : ch === 'n' ? '\n' : ch === 'r' ? '\r' : ch))));
}

/** Digits of each part of a civil time (`civil`'s order), and the character written after it. */
const WIDTHS = [4, 2, 2, 2, 2, 2, 3];
const AFTER = [0x2d, 0x2d, 0x54, 0x3a, 0x3a, 0x2e, 0x5a]; // - - T : : . Z

const BACKSLASH = 0x5c;
const TAB = 0x09;
const NEWLINE = 0x0a;
const CR = 0x0d;

/**
 * COPY text rows written straight into one growing buffer: the same bytes as `copyLine` (tested
 * against it), without a string per field or per line. Integers and timestamps are written as
 * digits, short ASCII strings byte by byte, and only the rest (fractions, long or non-ASCII text,
 * JSON) goes through a string. For a medium seed this is a third of the generating threads' time
 * and most of the garbage they make.
 */
export class CopyWriter {
  buf: Buffer;
  off = 0;

  constructor(capacity: number) {
    // Never pooled: the buffer can be transferred to another thread.
    this.buf = Buffer.allocUnsafeSlow(Math.max(4096, capacity));
  }

  /** The rows written so far (a view of the buffer). */
  bytes(): Buffer {
    return this.buf.subarray(0, this.off);
  }

  row(values: readonly CopyValue[]): void {
    for (let i = 0; i < values.length; i++) {
      if (i) this.byte(TAB);
      this.field(values[i]);
    }
    this.byte(NEWLINE);
  }

  private room(n: number): void {
    if (this.off + n <= this.buf.length) return;
    const bigger = Buffer.allocUnsafeSlow(Math.max(this.buf.length * 2, this.off + n));
    this.buf.copy(bigger, 0, 0, this.off);
    this.buf = bigger;
  }

  private byte(b: number): void {
    this.room(1);
    this.buf[this.off++] = b;
  }

  private field(v: CopyValue): void {
    if (v === null || v === undefined) {
      this.room(2);
      this.buf[this.off++] = BACKSLASH;
      this.buf[this.off++] = 0x4e; // N
    } else if (typeof v === 'string') this.text(v);
    else if (typeof v === 'number') {
      // Integers print as their digits (String does the same below 1e21); the rest as String does.
      if (Number.isSafeInteger(v)) this.integer(v);
      else if (!this.decimal(v)) this.raw(copyField(v));
    } else if (typeof v === 'boolean') this.byte(v ? 0x74 : 0x66);
    else if (v instanceof Date) this.timestamp(v);
    else this.raw(copyField(v));
  }

  /** A field already in COPY's form (escaped). */
  private raw(s: string): void {
    this.room(s.length * 3);
    this.off += this.buf.write(s, this.off, 'utf8');
  }

  private integer(v: number): void {
    this.room(17);
    const buf = this.buf;
    if (v < 0) {
      buf[this.off++] = 0x2d; // -
      v = -v;
    }
    if (v < 10) {
      buf[this.off++] = 0x30 + v;
      return;
    }
    let digits = 1;
    for (let p = 10; p <= v; p *= 10) digits++;
    let at = this.off + digits;
    this.off = at;
    while (v >= 10) {
      const q = Math.floor(v / 10);
      buf[--at] = 0x30 + (v - q * 10);
      v = q;
    }
    buf[--at] = 0x30 + v;
  }

  /**
   * A number with at most 2, 4 or 6 decimals (money, rates, coordinates) as String prints it.
   * When v is the double nearest to c / 10^k for an integer c under 10^15, no shorter decimal
   * reaches v (two decimals of at most 15 significant digits never round to the same double),
   * so String(v) is that decimal without its trailing zeros. False: not such a number.
   */
  private decimal(v: number): boolean {
    for (let k = 2; k <= 6; k += 2) {
      const scale = k === 2 ? 100 : k === 4 ? 10_000 : 1_000_000;
      const c = Math.round(v * scale);
      if (c / scale !== v || !(Math.abs(c) < 1e15)) continue;
      let a = Math.abs(c);
      if (c < 0) this.byte(0x2d);
      const whole = Math.floor(a / scale);
      a -= whole * scale;
      this.integer(whole);
      // v is not an integer, so a > 0: its digits, without the trailing zeros.
      this.room(k + 1);
      const buf = this.buf;
      buf[this.off++] = 0x2e;
      let last = this.off;
      for (let d = scale / 10; d >= 1; d /= 10) {
        const digit = Math.floor(a / d);
        a -= digit * d;
        buf[this.off++] = 0x30 + digit;
        if (digit) last = this.off;
      }
      this.off = last;
      return true;
    }
    return false;
  }

  /** Text with COPY's escapes, encoded as UTF-8 in a loop up to 128 characters (no surrogates). */
  private text(s: string): void {
    const n = s.length;
    if (n <= 128) {
      this.room(n * 3);
      const buf = this.buf;
      let off = this.off;
      let i = 0;
      for (; i < n; i++) {
        const c = s.charCodeAt(i);
        if (c < 0x80) {
          if (c === BACKSLASH || c === TAB || c === NEWLINE || c === CR) {
            buf[off++] = BACKSLASH;
            buf[off++] = c === BACKSLASH ? BACKSLASH : c === TAB ? 0x74 : c === NEWLINE ? 0x6e : 0x72;
          } else buf[off++] = c;
        } else if (c < 0x800) {
          buf[off++] = 0xc0 | (c >> 6);
          buf[off++] = 0x80 | (c & 0x3f);
        } else if (c < 0xd800 || c > 0xdfff) {
          buf[off++] = 0xe0 | (c >> 12);
          buf[off++] = 0x80 | ((c >> 6) & 0x3f);
          buf[off++] = 0x80 | (c & 0x3f);
        } else break;
      }
      if (i === n) {
        this.off = off;
        return;
      }
    }
    this.raw(copyField(s));
  }

  /** `isoUtc` as bytes. */
  private timestamp(d: Date): void {
    const ms = d.getTime();
    if (!(ms >= 0 && ms < 253_402_300_800_000)) {
      this.raw(isoUtc(d));
      return;
    }
    this.room(24);
    const buf = this.buf;
    const c = civil(ms);
    // YYYY-MM-DDTHH:MM:SS.mmmZ: each part's digits, then the character after it.
    let o = this.off;
    for (let i = 0; i < 7; i++) {
      const width = WIDTHS[i];
      for (let k = width - 1, x = c[i]; k >= 0; k--, x = Math.floor(x / 10)) buf[o + k] = 0x30 + (x % 10);
      o += width;
      buf[o++] = AFTER[i];
    }
    this.off = o;
  }
}
