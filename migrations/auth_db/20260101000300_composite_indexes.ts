import type { Knex } from 'knex';

/** auth_db: the composite indexes of the spec (001, "Composite Indexes for Common Query Patterns"). */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
CREATE INDEX idx_users_email_active ON users(email, is_active) WHERE is_active = true;
CREATE INDEX idx_user_roles_user_role ON user_roles(user_id, role_id);
`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
DROP INDEX IF EXISTS idx_user_roles_user_role;
DROP INDEX IF EXISTS idx_users_email_active;
`);
}
