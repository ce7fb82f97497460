/**
 * Passwords never appear in output, logs or errors. Every secret the tool learns
 * (from URLs, environment or credentials.json) is registered here, and everything
 * printed goes through `redact`.
 */
const secrets = new Set<string>();

export function registerSecret(secret: string | undefined | null): void {
  if (secret && secret.length >= 3) secrets.add(secret);
}

/** Replaces the password of every `scheme://user:password@host` with `***`. */
export function redactUrl(url: string): string {
  return url.replace(/(\b[a-z][a-z0-9+.-]*:\/\/[^:/?#@\s]*:)([^@/\s]*)@/gi, '$1***@');
}

export function redact(text: string): string {
  let out = redactUrl(text);
  // Longest first, so that a secret containing another is fully hidden.
  for (const s of [...secrets].sort((a, b) => b.length - a.length)) {
    if (out.includes(s)) out = out.split(s).join('***');
  }
  out = out.replace(/(password\s*[=:]\s*)('[^']*'|"[^"]*"|\S+)/gi, '$1***');
  out = out.replace(/(\bPASSWORD\s+)('(?:[^']|'')*')/gi, '$1***');
  return out;
}

/**
 * Deep-redacts a JSON-able value (strings only). Values that are not plain objects keep the text
 * JSON would give them: a Date becomes its ISO string, a Buffer `\x<hex>` (PostgreSQL's bytea
 * output), anything with a `toJSON` (or pg's `toPostgres`) what it returns; other class instances
 * their `String()` when it says more than `[object …]`, else their own fields.
 */
export function redactDeep<T>(value: T): T {
  if (typeof value === 'string') return redact(value) as unknown as T;
  if (typeof value === 'bigint') return value.toString() as unknown as T;
  if (Array.isArray(value)) return value.map((v) => redactDeep(v)) as unknown as T;
  if (value && typeof value === 'object') {
    if (value instanceof Date) return (Number.isNaN(value.getTime()) ? null : value.toISOString()) as unknown as T;
    if (Buffer.isBuffer(value)) return ('\\x' + value.toString('hex')) as unknown as T;
    const proto = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) {
      const v = value as { toJSON?: () => unknown; toPostgres?: (prepare: (x: unknown) => unknown) => unknown };
      if (typeof v.toJSON === 'function') return redactDeep(v.toJSON()) as T;
      // pg's own convention for values with a SQL text (e.g. an interval: `1 day 02:00:00`).
      if (typeof v.toPostgres === 'function') return redactDeep(v.toPostgres((x) => x)) as T;
      const text = String(value);
      if (!text.startsWith('[object ')) return redact(text) as unknown as T;
      // Otherwise its own fields, as JSON.stringify would.
    }
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) out[k] = redactDeep(v);
    return out as T;
  }
  return value;
}
