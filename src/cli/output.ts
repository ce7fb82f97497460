import chalk from 'chalk';
import { redact, redactDeep } from '../util/redact';

/** Colours only on a terminal and never with NO_COLOR (chalk also honours FORCE_COLOR). */
export function useColor(stream: NodeJS.WriteStream = process.stdout): boolean {
  return !!stream.isTTY && !process.env.NO_COLOR;
}

export const c = new chalk.Instance({ level: useColor() ? chalk.level || 1 : 0 });

export function printJson(value: unknown): void {
  process.stdout.write(JSON.stringify(redactDeep(value), null, 2) + '\n');
}

export function println(text = ''): void {
  process.stdout.write(redact(text) + '\n');
}

export function eprintln(text = ''): void {
  process.stderr.write(redact(text) + '\n');
}

const visible = (s: string) => s.replace(/\x1b\[[0-9;]*m/g, '');

/** A plain text table; cells may carry colour. */
export function table(headers: string[], rows: Array<Array<string | number | undefined>>): string {
  const cells = rows.map((r) => r.map((v) => (v === undefined ? '' : String(v))));
  const widths = headers.map((h, i) => Math.max(visible(h).length, ...cells.map((r) => visible(r[i] ?? '').length)));
  const line = (r: string[]) =>
    r
      .map((v, i) => v + ' '.repeat(Math.max(0, widths[i] - visible(v).length)))
      .join('  ')
      .trimEnd();
  return [line(headers.map((h) => c.bold(h))), line(widths.map((w) => '-'.repeat(w))), ...cells.map(line)].join('\n');
}

export const ok = (s: string) => c.green(s);
export const bad = (s: string) => c.red(s);
export const warn = (s: string) => c.yellow(s);
export const dim = (s: string) => c.dim(s);
