import { defineTable, addDays } from '../../src/seed/kit';

/** Tokens of active customers, issued at a log-in after sign-up (never before the user existed). */
export default defineTable({
  table: 'refresh_tokens',
  columns: ['id', 'user_id', 'token_hash', 'expires_at', 'is_revoked', 'created_at'],
  row(g, i, rng) {
    const users = g.count('users');
    const user = rng.int(users);
    const f = g.facts('auth_db', 'users', user);
    const span = g.now.getTime() - f.born.getTime();
    const created = g.clock.after(f.born, 1, Math.max(2, Math.floor((span * rng.float()) / 60_000)), rng, f.place.tz, 'consumer');
    const at = created.getTime() < g.now.getTime() ? created : new Date(f.born.getTime() + Math.floor(span * rng.float()));
    const expires = addDays(at, 30);
    return { id: i + 1, user_id: user + 1, token_hash: rng.hex(64), expires_at: expires, is_revoked: !f.active || rng.chance(0.08), created_at: at };
  },
});
