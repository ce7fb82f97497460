import { copyField, copyLine, isoUtc, parseCopyLine } from '../../src/seed/copy';
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
});
