import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildRegistry, Registry } from '../../src/registry';

/** A one-database registry in a temporary root, with migrations written by the test. */
export function fixtureRegistry(root = fs.mkdtempSync(path.join(os.tmpdir(), 'quenty-fx-'))): {
  root: string;
  registry: Registry;
  write(name: string, body: string): string;
} {
  fs.mkdirSync(path.join(root, 'migrations', 'fx_db'), { recursive: true });
  const registry = buildRegistry([{ source: 'fixture', entry: { name: 'fx_db', service: 'fx', description: 'fixture database' } }], root);
  return {
    root,
    registry,
    write(name, body) {
      const file = path.join(root, 'migrations', 'fx_db', `${name}.ts`);
      fs.writeFileSync(file, body);
      return file;
    },
  };
}

export const migrationSource = (upSql: string, downSql: string, extra = '') => `import type { Knex } from 'knex';
${extra}
export async function up(knex: Knex): Promise<void> {
  await knex.raw(${JSON.stringify(upSql)});
  if (process.env.QUENTY_FX_SLEEP && ${JSON.stringify(upSql)}.includes('slow')) await knex.raw('SELECT pg_sleep(60)');
}
export async function down(knex: Knex): Promise<void> {
  await knex.raw(${JSON.stringify(downSql)});
}
`;
