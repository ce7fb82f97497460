import { Option } from 'commander';
import { QuentyError } from '../util/errors';

/**
 * The options the commands share, defined once. Every bad value is a QuentyError('USAGE'): the
 * CLI prints `error: …` and exits 2. A database selection is checked by the library
 * (`ctx.select`): `--db` is passed to it as given.
 */

/** `--db <names>`: a comma-separated selection of the registry's databases (`quenty-db` lists them). */
export function dbOption(what = 'databases', defaultText = 'every database of the registry'): Option {
  return new Option('--db <names>', `comma-separated ${what} (default: ${defaultText})`);
}

/** `--json`: the command's report as JSON on stdout instead of text. */
export function jsonOption(description = 'machine-readable output'): Option {
  return new Option('--json', description);
}

/** A whole-number option parser: the value must be digits within [min, max]. */
export function wholeNumber(name: string, min = 0, max = Number.MAX_SAFE_INTEGER): (value: string) => number {
  const range = max === Number.MAX_SAFE_INTEGER ? `>= ${min}` : `from ${min} to ${max}`;
  return (value: string) => {
    const n = Number(value);
    if (!/^\d+$/.test(value) || n < min || n > max) throw new QuentyError('USAGE', `${name} must be a whole number ${range}, got "${value}"`);
    return n;
  };
}

/** A non-negative decimal option parser (days, percentages) within [0, max]. */
export function nonNegativeNumber(name: string, max = Number.MAX_VALUE): (value: string) => number {
  const range = max === Number.MAX_VALUE ? '>= 0' : `from 0 to ${max}`;
  return (value: string) => {
    const n = Number(value);
    if (!/^\d+(\.\d+)?$/.test(value) || n > max) throw new QuentyError('USAGE', `${name} must be a number ${range}, got "${value}"`);
    return n;
  };
}

/** A comma-separated list option parser (empty items dropped). */
export function commaList(value: string): string[] {
  return value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}
