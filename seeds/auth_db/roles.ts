import { defineTable, ordinalUuid } from '../../src/seed/kit';

export const ROLES = [
  ['admin', 'Administrador de la plataforma', true],
  ['customer', 'Cliente', true],
  ['driver', 'Operador de recolección', false],
  ['inspector', 'Inspector de devoluciones', false],
  ['collector', 'Agente de cobranza', false],
  ['analyst', 'Analista', false],
] as const;

export default defineTable({
  table: 'roles',
  columns: ['id', 'role_id', 'name', 'description', 'is_active', 'is_system_role', 'created_at', 'updated_at'],
  count: () => ROLES.length,
  find: { name: (_g, name) => ROLES.findIndex(([n]) => n === name) },
  row(g, i) {
    const [name, description, system] = ROLES[i];
    const t = g.time(0, 'roles');
    return {
      id: i + 1,
      role_id: ordinalUuid(g.seed, 'auth.roles', i),
      name,
      description,
      is_active: true,
      is_system_role: system,
      created_at: t,
      updated_at: t,
    };
  },
});
