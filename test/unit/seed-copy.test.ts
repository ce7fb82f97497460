import { CopyWriter, copyField, copyLine, isoDay, isoUtc, parseCopyLine } from '../../src/seed/copy';
import type { CopyValue } from '../../src/seed/copy';
import { hex8, Rng } from '../../src/seed/prng';

describe('COPY text helpers', () => {
  it('isoUtc writes what Date#toISOString writes, edges included', () => {
    const edges = [
      0,
      -1,
      1,
      Date.UTC(2000, 1, 29),
      Date.UTC(1900, 1, 28, 23, 59, 59, 999),
      Date.UTC(2024, 1, 29, 12),
      Date.UTC(2026, 11, 31, 23, 59, 59, 999),
      -62_167_219_200_000, // 0000-01-01
      -62_167_219_200_001, // expanded year -000001
      253_402_300_799_999, // 9999-12-31T23:59:59.999Z
      253_402_300_800_000, // expanded year +010000
    ];
    for (const t of edges) expect(isoUtc(new Date(t))).toBe(new Date(t).toISOString());
    const rng = new Rng(7);
    const lo = Date.UTC(1800, 0, 1);
    const hi = Date.UTC(2200, 0, 1);
    for (let i = 0; i < 200_000; i++) {
      const d = new Date(lo + Math.floor(rng.float() * (hi - lo)));
      if (isoUtc(d) !== d.toISOString()) throw new Error(`${d.getTime()}: ${isoUtc(d)} vs ${d.toISOString()}`);
    }
    expect(() => isoUtc(new Date(NaN))).toThrow(RangeError);
  });

  it("isoDay writes Date#toISOString's date, edges included", () => {
    const day = (d: Date) => d.toISOString().slice(0, 10);
    for (const t of [0, -1, 1, 86_399_999, 86_400_000, Date.UTC(2028, 1, 29, 23, 59, 59, 999), 253_402_300_799_999, 253_402_300_800_000]) {
      expect(isoDay(new Date(t))).toBe(day(new Date(t)));
    }
    const rng = new Rng(11);
    const lo = Date.UTC(1800, 0, 1);
    const hi = Date.UTC(2200, 0, 1);
    for (let i = 0; i < 200_000; i++) {
      const d = new Date(lo + Math.floor(rng.float() * (hi - lo)));
      if (isoDay(d) !== day(d)) throw new Error(`${d.getTime()}: ${isoDay(d)} vs ${day(d)}`);
    }
    expect(() => isoDay(new Date(NaN))).toThrow(RangeError);
  });

  it('hex8 is eight lowercase hex digits of an unsigned 32-bit value', () => {
    for (const n of [0, 1, 15, 16, 255, 256, 0xdeadbeef, 0xffffffff, 0x80000000]) expect(hex8(n)).toBe(n.toString(16).padStart(8, '0'));
  });

  it('escapes what COPY text needs and reads back', () => {
    const values = ['a\tb', 'back\\slash', 'line\nbreak\r', null, 12.5, true, new Date(Date.UTC(2026, 0, 2, 3, 4, 5)), { k: 'v\t' }];
    const line = copyLine(values);
    expect(line.endsWith('\n')).toBe(true);
    expect(line.slice(0, -1).split('\t')).toHaveLength(values.length);
    expect(parseCopyLine(line)).toEqual(['a\tb', 'back\\slash', 'line\nbreak\r', null, '12.5', 't', '2026-01-02T03:04:05.000Z', '{"k":"v\\t"}']);
    expect(copyField(Number.NaN)).toBe('\\N');
  });

  describe('CopyWriter writes the bytes of copyLine', () => {
    const asLines = (rows: CopyValue[][]) => Buffer.from(rows.map((r) => copyLine(r)).join(''), 'utf8');
    const written = (rows: CopyValue[][], capacity = 1) => {
      const w = new CopyWriter(capacity);
      for (const r of rows) w.row(r);
      return w.bytes();
    };

    it('for the edges of each kind of value', () => {
      const long = 'x'.repeat(129);
      const rows: CopyValue[][] = [
        [null, undefined, '', 'a', true, false],
        // Integers: zero, negative zero, signs, powers of ten, the safe limits and past them.
        [0, -0, 1, -1, 9, 10, 99, 100, 101, 1e15, 2 ** 53 - 1, -(2 ** 53 - 1), 2 ** 53, 1e21, 1e22, -1e21],
        // Decimals: money, rates, coordinates; and those that are none of them.
        [0.1, 0.05, -0.05, 12.3, 12.34, 1234567.89, -19.4326, 99.120001, 0.000001, 1e-7, 1 / 3, Math.PI, 0.1 + 0.2, 5e-324, Number.MAX_VALUE],
        [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 123456789012.34, 9999999999999.99, 99_999_999_999_999.98],
        // Text: escapes, Latin-1, the rest of the BMP, astral (surrogates), lengths around 128.
        ['a\\b\tc\nd\re', 'añejo José Núñez', 'Ciudad de México', '€ ≠ ☃', 'emoji 😀 ok', '\u07ff\u0800\uffff', long, long.slice(1), long + 'ñ'],
        ['😀'.repeat(70), 'ñ'.repeat(200), '\\'.repeat(128), '\u0000x', '\ud800 lone', 'lone \udc00'],
        // Timestamps: around the epoch (before it, the string path), leap days, the year 9999 and past it.
        [new Date(0), new Date(-1), new Date(Date.UTC(2024, 1, 29, 23, 59, 59, 999)), new Date(253_402_300_799_999), new Date(253_402_300_800_000)],
        [new Date(Date.UTC(1969, 11, 31, 23, 59, 59, 1)), new Date(Date.UTC(2026, 0, 1, 0, 0, 0, 7)), new Date(Date.UTC(2026, 11, 31, 5, 6, 7, 89))],
        // JSON and arrays (jsonb columns).
        [{ k: 'v\t', n: 1.5, nested: { a: [1, 'ñ'] } }, [1, 2, 3], ['a\nb']],
      ];
      expect(written(rows).equals(asLines(rows))).toBe(true);
      // One writer for many rows, from a tiny buffer: it grows without losing a byte.
      expect(written([...rows, ...rows, ...rows], 1).equals(asLines([...rows, ...rows, ...rows]))).toBe(true);
      expect(() => written([[new Date(Number.NaN)]])).toThrow(RangeError);
    });

    it('for 200,000 random values of every kind', () => {
      const rng = new Rng(11);
      const alphabet = ['a', 'Z', '0', ' ', '\\', '\t', '\n', '\r', 'ñ', 'é', '€', '😀', '-', '@', '.'];
      const value = (): CopyValue => {
        switch (rng.int(8)) {
          case 0:
            return null;
          case 1:
            return rng.int(2_000_000_001) - 1_000_000_000;
          case 2:
            return Math.round((rng.float() - 0.5) * 10 ** (2 + rng.int(12))) / 10 ** rng.int(7);
          case 3:
            return (rng.float() - 0.5) * 10 ** rng.int(30);
          case 4:
            return new Date(Date.UTC(1900, 0, 1) + Math.floor(rng.float() * 300 * 365.25 * 86_400_000));
          case 5:
            return rng.chance(0.5);
          default:
            return Array.from({ length: rng.int(160) }, () => alphabet[rng.int(alphabet.length)]).join('');
        }
      };
      const rows: CopyValue[][] = [];
      for (let i = 0; i < 25_000; i++) rows.push(Array.from({ length: 8 }, value));
      expect(written(rows, 4096).equals(asLines(rows))).toBe(true);
    });
  });
});
