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

/** Deep-redacts a JSON-able value (strings only). */
export function redactDeep<T>(value: T): T {
  if (typeof value === 'string') return redact(value) as unknown as T;
  if (Array.isArray(value)) return value.map((v) => redactDeep(v)) as unknown as T;
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) out[k] = redactDeep(v);
    return out as T;
  }
  return value;
}
