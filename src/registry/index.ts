import fs from 'node:fs';
import path from 'node:path';
import { ZodError } from 'zod';
import { QuentyError } from '../util/errors';
import { requireFile } from '../util/require-file';
import { REGISTRY_PATH_VAR } from './path-var';
import { DatabaseEntry, DatabaseEntryInput, DatabaseEntrySchema } from './schema';

export * from './schema';

/**
 * Root of the package: where `databases/`, `migrations/` and `seeds/` live. From the sources,
 * the repository; from the build, `dist/` (compiled registry entries and seed generators, the
 * migrations as TypeScript, the committed snapshots: scripts/build.js).
 */
export const PACKAGE_ROOT = path.resolve(__dirname, '..', '..');

export { REGISTRY_PATH_VAR };

export interface Registry {
  readonly databases: readonly DatabaseEntry[];
  get(name: string): DatabaseEntry;
  has(name: string): boolean;
  /** The root folder a database was loaded from (the package root or an extra root). */
  rootOf(name: string): string;
  /** Directory of a database's migrations: `<its root>/migrations/<name>`. */
  migrationsDir(name: string): string;
  /** Directory of a database's seed generators: `<its root>/seeds/<name>`. */
  seedsDir(name: string): string;
  /** Directory of a database's committed schema snapshot: `<its root>/schema`. */
  schemaDir(name: string): string;
  /** The package root. */
  readonly root: string;
  /** Every root loaded, the package root first (what `loadRegistry` needs to load it again). */
  readonly roots: readonly string[];
}

export interface RawEntry {
  source: string;
  entry: unknown;
  /** Root folder of the entry (default: the registry's root). */
  root?: string;
}

function formatZod(err: ZodError): string {
  return err.issues.map((i) => `${i.path.join('.') || '(entry)'}: ${i.message}`).join('; ');
}

/**
 * Validates raw entries (pure; used by tests with plain objects) and checks the rules that
 * span entries: unique names, services and version tables, references to known databases,
 * and no reference or partition declared twice.
 */
export function buildRegistry(raw: RawEntry[], root = PACKAGE_ROOT): Registry {
  const databases: DatabaseEntry[] = [];
  const sources: string[] = [];
  const rootByName = new Map<string, string>();
  for (const { source, entry, root: own } of raw) {
    const parsed = DatabaseEntrySchema.safeParse(entry);
    if (!parsed.success) {
      throw new QuentyError('REGISTRY', `invalid registry entry ${source}: ${formatZod(parsed.error)}`, {
        hint: `fix the entry in ${source}/index.ts`,
      });
    }
    databases.push({ ...parsed.data, references: [...parsed.data.references] });
    sources.push(source);
    if (!rootByName.has(parsed.data.name)) rootByName.set(parsed.data.name, path.resolve(own ?? root));
  }
  const seen = (what: string, values: string[]) => {
    const dup = values.find((v, i) => values.indexOf(v) !== i);
    if (dup) {
      const where = sources.filter((_, i) => values[i] === dup).join(' and ');
      throw new QuentyError('REGISTRY', `registry: ${what} "${dup}" is declared by more than one database (${where})`, {
        hint: `give one of them another ${what}`,
      });
    }
  };
  seen(
    'database name',
    databases.map((d) => d.name),
  );
  seen(
    'service role',
    databases.map((d) => d.service),
  );
  seen(
    'version table',
    databases.map((d) => d.versionTable),
  );
  const names = new Set(databases.map((d) => d.name));
  const byName = new Map(databases.map((d) => [d.name, d]));
  // References declared on the parent's side move to the child, where every engine reads them.
  for (const d of databases) {
    for (const { database, parent, ...rest } of d.referencedBy) {
      const child = byName.get(database);
      if (!child) {
        throw new QuentyError('REGISTRY', `registry ${d.name}: referencedBy ${database}.${rest.table}.${rest.column} names unknown database "${database}"`, {
          hint: `known databases: ${[...names].join(', ')}`,
        });
      }
      child.references.push({ ...rest, parent: { database: d.name, ...parent } });
    }
  }
  for (const d of databases) {
    const refKeys = d.references.map((r) => `${r.table}.${r.column}->${r.parent.database}.${r.parent.table}.${r.parent.column}`);
    const dupRef = refKeys.find((k, i) => refKeys.indexOf(k) !== i);
    if (dupRef) throw new QuentyError('REGISTRY', `registry ${d.name}: reference ${dupRef} is declared twice`);
    for (const r of d.references) {
      if (!names.has(r.parent.database)) {
        throw new QuentyError('REGISTRY', `registry ${d.name}: reference ${r.table}.${r.column} points to unknown database "${r.parent.database}"`, {
          hint: `known databases: ${[...names].join(', ')}`,
        });
      }
    }
    const parts = d.partitioned.map((p) => p.table);
    const dupPart = parts.find((p, i) => parts.indexOf(p) !== i);
    if (dupPart) throw new QuentyError('REGISTRY', `registry ${d.name}: table ${dupPart} is partitioned twice`);
    const rules = d.rules.map((r) => r.name);
    const dupRule = rules.find((p, i) => rules.indexOf(p) !== i);
    if (dupRule) throw new QuentyError('REGISTRY', `registry ${d.name}: rule ${dupRule} is declared twice`);
    const cross = d.crossRules.map((r) => r.name);
    const dupCross = [...rules, ...cross].find((p, i, all) => all.indexOf(p) !== i);
    if (dupCross) throw new QuentyError('REGISTRY', `registry ${d.name}: rule ${dupCross} is declared twice (rules and crossRules share one namespace)`);
    for (const r of d.crossRules) {
      if (!names.has(r.parent.database)) {
        throw new QuentyError('REGISTRY', `registry ${d.name}: cross-database rule ${r.name} points to unknown database "${r.parent.database}"`, {
          hint: `known databases: ${[...names].join(', ')}`,
        });
      }
      if (r.parent.database === d.name) {
        throw new QuentyError('REGISTRY', `registry ${d.name}: cross-database rule ${r.name} names its own database as parent`, {
          hint: 'a rule inside one database belongs in rules.ts',
        });
      }
    }
  }
  const rootOf = (name: string) => {
    const r = rootByName.get(name);
    if (!r) throw new QuentyError('USAGE', `unknown database "${name}"`, { hint: `known databases: ${[...byName.keys()].join(', ')}` });
    return r;
  };
  const roots = [path.resolve(root), ...new Set([...rootByName.values()].filter((r) => r !== path.resolve(root)))];
  return {
    databases,
    root,
    roots,
    rootOf,
    has: (name) => byName.has(name),
    get(name) {
      const d = byName.get(name);
      if (!d) {
        throw new QuentyError('USAGE', `unknown database "${name}"`, { hint: `known databases: ${[...byName.keys()].join(', ')}` });
      }
      return d;
    },
    migrationsDir: (name) => path.join(rootOf(name), 'migrations', name),
    seedsDir: (name) => path.join(rootOf(name), 'seeds', name),
    schemaDir: (name) => path.join(rootOf(name), 'schema'),
  };
}

export interface LoadRegistryOptions {
  /** The package root (default: this package). */
  root?: string;
  /**
   * More roots whose `databases/<name>/` join the registry after the package's own (default:
   * the folders of QUENTY_REGISTRY_PATH). Relative folders resolve against the working directory.
   */
  extraRoots?: readonly string[];
  /** Environment read for QUENTY_REGISTRY_PATH (default process.env). */
  env?: Record<string, string | undefined>;
}

/** The extra roots named by QUENTY_REGISTRY_PATH (absolute, in order, empty entries ignored). */
export function registryPathFromEnv(env: Record<string, string | undefined> = process.env): string[] {
  return (env[REGISTRY_PATH_VAR] ?? '')
    .split(path.delimiter)
    .map((s) => s.trim())
    .filter(Boolean)
    .map((s) => path.resolve(s));
}

const cache = new Map<string, Registry>();

/**
 * Loads every `databases/<name>/index.(ts|js)` under the package root, then under each extra
 * root (`extraRoots`, else QUENTY_REGISTRY_PATH), cached per set of roots. A database from an
 * extra root keeps its migrations, seeds and snapshot in that root.
 */
export function loadRegistry(opts: string | LoadRegistryOptions = {}): Registry {
  const o: LoadRegistryOptions = typeof opts === 'string' ? { root: opts } : opts;
  const root = path.resolve(o.root ?? PACKAGE_ROOT);
  const extra = (o.extraRoots ?? registryPathFromEnv(o.env)).map((r) => path.resolve(r)).filter((r) => r !== root);
  const key = [root, ...extra].join(path.delimiter);
  const hit = cache.get(key);
  if (hit) return hit;
  const raw: RawEntry[] = [];
  for (const r of [root, ...new Set(extra)]) raw.push(...readRoot(r, r === root));
  const registry = buildRegistry(raw, root);
  cache.set(key, registry);
  return registry;
}

/** The entries of one root's `databases/` folder, in name order. */
function readRoot(root: string, isPackage: boolean): RawEntry[] {
  const dir = path.join(root, 'databases');
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) {
    throw new QuentyError('REGISTRY', `registry root ${root} has no databases/ folder`, {
      hint: isPackage
        ? 'is the package installed whole?'
        : `check ${REGISTRY_PATH_VAR} / --registry: each folder holds databases/<name>/index.ts (docs/adding-a-database.md)`,
    });
  }
  const label = (name: string) => (isPackage ? `databases/${name}` : path.join(root, 'databases', name));
  const raw: RawEntry[] = [];
  for (const name of fs.readdirSync(dir).sort()) {
    const folder = path.join(dir, name);
    if (!fs.statSync(folder).isDirectory()) continue;
    const file = ['index.ts', 'index.js'].map((f) => path.join(folder, f)).find((f) => fs.existsSync(f));
    if (!file)
      throw new QuentyError('REGISTRY', `${label(name)} has no index.ts`, {
        hint: `add ${label(name)}/index.ts with \`export default defineDatabase({ name: '${name}', ... })\``,
      });
    const mod = requireFile(file) as { default?: DatabaseEntryInput } & DatabaseEntryInput;
    let entry: DatabaseEntryInput = mod.default ?? mod;
    // Optional sibling files keep large declarations apart: rules.ts (audit business rules, an
    // array), cross.ts (cross-database audit rules, an array) and seed.ts (seed plan). They
    // belong to the same entry and are validated with it.
    for (const [key, fname] of [
      ['rules', 'rules'],
      ['crossRules', 'cross'],
      ['seed', 'seed'],
    ] as const) {
      const side = ['ts', 'js'].map((x) => path.join(folder, `${fname}.${x}`)).find((f) => fs.existsSync(f));
      if (!side) continue;
      const sm = requireFile(side) as { default?: unknown };
      const value = sm.default ?? sm;
      if (entry && typeof entry === 'object' && (entry as Record<string, unknown>)[key] !== undefined) {
        throw new QuentyError('REGISTRY', `${label(name)}: ${key} is declared both in index.ts and in ${fname}.ts`, { hint: `keep one of the two` });
      }
      entry = { ...entry, [key]: value } as DatabaseEntryInput;
    }
    if (entry && typeof entry === 'object' && (entry as { name?: string }).name !== name) {
      throw new QuentyError('REGISTRY', `${label(name)}/index.ts declares name "${(entry as { name?: string }).name}"; the folder and the name must agree`);
    }
    raw.push({ source: label(name), entry, root });
  }
  return raw;
}

/**
 * Parses a `--db a,b` selection against the registry. No selection (undefined/null) means every
 * database, in registry order. A selection that was given but names nothing (`""`, `" "`, `","`,
 * `[]`) or holds an empty item (`"a,,b"`, `"a,"`) is a USAGE error naming what was given and the
 * valid names: an unset shell variable (`--db "$DB"`) must never widen to the whole fleet. A
 * name given twice is kept once (first position), so nothing runs twice at once.
 */
export function selectDatabases(registry: Registry, selection?: string | string[] | null): DatabaseEntry[] {
  if (selection === undefined || selection === null) return [...registry.databases];
  const raw = Array.isArray(selection) ? selection.flatMap((s) => String(s).split(',')) : String(selection).split(',');
  const list = raw.map((s) => s.trim());
  const known = registry.databases.map((d) => d.name).join(', ');
  const shown = JSON.stringify(Array.isArray(selection) ? selection.join(',') : selection);
  if (list.every((s) => !s)) {
    throw new QuentyError('USAGE', `--db ${shown} selects no database`, {
      hint: `name one or more (comma-separated) of: ${known}; leave --db out to mean all of them`,
    });
  }
  if (list.some((s) => !s)) {
    throw new QuentyError('USAGE', `--db ${shown} has an empty name in its list`, { hint: `comma-separated names without empty items, from: ${known}` });
  }
  const seen = new Set<string>();
  const out: DatabaseEntry[] = [];
  for (const n of list) {
    const d = registry.get(n);
    if (seen.has(d.name)) continue;
    seen.add(d.name);
    out.push(d);
  }
  return out;
}
