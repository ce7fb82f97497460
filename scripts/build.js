#!/usr/bin/env node
'use strict';
/**
 * Builds dist/, the package as it ships: a registry root of its own that the CLI and the library
 * run from without compiling TypeScript.
 *
 *   dist/src/**        compiled JavaScript + type declarations (main, types, bin)
 *   dist/databases/**  compiled registry entries (loaded on every command)
 *   dist/seeds/**      compiled seed generators (loaded by seed and its worker threads)
 *   dist/migrations/** the migrations as TypeScript, byte for byte: the checksums recorded in
 *                      existing databases are those of these files, and their imports
 *                      (../../src/migrate/...) resolve to the compiled dist/src; tsx loads them
 *                      when a migration runs (src/util/require-file.ts)
 *   dist/schema/*.json the committed snapshots (verify)
 *
 * Runs from `prepare` (npm ci / npm install in a clone, npm pack, installs from git). Builds into
 * a temporary folder and swaps it in, so that dist/ is never half written.
 */
const fs = require('node:fs');
const path = require('node:path');
const { execFileSync } = require('node:child_process');

const root = path.resolve(__dirname, '..');
const dist = path.join(root, 'dist');
const tmp = path.join(root, `dist.tmp-${process.pid}`);

function removeDeclarations(dir) {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) removeDeclarations(p);
    else if (e.name.endsWith('.d.ts')) fs.rmSync(p);
  }
}

let tsc;
try {
  tsc = require.resolve('typescript/bin/tsc');
} catch {
  // A production install of a clone (`npm ci --omit=dev`) has no compiler: bin/quenty-db runs the
  // sources there (tsx is a dependency). A tarball must never ship without dist/, though.
  if (['pack', 'publish'].includes(process.env.npm_command ?? '')) {
    console.error('build: typescript is not installed (a dev dependency): cannot build the package');
    process.exit(1);
  }
  console.warn('build: typescript is not installed (dev dependencies omitted): dist/ not built; bin/quenty-db runs the sources');
  process.exit(0);
}

const started = Date.now();
fs.rmSync(tmp, { recursive: true, force: true });
try {
  execFileSync(process.execPath, [tsc, '-p', path.join(root, 'tsconfig.build.json'), '--outDir', tmp], { stdio: 'inherit', cwd: root });
  // Declarations of the registry entries and generators are no one's API.
  removeDeclarations(path.join(tmp, 'databases'));
  removeDeclarations(path.join(tmp, 'seeds'));
  fs.cpSync(path.join(root, 'migrations'), path.join(tmp, 'migrations'), { recursive: true });
  fs.cpSync(path.join(root, 'schema'), path.join(tmp, 'schema'), { recursive: true });
  fs.copyFileSync(path.join(root, 'src', 'seed', 'worker.js'), path.join(tmp, 'src', 'seed', 'worker.js'));
  fs.rmSync(dist, { recursive: true, force: true });
  fs.renameSync(tmp, dist);
} catch (e) {
  fs.rmSync(tmp, { recursive: true, force: true });
  console.error(`build failed: ${e.message}`);
  process.exit(1);
}
console.log(`built dist/ in ${((Date.now() - started) / 1000).toFixed(1)} s`);
