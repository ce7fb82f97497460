import { defineTable, ordinalUuid, person, slug, pickState, phone, addDays, GenContext } from '../../src/seed/kit';

const EMAIL_DOMAINS = ['gmail.com', 'hotmail.com', 'outlook.com', 'yahoo.com.mx', 'prodigy.net.mx'];

/**
 * Pure: the person behind auth user `i` (customers are ordinals 0..customers-1, the same ordinal
 * in customer_db.users, then staff): names, credentials, phone and dates. Both users tables take
 * them from here, so they agree across databases.
 */
export function userFacts(g: GenContext, i: number) {
  const auth = g.other('users', 'auth_db');
  const rng = auth.rng(i);
  const staff = i >= auth.count('users', 'customer_db');
  const p = person(auth.rng(i, 'person'));
  const created = auth.time(i);
  const state = pickState(rng);
  const username = `${slug(p.first)}.${slug(p.last1)}${i + 1}`;
  const email = staff ? `${username}@quenty.com.mx` : `${username}@${rng.pick(EMAIL_DOMAINS)}`;
  const passwordHash = '$2b$10$' + rng.bcrypt(53);
  const tel = phone(rng, rng.pick(state.cities));
  return { person: p, staff, created, username, email, passwordHash, phone: tel, rng };
}

/** Customers first (same ordinal as customer_db.users), then staff. */
export default defineTable({
  table: 'users',
  columns: ['id', 'user_id', 'username', 'email', 'password_hash', 'first_name', 'last_name', 'phone', 'is_active', 'is_verified', 'created_at', 'updated_at', 'last_login'],
  count: (g) => {
    const customers = g.count('users', 'customer_db');
    return customers + Math.max(5, Math.ceil(customers * 0.05));
  },
  keys: { user_id: (g, i) => ordinalUuid(g.seed, 'auth.users', i) },
  row(g, i) {
    const u = userFacts(g, i);
    // The rest of the auth row's stream (after the shared facts).
    const rng = u.rng;
    return {
      id: i + 1,
      user_id: ordinalUuid(g.seed, 'auth.users', i),
      username: u.username,
      email: u.email,
      password_hash: u.passwordHash,
      first_name: u.person.first,
      last_name: `${u.person.last1} ${u.person.last2}`,
      phone: u.phone,
      is_active: rng.chance(0.95),
      is_verified: rng.chance(0.8),
      created_at: u.created,
      updated_at: u.created,
      last_login: rng.chance(0.7) ? addDays(u.created, rng.int(Math.max(1, Math.floor((g.now.getTime() - u.created.getTime()) / 86_400_000)))) : null,
    };
  },
});
