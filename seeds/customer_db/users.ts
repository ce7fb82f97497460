import { defineTable } from '../../src/seed/kit';
import { userFacts } from '../auth_db/users';

/** Customer i is auth user i: same person, same credentials, unique_id = auth user_id. */
export default defineTable({
  table: 'users',
  columns: ['id', 'unique_id', 'username', 'email', 'password_hash', 'first_name', 'last_name', 'phone', 'role', 'active', 'last_login', 'company_id', 'created_at', 'updated_at'],
  keys: { unique_id: (g, i) => g.refAt('unique_id', i) },
  row(g, i) {
    const u = userFacts(g, i);
    const p = u.person;
    const created = u.created;
    const rng = g.rng(i);
    const companies = g.count('companies');
    const hasCompany = companies > 0 && rng.chance(0.3);
    return {
      id: i + 1,
      unique_id: g.refAt('unique_id', i),
      username: u.username,
      email: u.email,
      password_hash: u.passwordHash,
      first_name: p.first,
      last_name: `${p.last1} ${p.last2}`,
      phone: u.phone,
      role: hasCompany && rng.chance(0.2) ? 'company_admin' : 'customer',
      active: rng.chance(0.95),
      last_login: rng.chance(0.7) ? new Date(created.getTime() + rng.int(Math.max(1, g.now.getTime() - created.getTime()))) : null,
      company_id: hasCompany ? g.key(g.database, 'companies', 'company_id', rng.int(companies)) : null,
      created_at: created,
      updated_at: created,
    };
  },
});
