import type { Knex } from 'knex';
import { CommentSet, clearComments, setComments } from '../../src/migrate/meaning';

/**
 * auth_db: what each table and column means, in the catalog (COMMENT ON), from the spec's SQL
 * document (001, auth_db) and the Auth Service ERD (000). `quenty-db docs` shows them.
 */
export const COMMENTS: CommentSet = {
  tables: {
    users: 'Platform accounts that sign in (the identity of every person: customers, staff, drivers, inspectors, collection agents). user_id is the public identifier other databases hold.',
    roles: 'Roles of the role-based access control (RBAC): a user has permissions through the roles assigned to them.',
    permissions: 'Permissions: an action allowed on a resource (e.g. orders:read). Granted to roles through role_permissions.',
    user_roles: 'Which roles each user has (Users (1) → UserRoles (M) ← Roles (1)).',
    role_permissions: 'Which permissions each role grants (Roles (1) → RolePermissions (M) ← Permissions); ERD table.',
    refresh_tokens: 'Refresh tokens issued at sign-in (stored as hashes, never in clear); a revoked or expired token cannot renew a session.',
  },
  columns: {
    users: {
      id: 'Surrogate key, used only inside auth_db (user_roles, refresh_tokens).',
      user_id: 'Public user identifier (UUID text): the key other databases hold (customer_db.users.unique_id, pickup_db.drivers.user_id, inspectors, auditors, collection agents, analytics owners).',
      username: 'Sign-in name, unique.',
      email: 'E-mail address, unique.',
      password_hash: 'Password hash (bcrypt/argon2 encoded string); the password itself is never stored.',
      first_name: 'Given name(s).',
      last_name: 'Family name(s).',
      phone: 'Phone number in E.164 form: +52 and 10 digits for Mexico.',
      is_active: 'false: the account is disabled and cannot sign in.',
      is_verified: 'true once the e-mail address has been confirmed.',
      created_at: 'When the account was created.',
      updated_at: 'When the account was last changed.',
      last_login: 'When the user last signed in; NULL: never.',
    },
    roles: {
      id: 'Surrogate key, used by user_roles and role_permissions.',
      role_id: 'Public role identifier (UUID text), unique.',
      name: 'Role name, unique, e.g. admin, customer, driver, analyst, inspector, collector.',
      description: 'What the role is for.',
      is_active: 'false: the role grants nothing.',
      is_system_role: 'true: built-in role that cannot be deleted.',
      created_at: 'When the role was created.',
      updated_at: 'When the role was last changed.',
    },
    permissions: {
      id: 'Surrogate key, used by role_permissions.',
      permission_id: 'Public permission identifier (UUID text), unique.',
      name: 'Permission name, unique, written resource:action (e.g. orders:read).',
      resource: 'What the permission applies to: a resource of the platform (orders, pickups, returns, loans, users, …).',
      action: 'What it allows on the resource: read, write or delete.',
      description: 'What the permission allows.',
      is_active: 'false: the permission is not granted by any role.',
      created_at: 'When the permission was created.',
    },
    user_roles: {
      id: 'Surrogate key.',
      user_id: 'The user (users.id).',
      role_id: 'The role given to the user (roles.id).',
      assigned_at: 'When the role was given.',
      assigned_by: 'Who gave it: a user_id, or system for automatic assignments.',
    },
    role_permissions: {
      id: 'Surrogate key.',
      role_id: 'The role (roles.id).',
      permission_id: 'The permission the role grants (permissions.id).',
      assigned_at: 'When the permission was granted to the role.',
    },
    refresh_tokens: {
      id: 'Surrogate key.',
      user_id: 'The user the token was issued to (users.id).',
      token_hash: 'Hash of the refresh token (the token itself is never stored).',
      expires_at: 'When the token stops being accepted.',
      is_revoked: 'true: revoked (sign-out, password change) before it expired.',
      created_at: 'When the token was issued.',
    },
  },
};

export async function up(knex: Knex): Promise<void> {
  await setComments(knex, COMMENTS);
}

export async function down(knex: Knex): Promise<void> {
  await clearComments(knex, COMMENTS);
}
