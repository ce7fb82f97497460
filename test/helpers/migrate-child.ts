/** Runs `migrate latest` on a fixture registry in a child process (killed by the SIGKILL test). */
import { buildRegistry } from '../../src/registry';
import { parseConfig } from '../../src/config';
import { openContext } from '../../src/db/targets';
import { migrate } from '../../src/migrate';

async function main() {
  const [root, envJson] = process.argv.slice(2);
  const registry = buildRegistry([{ source: 'fixture', entry: { name: 'fx_db', service: 'fx', description: 'fixture database' } }], root);
  const ctx = await openContext({ registry, config: parseConfig(JSON.parse(envJson), registry) });
  const r = (await migrate(ctx, 'latest')).databases;
  process.stdout.write(JSON.stringify(r) + '\n');
}
main().catch((e) => {
  process.stderr.write(String(e) + '\n');
  process.exit(1);
});
