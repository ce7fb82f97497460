/** Seed plan of auth_db: relative sizes (rows per unit of scale); users derive from customers. */
export default {
  order: ['roles', 'permissions', 'role_permissions', 'users', 'user_roles', 'refresh_tokens'],
  tables: { refresh_tokens: 3 },
};
