/**
 * npm run bench: runs every `bench:<name>` script of package.json one after the other (never in
 * parallel: the machine is small and noisy) and prints a summary of their BENCH lines.
 * `npm run bench -- migrate seed` runs only those.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';

const pkg = require(path.resolve(__dirname, '..', 'package.json'));
const only = process.argv.slice(2);
const names = Object.keys(pkg.scripts)
  .filter((s) => s.startsWith('bench:'))
  .map((s) => s.slice(6))
  .filter((n) => only.length === 0 || only.includes(n));
const results: Array<Record<string, unknown>> = [];
let failed = 0;
for (const name of names) {
  console.log(`\n=== bench:${name}`);
  const r = spawnSync('npm', ['run', '--silent', `bench:${name}`], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  process.stdout.write(r.stdout);
  if (r.status !== 0) {
    failed++;
    results.push({ bench: name, error: `exit ${r.status}` });
    continue;
  }
  for (const line of r.stdout.split('\n')) if (line.startsWith('BENCH ')) results.push(JSON.parse(line.slice(6)));
}
console.log('\n=== summary');
for (const r of results) console.log(JSON.stringify(r));
process.exit(failed ? 1 : 0);
