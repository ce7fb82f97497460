import { Command } from 'commander';
import { chooseOutputs, commaList, formatOption, nonNegativeNumber, outOption, wholeNumber, type OutputSpec } from '../../src/cli/options';
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

describe('chooseOutputs: the one --format/--out/--json chooser', () => {
  type F = 'terminal' | 'json' | 'junit' | 'markdown';
  const single: OutputSpec<F> = {
    formats: ['terminal', 'json', 'junit'],
    byExtension: { json: 'json', xml: 'junit' },
    stdoutDefault: 'terminal',
    outFormats: ['json', 'junit'],
  };
  const several: OutputSpec<F> = {
    formats: ['terminal', 'json', 'junit', 'markdown'],
    byExtension: { md: 'markdown', json: 'json', xml: 'junit' },
    stdoutDefault: 'terminal',
    several: true,
    jsonToStdout: true,
  };

  it('without --out, stdout gets --format, --json or the default', () => {
    expect(chooseOutputs({}, single)).toEqual({ stdout: 'terminal', files: [] });
    expect(chooseOutputs({ format: 'junit' }, single)).toEqual({ stdout: 'junit', files: [] });
    expect(chooseOutputs({ json: true }, single)).toEqual({ stdout: 'json', files: [] });
    expect(chooseOutputs({ json: true, format: 'json' }, single)).toEqual({ stdout: 'json', files: [] });
    expect(chooseOutputs({ format: 'markdown' }, several)).toEqual({ stdout: 'markdown', files: [] });
  });

  it('with --out, each file gets --format (one for all, or one each in order), else its extension; stdout keeps the default', () => {
    expect(chooseOutputs({ out: 'r/V.XML' }, single)).toEqual({ stdout: 'terminal', files: [{ file: 'r/V.XML', format: 'junit' }] });
    expect(chooseOutputs({ out: 'r.json', format: 'junit' }, single).files).toEqual([{ file: 'r.json', format: 'junit' }]);
    expect(chooseOutputs({ out: 'r.xml', json: true }, single).files).toEqual([{ file: 'r.xml', format: 'json' }]);
    expect(chooseOutputs({ out: ['a.md', 'b.xml'] }, several).files.map((f) => f.format)).toEqual(['markdown', 'junit']);
    expect(chooseOutputs({ out: ['a.txt', 'b.txt'], format: 'json,junit' }, several).files.map((f) => f.format)).toEqual(['json', 'junit']);
    expect(chooseOutputs({ out: ['a.txt', 'b.txt'], format: 'markdown' }, several).files.map((f) => f.format)).toEqual(['markdown', 'markdown']);
    // jsonToStdout: --json is the report on stdout, the files keep their own formats.
    expect(chooseOutputs({ out: ['a.md'], json: true }, several)).toEqual({ stdout: 'json', files: [{ file: 'a.md', format: 'markdown' }] });
    // outDefault: an --out nothing names gets it.
    expect(chooseOutputs({ out: 'status.prom' }, { formats: ['terminal', 'json'], stdoutDefault: 'terminal', outDefault: 'terminal' }).files).toEqual([
      { file: 'status.prom', format: 'terminal' },
    ]);
  });

  it('every bad combination is a USAGE error with a hint', () => {
    const cases: Array<[() => unknown, RegExp]> = [
      [() => chooseOutputs({ format: 'pdf' }, several), /^unknown --format "pdf"$/],
      [() => chooseOutputs({ format: 'pdf' }, single), /^unknown --format "pdf"$/],
      [() => chooseOutputs({ json: true, format: 'junit' }, single), /^--json and --format junit disagree$/],
      [() => chooseOutputs({ json: true, format: 'json,markdown' }, several), /^--json and --format json,markdown disagree$/],
      [() => chooseOutputs({ format: 'markdown,junit' }, several), /^several formats need --out files$/],
      [() => chooseOutputs({ out: 'report.bin' }, single), /^cannot tell the format of --out report\.bin$/],
      [() => chooseOutputs({ out: ['a.md', 'report.bin'] }, several), /^cannot tell the format of --out report\.bin$/],
      [() => chooseOutputs({ out: 'r.json', format: 'terminal' }, single), /^--out writes a json or junit report, not the terminal format$/],
    ];
    for (const [fn, message] of cases) {
      const e = usageError(fn);
      expect(e).toBeInstanceOf(QuentyError);
      expect(e.code).toBe('USAGE');
      expect(e.message).toMatch(message);
      expect(e.hint).toBeTruthy();
    }
    expect(usageError(() => chooseOutputs({ out: 'x.bin' }, single)).hint).toBe('name it .json (json), .xml (junit), or give --format json|junit');
  });

  it('formatOption and outOption: one format from a list (or several, comma-separated), one --out (or a repeatable list)', () => {
    const parse = (build: (c: Command) => Command, args: string[]) =>
      build(new Command().exitOverride().configureOutput({ writeErr: () => {} }))
        .parse(args, { from: 'user' })
        .opts();
    expect(parse((c) => c.addOption(formatOption(['terminal', 'json'], 'fmt')).addOption(outOption('file')), ['--format', 'json', '--out', 'a.json'])).toEqual({
      format: 'json',
      out: 'a.json',
    });
    expect(() => parse((c) => c.addOption(formatOption(['terminal', 'json'], 'fmt')), ['--format', 'xml'])).toThrow(/Allowed choices are terminal, json/);
    expect(parse((c) => c.addOption(formatOption(['json', 'junit'], 'fmt', { several: true })), ['--format', 'json,junit'])).toEqual({ format: 'json,junit' });
    expect(parse((c) => c.addOption(outOption('file', { repeatable: true })), [])).toEqual({ out: [] });
    expect(parse((c) => c.addOption(outOption('file', { repeatable: true })), ['--out', 'a.md', '--out', 'b.xml'])).toEqual({ out: ['a.md', 'b.xml'] });
  });
});

describe('every command explains itself', () => {
  it('the help of every command and command group ends with an example, and names no flag it lacks', () => {
    const { buildProgram } = jest.requireActual('../../src/cli/main') as typeof import('../../src/cli/main');
    const seen: string[] = [];
    const walk = (cmd: Command, names: string[]) => {
      for (const sub of cmd.commands) {
        const path = [...names, sub.name()];
        let help = '';
        sub.configureOutput({ writeOut: (s) => (help += s), writeErr: (s) => (help += s) });
        sub.outputHelp();
        const example = help.split(/\nExamples?:\n/)[1];
        expect({ command: path.join(' '), hasExample: example !== undefined }).toEqual({ command: path.join(' '), hasExample: true });
        // Each long flag an example uses is one of that command's, of its subcommands', or global.
        const flags = new Set([program, sub, ...sub.commands].flatMap((c) => c.options.map((o) => o.long)));
        for (const line of example!.split('\n').filter((l) => l.includes(`quenty-db ${path.join(' ')}`)))
          for (const flag of line.replace(/#.*/, '').match(/--[a-z][a-z-]*/g) ?? [])
            expect({ command: path.join(' '), flag, known: flags.has(flag) }).toEqual({ command: path.join(' '), flag, known: true });
        seen.push(path.join(' '));
        walk(sub, path);
      }
    };
    const program = buildProgram();
    walk(program, []);
    expect(seen).toEqual(expect.arrayContaining(['migrate', 'migrate latest', 'server start', 'seed', 'backup create']));
  });
});
