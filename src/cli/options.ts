import path from 'node:path';
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

/** What `--format`, `--out` and `--json` may mean for one command (`chooseOutputs`). */
export interface OutputSpec<F extends string> {
  /** The values `--format` takes. */
  formats: readonly F[];
  /** An `--out` file's format from its extension (lower case, without the dot), when `--format` does not say. */
  byExtension?: Readonly<Partial<Record<string, F>>>;
  /** What stdout gets when no format says otherwise (and, with `--out`, the summary it still prints). */
  stdoutDefault: F;
  /** The format of an `--out` that neither `--format` nor its extension names (default: a usage error). */
  outDefault?: F;
  /** The formats an `--out` file may hold (default: every format). */
  outFormats?: readonly F[];
  /** `--format a,b` with as many repeated `--out` files; one format and one file otherwise. */
  several?: boolean;
  /** `--json` is the JSON report on stdout whatever the files get; otherwise it is `--format json`. */
  jsonToStdout?: boolean;
}

/** The options as commander parsed them: `out` is a list when `--out` is repeatable. */
export interface OutputOptions {
  format?: string;
  out?: string | string[];
  json?: boolean;
}

export interface OutputChoice<F extends string> {
  /** What is printed on stdout (with files: the terminal summary, or JSON under `jsonToStdout`). */
  stdout: F;
  /** The files to write, each with its format. */
  files: Array<{ file: string; format: F }>;
}

/**
 * The one chooser of `--format`/`--out`/`--json`: --format names the format of stdout, or with
 * --out of the files (one format for all, or one per file in order); a file's extension says its
 * format when --format does not. Every bad combination is a QuentyError('USAGE') with a hint.
 */
export function chooseOutputs<F extends string>(o: OutputOptions, spec: OutputSpec<F>): OutputChoice<F> {
  const given = spec.several ? commaList(o.format ?? '') : o.format ? [o.format] : [];
  for (const f of given) {
    if (!spec.formats.includes(f as F)) {
      throw new QuentyError('USAGE', `unknown --format "${f}"`, { hint: `${spec.several ? 'one or more' : 'one'} of ${spec.formats.join(', ')}` });
    }
  }
  if (o.json && given.some((f) => f !== 'json')) {
    throw new QuentyError('USAGE', `--json and --format ${given.join(',')} disagree`, { hint: 'leave out --json or --format' });
  }
  const formats = (o.json && !spec.jsonToStdout ? ['json'] : given) as F[];
  const outs = o.out === undefined ? [] : Array.isArray(o.out) ? o.out : [o.out];
  const stdout = o.json && spec.jsonToStdout ? ('json' as F) : undefined;
  if (!outs.length) {
    if (formats.length > 1) throw new QuentyError('USAGE', 'several formats need --out files', { hint: `one --out per format, in the order of --format` });
    return { stdout: stdout ?? formats[0] ?? spec.stdoutDefault, files: [] };
  }
  const outFormats = spec.outFormats ?? spec.formats;
  const extsOf = new Map<F, string[]>();
  for (const [ext, f] of Object.entries(spec.byExtension ?? {}) as Array<[string, F]>) extsOf.set(f, [...(extsOf.get(f) ?? []), `.${ext}`]);
  const exts = [...extsOf].map(([f, e]) => `${e.join('/')} (${f})`);
  const files = outs.map((file, i) => {
    const format =
      formats.length === outs.length
        ? formats[i]
        : formats.length === 1
          ? formats[0]
          : (spec.byExtension?.[path.extname(file).slice(1).toLowerCase()] ?? spec.outDefault);
    if (!format)
      throw new QuentyError('USAGE', `cannot tell the format of --out ${file}`, {
        hint: `name it ${exts.join(', ')}, or give --format ${outFormats.join('|')}`,
      });
    if (!outFormats.includes(format)) {
      throw new QuentyError('USAGE', `--out writes a ${outFormats.join(' or ')} report, not the ${format} format`, {
        hint: `give --format ${outFormats.join('|')}, or leave out --out`,
      });
    }
    return { file, format };
  });
  return { stdout: stdout ?? spec.stdoutDefault, files };
}

/** `--format <format>` (one of `formats`), or with `several` a comma-separated list of them. */
export function formatOption(formats: readonly string[], description: string, opts: { several?: boolean } = {}): Option {
  return opts.several ? new Option('--format <formats>', description) : new Option('--format <format>', description).choices([...formats]);
}

/** `--out <file>`; with `repeatable`, each `--out` adds a file (a list, empty by default). */
export function outOption(description: string, opts: { repeatable?: boolean } = {}): Option {
  const o = new Option('--out <file>', description);
  return opts.repeatable ? o.argParser((v: string, prev: string[]) => [...prev, v]).default([] as string[]) : o;
}
