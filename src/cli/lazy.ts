/**
 * The library as the commands reach it, loaded on first use. Building the program loads
 * commander and the command definitions only, so `--version` and `--help` never load knex, pg
 * or zod; each action loads its own engine when it runs (`const { audit } = engine.audit()`).
 * Command files import engines as types only, and their values through here.
 *
 * Plain `require` (not `await import()`): the same under the build (CommonJS), ts-jest and tsx's
 * CommonJS hook, where a dynamic import would go through Node's ESM resolver.
 */
export const engine = {
  audit: () => require('../audit') as typeof import('../audit'),
  backup: () => require('../backup') as typeof import('../backup'),
  config: () => require('../config') as typeof import('../config'),
  create: () => require('../create') as typeof import('../create'),
  docs: () => require('../docs') as typeof import('../docs'),
  embedded: () => require('../embedded') as typeof import('../embedded'),
  lint: () => require('../lint') as typeof import('../lint'),
  lockTrace: () => require('../migrate/trace') as typeof import('../migrate/trace'),
  migrate: () => require('../migrate') as typeof import('../migrate'),
  partitions: () => require('../partitions') as typeof import('../partitions'),
  pgbouncer: () => require('../pgbouncer') as typeof import('../pgbouncer'),
  registry: () => require('../registry') as typeof import('../registry'),
  seed: () => require('../seed') as typeof import('../seed'),
  seedProfile: () => require('../seed/profile') as typeof import('../seed/profile'),
  status: () => require('../status') as typeof import('../status'),
  targets: () => require('../db/targets') as typeof import('../db/targets'),
  up: () => require('../up') as typeof import('../up'),
  verify: () => require('../verify') as typeof import('../verify'),
};

type Targets = typeof import('../db/targets');
type Registry = typeof import('../registry');
export const openContext: Targets['openContext'] = (...args) => engine.targets().openContext(...args);
export const loadRegistry: Registry['loadRegistry'] = (...args) => engine.registry().loadRegistry(...args);
export const selectDatabases: Registry['selectDatabases'] = (...args) => engine.registry().selectDatabases(...args);
