import { defineDatabase } from '../../src/registry/schema';

export default defineDatabase({
  name: 'auth_db',
  service: 'auth',
  description: 'Auth service: users, roles, permissions, RBAC links and refresh tokens',
  references: [],
});
