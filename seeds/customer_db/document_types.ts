import { defineTable } from '../../src/seed/kit';

export const DOCUMENT_TYPES = [
  ['RFC', 'Registro Federal de Contribuyentes', 'Clave fiscal del SAT (12 caracteres persona moral, 13 persona física)'],
  ['CURP', 'Clave Única de Registro de Población', 'Identificador personal de 18 caracteres'],
  ['INE', 'Credencial para votar', 'Identificación oficial del INE'],
  ['PASAPORTE', 'Pasaporte mexicano', 'Documento de viaje expedido por la SRE'],
];

export default defineTable({
  table: 'document_types',
  columns: ['id', 'name', 'code', 'description', 'active', 'created_at'],
  count: () => DOCUMENT_TYPES.length,
  row(g, i) {
    const [code, name, description] = DOCUMENT_TYPES[i];
    return { id: i + 1, name, code, description, active: true, created_at: g.time(0, 'static') };
  },
});
