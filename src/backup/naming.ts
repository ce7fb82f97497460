/**
 * Pure naming rules of backup files. A run is identified by its UTC start time
 * `YYYYmmdd_HHMMSS` (the spec's `date +%Y%m%d_%H%M%S`); its files sit side by side in the
 * backup folder, as in the spec's script:
 *
 *   <db>_<run>.backup     pg_dump -Fc of one database (custom format)
 *   <db>_<run>.dir/       pg_dump -Fd of one database (directory format)
 *   globals_<run>.sql     pg_dumpall --globals-only (roles)
 *   manifest_<run>.json   what the run wrote, checksums, row counts
 *   verify_<run>.json     the last `backup verify` of the run
 *
 * Files are written as `<name>.partial` and renamed when complete.
 */
export type DumpFormat = 'custom' | 'directory';

export const RUN_ID = /^\d{8}_\d{6}$/;
export const PARTIAL_SUFFIX = '.partial';

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** `YYYYmmdd_HHMMSS` in UTC. */
export function runIdFor(date: Date): string {
  return (
    `${date.getUTCFullYear()}${pad(date.getUTCMonth() + 1)}${pad(date.getUTCDate())}_` +
    `${pad(date.getUTCHours())}${pad(date.getUTCMinutes())}${pad(date.getUTCSeconds())}`
  );
}

/** The UTC date a run id stands for; undefined when it is not a run id. */
export function runDate(runId: string): Date | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})_(\d{2})(\d{2})(\d{2})$/.exec(runId);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s] = m.map(Number);
  const date = new Date(Date.UTC(y, mo - 1, d, h, mi, s));
  return runIdFor(date) === runId ? date : undefined;
}

export function dumpFileName(database: string, runId: string, format: DumpFormat): string {
  return `${database}_${runId}${format === 'custom' ? '.backup' : '.dir'}`;
}

/** The roles of one server: `globals_<run>.sql`, or `globals_<run>_s<k>.sql` (k = 1, 2, …) when a run covers several servers. */
export const globalsFileName = (runId: string, server?: number) => `globals_${runId}${server ? `_s${server}` : ''}.sql`;
export const manifestFileName = (runId: string) => `manifest_${runId}.json`;
export const verifyFileName = (runId: string) => `verify_${runId}.json`;

export type ParsedName =
  | { kind: 'dump'; database: string; runId: string; format: DumpFormat; partial: boolean }
  | { kind: 'globals' | 'manifest' | 'verify'; runId: string; partial: boolean };

/** Recognises a file of our own naming (and its `.partial` form); undefined for anything else. */
export function parseFileName(name: string): ParsedName | undefined {
  const partial = name.endsWith(PARTIAL_SUFFIX);
  const base = partial ? name.slice(0, -PARTIAL_SUFFIX.length) : name;
  let m = /^(globals|manifest|verify)_(\d{8}_\d{6})(?:_s[1-9]\d*)?\.(sql|json)$/.exec(base);
  if (m && runDate(m[2])) {
    const kind = m[1] as 'globals' | 'manifest' | 'verify';
    if ((kind === 'globals') !== (m[3] === 'sql')) return undefined;
    if (kind !== 'globals' && /_s\d+\./.test(base)) return undefined;
    return { kind, runId: m[2], partial };
  }
  m = /^([a-z_][a-z0-9_]*)_(\d{8}_\d{6})\.(backup|dir)$/.exec(base);
  if (m && runDate(m[2])) {
    return { kind: 'dump', database: m[1], runId: m[2], format: m[3] === 'backup' ? 'custom' : 'directory', partial };
  }
  return undefined;
}

/** A database name of at most 63 bytes: `<base><suffix>`, the base shortened when needed. */
export function fitIdentifier(base: string, suffix: string): string {
  const room = 63 - Buffer.byteLength(suffix);
  let b = base;
  while (Buffer.byteLength(b) > room) b = b.slice(0, -1);
  return b + suffix;
}

/** Default name of a restore: `<dbName>_restore_<YYYYmmdd_HHMMSS>`. */
export function restoreName(dbName: string, now: Date): string {
  return fitIdentifier(dbName, `_restore_${runIdFor(now)}`);
}
