import type { Rule } from '../../src/registry/schema';

/** Business rules of auth_db; each SQL selects the offending rows, primary key first. */
const rules: Array<Partial<Rule> & Pick<Rule, 'name' | 'description' | 'sql'>> = [
  {
    name: 'refresh_token_expires_before_creation',
    description: 'a refresh token expires after it is created',
    sql: `SELECT id, user_id, created_at, expires_at FROM refresh_tokens WHERE expires_at <= created_at`,
    severity: 'warn',
  },
];
export default rules;
