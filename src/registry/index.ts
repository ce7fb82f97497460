import fs from 'node:fs';
import path from 'node:path';
import { ZodError } from 'zod';
import { QuentyError } from '../util/errors';
import { DatabaseEntry, DatabaseEntryInput, DatabaseEntrySchema } from './schema';

export * from './schema';

/** Root of the package: where `databases/`, `migrations/` and `seeds/` live. */
export const PACKAGE_ROOT = path.resolve(__dirname, '..', '..');

export interface Registry {
  readonly databases: readonly DatabaseEntry[];
  get(name: string): DatabaseEntry;
  has(name: string): boolean;
  /** Directory of a database's migrations. */
  migrationsDir(name: string): string;
  readonly root: string;
}

function formatZod(err: ZodError): string {
  return err.issues.map((i) => `${i.path.join('.') || '(entry)'}: ${i.message}`).join('; ');
}

/**
 * Validates raw entries (pure; used by tests with plain objects) and checks the rules that
 * span entries: unique names, services and version tables, references to known databases,
 * and no reference or partition declared twice.
 */
export function buildRegistry(raw: Array<{ source: string; entry: unknown }>, root = PACKAGE_ROOT): Registry {
  const databases: DatabaseEntry[] = [];
  for (const { source, entry } of raw) {
    const parsed = DatabaseEntrySchema.safeParse(entry);
    if (!parsed.success) {
      throw new QuentyError('REGISTRY', `invalid registry entry ${source}: ${formatZod(parsed.error)}`, {
        hint: 'fix the entry in databases/<name>/index.ts',
      });
    }
    databases.push(parsed.data);
  }
  const seen = (what: string, values: string[]) => {
    const dup = values.find((v, i) => values.indexOf(v) !== i);
    if (dup) throw new QuentyError('REGISTRY', `registry: ${what} "${dup}" is declared by more than one database`);
  };
  seen('database name', databases.map((d) => d.name));
  seen('service role', databases.map((d) => d.service));
  seen('version table', databases.map((d) => d.versionTable));
  const names = new Set(databases.map((d) => d.name));
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
  }
  const byName = new Map(databases.map((d) => [d.name, d]));
  return {
    databases,
    root,
    has: (name) => byName.has(name),
    get(name) {
      const d = byName.get(name);
      if (!d) {
        throw new QuentyError('USAGE', `unknown database "${name}"`, { hint: `known databases: ${[...byName.keys()].join(', ')}` });
      }
      return d;
    },
    migrationsDir: (name) => path.join(root, 'migrations', name),
  };
}

let cached: Registry | undefined;

/** Loads every `databases/<name>/index.(ts|js)` under the package root (cached). */
export function loadRegistry(root = PACKAGE_ROOT): Registry {
  if (cached && cached.root === root) return cached;
  const dir = path.join(root, 'databases');
  const raw: Array<{ source: string; entry: unknown }> = [];
  for (const name of fs.readdirSync(dir).sort()) {
    const folder = path.join(dir, name);
    if (!fs.statSync(folder).isDirectory()) continue;
    const file = ['index.ts', 'index.js'].map((f) => path.join(folder, f)).find((f) => fs.existsSync(f));
    if (!file) throw new QuentyError('REGISTRY', `databases/${name} has no index.ts`);
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    const mod = require(file);
    let entry: DatabaseEntryInput = mod.default ?? mod;
    // Optional sibling files keep large declarations apart: rules.ts (audit business rules, an
    // array) and seed.ts (seed plan). They belong to the same entry and are validated with it.
    for (const [key, fname] of [['rules', 'rules'], ['seed', 'seed']] as const) {
      const side = ['ts', 'js'].map((x) => path.join(folder, `${fname}.${x}`)).find((f) => fs.existsSync(f));
      if (!side) continue;
      const sm = require(side);
      const value = sm.default ?? sm;
      if (entry && typeof entry === 'object' && (entry as Record<string, unknown>)[key] !== undefined) {
        throw new QuentyError('REGISTRY', `databases/${name}: ${key} is declared both in index.ts and in ${fname}.ts`);
      }
      entry = { ...entry, [key]: value } as DatabaseEntryInput;
    }
    if (entry && typeof entry === 'object' && (entry as { name?: string }).name !== name) {
      throw new QuentyError('REGISTRY', `databases/${name}/index.ts declares name "${(entry as { name?: string }).name}"; the folder and the name must agree`);
    }
    raw.push({ source: `databases/${name}`, entry });
  }
  cached = buildRegistry(raw, root);
  return cached;
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
