import { defineTable, addDays } from '../../src/seed/kit';

export default defineTable({
  table: 'refresh_tokens',
  columns: ['id', 'user_id', 'token_hash', 'expires_at', 'is_revoked', 'created_at'],
  row(g, i, rng) {
    const created = g.time(i);
    return { id: i + 1, user_id: 1 + rng.int(g.count('users')), token_hash: rng.hex(64), expires_at: addDays(created, 30), is_revoked: rng.chance(0.1), created_at: created };
  },
});
