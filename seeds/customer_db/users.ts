import { defineTable } from '../../src/seed/kit';

/**
 * Customer i is auth user i (g.facts('auth_db', 'users', i)): same person, credentials, sign-up
 * instant and active flag; unique_id = auth user_id. A customer working for a company joined
 * one that existed when they signed up.
 */
export default defineTable({
  table: 'users',
  columns: [
    'id',
    'unique_id',
    'username',
    'email',
    'password_hash',
    'first_name',
    'last_name',
    'phone',
    'role',
    'active',
    'last_login',
    'company_id',
    'created_at',
    'updated_at',
  ],
  keys: { unique_id: (g, i) => g.refAt('unique_id', i) },
  row(g, i) {
    const u = g.facts('auth_db', 'users', i);
    const p = u.person;
    const rng = g.rng(i);
    const companies = g.clock.countBefore('company', g.count('companies'), u.born);
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
      active: u.active,
      last_login: u.lastLogin,
      company_id: hasCompany ? g.key(g.database, 'companies', 'company_id', rng.int(companies)) : null,
      created_at: u.born,
      updated_at: u.updated,
    };
  },
});
