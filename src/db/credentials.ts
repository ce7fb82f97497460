import { envVarForPassword } from '../config';
import { generatePassword, readCredentials, writeCredentials } from '../embedded';
import { registerSecret } from '../util/redact';
import type { Context, Target } from './targets';

/**
 * Role credentials: the service roles' and the audit role's passwords, from the environment or
 * kept in QUENTY_HOME/credentials.json (mode 0600). Used by create (which sets them on the
 * roles) and pgbouncer (which writes them into userlist.txt).
 */

/** The service role's password (QUENTY_<SERVICE>_PASSWORD, validated by the config), and where it came from. */
export function servicePassword(ctx: Context, t: Target): { password: string; source: 'env' | 'generated' | 'stored' } {
  return storedRolePassword(ctx, t.role, envVarForPassword(t.entry.service), ctx.config.servicePasswords[t.entry.service]);
}

/** The read-only audit role's name (with the configured prefix). */
export function auditRole(ctx: Context): string {
  return ctx.config.prefix + 'audit';
}

/**
 * A role's password: QUENTY_<NAME>_PASSWORD, else the one stored in QUENTY_HOME/credentials.json,
 * else generated once and stored there (mode 0600).
 */
export function storedRolePassword(
  ctx: Context,
  role: string,
  envVar: string,
  fromEnv = ctx.config.env[envVar],
): { password: string; source: 'env' | 'generated' | 'stored' } {
  if (fromEnv) {
    registerSecret(fromEnv);
    return { password: fromEnv, source: 'env' };
  }
  // Read and write with no await between them: the parallel creates of one process cannot
  // interleave here. (Two processes generating the same role's first password at once is not
  // guarded: the second write wins and `create` sets that password on the role.)
  const creds = readCredentials(ctx.config.home);
  if (creds.services[role]) return { password: creds.services[role], source: 'stored' };
  const password = generatePassword();
  registerSecret(password);
  writeCredentials(ctx.config.home, { ...creds, services: { ...creds.services, [role]: password } });
  return { password, source: 'generated' };
}
