import { defineTable, ordinalUuid, person, slug, pickState, phone, addDays } from '../../src/seed/kit';

/** Customers first (same ordinal as customer_db.users), then staff. */
export default defineTable({
  table: 'users',
  columns: ['id', 'user_id', 'username', 'email', 'password_hash', 'first_name', 'last_name', 'phone', 'is_active', 'is_verified', 'created_at', 'updated_at', 'last_login'],
  count: (g) => {
    const customers = g.count('users', 'customer_db');
    return customers + Math.max(5, Math.ceil(customers * 0.05));
  },
  keys: { user_id: (g, i) => ordinalUuid(g.seed, 'auth.users', i) },
  row(g, i, rng) {
    const staff = i >= g.count('users', 'customer_db');
    // The same person as customer_db.users of this ordinal.
    const p = person(g.rng(i, 'person'));
    const created = g.time(i);
    const state = pickState(rng);
    const u = `${slug(p.first)}.${slug(p.last1)}${i + 1}`;
    return {
      id: i + 1,
      user_id: ordinalUuid(g.seed, 'auth.users', i),
      username: u,
      email: staff ? `${u}@quenty.com.mx` : `${u}@${rng.pick(['gmail.com', 'hotmail.com', 'outlook.com', 'yahoo.com.mx', 'prodigy.net.mx'])}`,
      password_hash: '$2b$10$' + rng.bcrypt(53),
      first_name: p.first,
      last_name: `${p.last1} ${p.last2}`,
      phone: phone(rng, rng.pick(state.cities)),
      is_active: rng.chance(0.95),
      is_verified: rng.chance(0.8),
      created_at: created,
      updated_at: created,
      last_login: rng.chance(0.7) ? addDays(created, rng.int(Math.max(1, Math.floor((g.now.getTime() - created.getTime()) / 86_400_000)))) : null,
    };
  },
});
