import { defineTable, slug, person, pickState, phone } from '../../src/seed/kit';

/** Customer i is auth user i: same person, same credentials, unique_id = auth user_id. */
export default defineTable({
  table: 'users',
  columns: ['id', 'unique_id', 'username', 'email', 'password_hash', 'first_name', 'last_name', 'phone', 'role', 'active', 'last_login', 'company_id', 'created_at', 'updated_at'],
  keys: { unique_id: (g, i) => g.refAt('unique_id', i) },
  row(g, i) {
    // Replay the auth row's own stream so that name, email and phone agree across databases.
    const auth = g.other('users', 'auth_db');
    const a = auth.rng(i);
    const p = person(auth.rng(i, 'person'));
    const created = auth.time(i);
    const state = pickState(a); // same draws as the auth generator, in the same order
    const u = `${slug(p.first)}.${slug(p.last1)}${i + 1}`;
    const email = `${u}@${a.pick(['gmail.com', 'hotmail.com', 'outlook.com', 'yahoo.com.mx', 'prodigy.net.mx'])}`;
    const hash = '$2b$10$' + a.bcrypt(53);
    const rng = g.rng(i);
    const tel = phone(a, a.pick(state.cities));
    const companies = g.count('companies');
    const hasCompany = companies > 0 && rng.chance(0.3);
    return {
      id: i + 1,
      unique_id: g.refAt('unique_id', i),
      username: u,
      email,
      password_hash: hash,
      first_name: p.first,
      last_name: `${p.last1} ${p.last2}`,
      phone: tel,
      role: hasCompany && rng.chance(0.2) ? 'company_admin' : 'customer',
      active: rng.chance(0.95),
      last_login: rng.chance(0.7) ? new Date(created.getTime() + rng.int(Math.max(1, g.now.getTime() - created.getTime()))) : null,
      company_id: hasCompany ? g.key(g.database, 'companies', 'company_id', rng.int(companies)) : null,
      created_at: created,
      updated_at: created,
    };
  },
});
