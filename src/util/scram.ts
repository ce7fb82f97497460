import crypto from 'node:crypto';

/**
 * SCRAM-SHA-256 secrets in PostgreSQL's format (`SCRAM-SHA-256$<iter>:<salt>$<storedkey>:<serverkey>`),
 * as pg_authid.rolpassword holds them and PgBouncer's userlist.txt reuses them.
 */

/** A SCRAM-SHA-256 secret for a password (ASCII passwords; no SASLprep). */
export function scramSecret(password: string, salt: Buffer = crypto.randomBytes(16), iterations = 4096): string {
  const salted = crypto.pbkdf2Sync(Buffer.from(password, 'utf8'), salt, iterations, 32, 'sha256');
  const hmac = (key: Buffer, text: string) => crypto.createHmac('sha256', key).update(text).digest();
  const clientKey = hmac(salted, 'Client Key');
  const storedKey = crypto.createHash('sha256').update(clientKey).digest();
  const serverKey = hmac(salted, 'Server Key');
  return `SCRAM-SHA-256$${iterations}:${salt.toString('base64')}$${storedKey.toString('base64')}:${serverKey.toString('base64')}`;
}

export function isScramSecret(secret: string | null | undefined): secret is string {
  return !!secret && /^SCRAM-SHA-256\$\d+:[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+$/.test(secret);
}

/** The iterations and salt of a SCRAM secret; undefined when it is not one. */
export function parseScramSecret(secret: string | null | undefined): { iterations: number; salt: Buffer } | undefined {
  if (!isScramSecret(secret)) return undefined;
  const m = /^SCRAM-SHA-256\$(\d+):([^$]+)\$/.exec(secret)!;
  const iterations = Number(m[1]);
  if (!Number.isSafeInteger(iterations) || iterations < 1) return undefined;
  return { iterations, salt: Buffer.from(m[2], 'base64') };
}

/** Whether `secret` is the SCRAM secret of `password` (recomputed with the secret's own salt and iterations). */
export function scramMatches(secret: string | null | undefined, password: string): boolean {
  const p = parseScramSecret(secret);
  if (!p) return false;
  const expected = Buffer.from(scramSecret(password, p.salt, p.iterations));
  const actual = Buffer.from(secret!);
  return expected.length === actual.length && crypto.timingSafeEqual(expected, actual);
}
