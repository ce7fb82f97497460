import { commaList, nonNegativeNumber, wholeNumber } from '../../src/cli/options';
import { exitCode, fleetReport } from '../../src/result';
import { QuentyError } from '../../src/util/errors';
import { migrationStatusOk } from '../../src/migrate';
import { partitionStatusOk } from '../../src/partitions';

function usageError(fn: () => unknown): QuentyError {
  try {
    fn();
  } catch (e) {
    return e as QuentyError;
  }
  throw new Error('expected a usage error');
}

describe('option parsers (src/cli/options.ts)', () => {
  it('wholeNumber takes digits within its range and refuses the rest as a USAGE error naming the option and the value', () => {
    expect(wholeNumber('--jobs', 1)('8')).toBe(8);
    expect(wholeNumber('--compress', 0, 9)('0')).toBe(0);
    for (const bad of ['0', '-1', '1.5', '', 'x', '1e3', ' 2']) {
      const e = usageError(() => wholeNumber('--jobs', 1)(bad));
      expect(e).toBeInstanceOf(QuentyError);
      expect(e.code).toBe('USAGE');
      expect(e.message).toBe(`--jobs must be a whole number >= 1, got "${bad}"`);
    }
    expect(usageError(() => wholeNumber('--compress', 0, 9)('10')).message).toBe('--compress must be a whole number from 0 to 9, got "10"');
  });

  it('nonNegativeNumber takes decimals within [0, max]', () => {
    expect(nonNegativeNumber('--keep-days')('2.5')).toBe(2.5);
    expect(nonNegativeNumber('--min-coverage', 100)('100')).toBe(100);
    expect(usageError(() => nonNegativeNumber('--min-coverage', 100)('100.5')).message).toBe('--min-coverage must be a number from 0 to 100, got "100.5"');
    expect(usageError(() => nonNegativeNumber('--keep-days')('-1')).code).toBe('USAGE');
  });

  it('commaList drops blanks and trims', () => {
    expect(commaList(' a, b,,c ,')).toEqual(['a', 'b', 'c']);
    expect(commaList('')).toEqual([]);
  });
});

describe('the result contract (src/result.ts)', () => {
  it('a fleet report is ok when every database is, and implies exit status 0, else 1', () => {
    const good = fleetReport([
      { database: 'a', ok: true },
      { database: 'b', ok: true },
    ]);
    expect(good).toEqual({
      ok: true,
      databases: [
        { database: 'a', ok: true },
        { database: 'b', ok: true },
      ],
    });
    expect(exitCode(good)).toBe(0);
    const bad = fleetReport([
      { database: 'a', ok: true },
      { database: 'b', ok: false, error: 'unreachable' },
    ]);
    expect(bad.ok).toBe(false);
    expect(exitCode(bad)).toBe(1);
    expect(fleetReport([]).ok).toBe(true);
  });

  it('migrate status is ok only when every database is reachable and no applied migration changed', () => {
    const row = { reachable: true, problems: [] as string[] };
    expect(migrationStatusOk([row, row] as never)).toBe(true);
    expect(migrationStatusOk([row, { ...row, reachable: false }] as never)).toBe(false);
    expect(migrationStatusOk([{ ...row, problems: ['x.ts was edited after it ran'] }] as never)).toBe(false);
  });

  it('partitions status fails on an error or a missing index, and on a warning only when strict', () => {
    const row = { error: undefined, missingIndexes: [] as unknown[], warnings: [] as string[] };
    const warned = { ...row, warnings: ['3 rows in DEFAULT'] };
    expect(partitionStatusOk([row] as never)).toBe(true);
    expect(partitionStatusOk([warned] as never)).toBe(true);
    expect(partitionStatusOk([warned] as never, true)).toBe(false);
    expect(partitionStatusOk([{ ...row, error: 'unreachable' }] as never)).toBe(false);
    expect(partitionStatusOk([{ ...row, missingIndexes: [{ partition: 'p', index: 'i' }] }] as never)).toBe(false);
  });
});
