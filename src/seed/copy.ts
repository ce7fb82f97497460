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
  else if (v instanceof Date) return v.toISOString();
  else s = JSON.stringify(v);
  // Fast path: most values need no escaping.
  if (!/[\\\t\n\r]/.test(s)) return s;
  return s.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r');
}

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
