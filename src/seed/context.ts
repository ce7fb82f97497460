import fs from 'node:fs';
import path from 'node:path';
import type { Registry, Reference } from '../registry';
import { QuentyError } from '../util/errors';
import { Rng, hashString, mix, rowRng } from './prng';
import type { GenContext, Key, TableGenerator } from './types';

export const SCALES = { tiny: 2_000, small: 50_000, medium: 1_000_000, large: 10_000_000 } as const;
export type ScaleName = keyof typeof SCALES;
export const MONTHS_OF_DATA = 18;
/**
 * Rows every weighted table gets at least, whatever the scale and however many databases share
 * it: the smallest scale still exercises every table, reference and rule.
 */
export const MIN_TABLE_ROWS = 5;

/** Generators of every database of the registry, in load order. */
export type GeneratorSet = Map<string, Map<string, TableGenerator>>;

/** Loads `seeds/<database>/<table>.ts` for every table of each database's seed plan. */
export function loadGenerators(registry: Registry): GeneratorSet {
  const out: GeneratorSet = new Map();
  for (const db of registry.databases) {
    const plan = db.seed;
    if (!plan) continue;
    const order = plan.order ?? [...Object.keys(plan.fixed ?? {}), ...Object.keys(plan.tables)];
    const gens = new Map<string, TableGenerator>();
    for (const table of order) {
      const base = path.join(registry.seedsDir(db.name), table);
      const file = ['.ts', '.js'].map((x) => base + x).find((f) => fs.existsSync(f));
      if (!file) {
        throw new QuentyError('REGISTRY', `seed plan of ${db.name} lists ${table} but ${rel(registry, base)}.ts does not exist`, {
          database: db.name,
          hint: `add ${rel(registry, base)}.ts exporting \`defineTable({ table: '${table}', columns: [...], row(g, i, rng) {...} })\`, or remove ${table} from databases/${db.name}/seed.ts`,
        });
      }
      // eslint-disable-next-line @typescript-eslint/no-var-requires
      const mod = require(file);
      const gen: TableGenerator = mod.default ?? mod;
      if (gen.table !== table) throw new QuentyError('REGISTRY', `${rel(registry, base)}.ts declares table "${gen.table}"`, { database: db.name, hint: `set \`table: '${table}'\` in its defineTable` });
      gens.set(table, gen);
    }
    out.set(db.name, gens);
  }
  return out;
}

/** A path under one of the registry's roots, as the user sees it (relative to the working directory when shorter). */
function rel(registry: Registry, file: string): string {
  const r = path.relative(process.cwd(), file);
  return r && !r.startsWith('..') ? r : file;
}

/** A file of a database's registry entry (`index`, `seed`, `rules`), for messages. */
function entryFile(registry: Registry, database: string, file: string): string {
  return `${rel(registry, path.join(registry.rootOf(database), 'databases', database, file))}.ts`;
}

/** The generator file of a table, for messages. */
function seedFile(registry: Registry, database: string, table: string): string {
  return `${rel(registry, path.join(registry.seedsDir(database), table))}.ts`;
}

/**
 * The anchor: the start of the current UTC day, so that runs on one day give identical data and
 * no timestamp lies in the future (`--now` pins it).
 */
export function defaultAnchor(at = new Date()): Date {
  return new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate()));
}

export function monthStart(d: Date, addMonths = 0): Date {
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + addMonths, 1));
}

/** The generator context of every table over one world (counts known or being computed). */
export class World {
  readonly refs = new Map<string, Reference>();
  private contexts = new Map<string, GenContext>();
  private computing = new Set<string>();
  readonly now: Date;
  constructor(
    readonly registry: Registry,
    readonly generators: GeneratorSet,
    readonly seed: number,
    now: Date,
    private counts: Record<string, Record<string, number>>,
    private weighted?: (db: string, table: string) => number | undefined,
  ) {
    this.now = now;
    for (const d of registry.databases) for (const r of d.references) this.refs.set(`${d.name}.${r.table}.${r.column}`, r);
  }

  generator(database: string, table: string): TableGenerator {
    const g = this.generators.get(database)?.get(table);
    if (!g) {
      throw new QuentyError('REGISTRY', `no seed generator for ${database}.${table}`, {
        database,
        hint: this.registry.has(database) ? `add ${table} to the seed plan (seed.ts) of ${database} and write ${seedFile(this.registry, database, table)}` : `"${database}" is not a database of the registry`,
      });
    }
    return g;
  }

  count(database: string, table: string): number {
    const known = this.counts[database]?.[table];
    if (known !== undefined) return known;
    const key = `${database}.${table}`;
    if (this.computing.has(key)) throw new QuentyError('REGISTRY', `seed plan: the size of ${key} depends on itself`);
    this.computing.add(key);
    const gen = this.generator(database, table);
    let n = this.weighted?.(database, table);
    if (gen.count) n = gen.count(this.context(database, table));
    if (n === undefined) {
      throw new QuentyError('REGISTRY', `seed plan: no size for ${key}`, {
        database,
        hint: `add \`${table}: <rows per unit of scale>\` to \`tables\` in ${entryFile(this.registry, database, 'seed')}, or \`count: (g) => ...\` to the defineTable of ${seedFile(this.registry, database, table)}`,
      });
    }
    (this.counts[database] ??= {})[table] = n;
    this.computing.delete(key);
    return n;
  }

  snapshot(): Record<string, Record<string, number>> {
    return JSON.parse(JSON.stringify(this.counts));
  }

  context(database: string, table: string): GenContext {
    const k = `${database}.${table}`;
    let c = this.contexts.get(k);
    if (c) return c;
    const world = this;
    const seed = this.seed;
    const tableHash = hashString(k, seed >>> 0);
    const ref = (column: string): Reference => {
      const r = world.refs.get(`${k}.${column}`);
      if (!r) {
        throw new QuentyError('REGISTRY', `${k}.${column} is not a declared reference of ${database} (the generator ${seedFile(world.registry, database, table)} asks for it with g.ref)`, {
          database,
          hint: `add { table: '${table}', column: '${column}', nullable: false, parent: { database, table, column }, source: '...' } to \`references\` in ${entryFile(world.registry, database, 'index')} (or to \`referencedBy\` in the parent database's entry)`,
        });
      }
      return r;
    };
    const nowMs = this.now.getTime();
    const firstMonth = monthStart(this.now, -(MONTHS_OF_DATA - 1));
    c = {
      seed,
      database,
      table,
      now: this.now,
      count: (t, db = database) => world.count(db, t),
      other: (t, db = database) => world.context(db, t),
      rng: (ordinal, tag) => (tag ? rowRng(seed, `${k}#${tag}`, ordinal) : rowRng(seed, k, ordinal)),
      refOrdinal(column, ordinal) {
        const r = ref(column);
        const n = world.count(r.parent.database, r.parent.table);
        if (n === 0) throw new QuentyError('REGISTRY', `${k}.${column} references ${r.parent.database}.${r.parent.table}, which gets no rows`);
        return mix(hashString(column, tableHash), ordinal) % n;
      },
      ref(column, ordinal) {
        return c!.refAt(column, c!.refOrdinal(column, ordinal));
      },
      refAt(column, parentOrdinal) {
        const r = ref(column);
        return world.key(r.parent.database, r.parent.table, r.parent.column, parentOrdinal);
      },
      key: (db, t, column, ordinal) => world.key(db, t, column, ordinal),
      time(ordinal, tag) {
        const tagHash = hashString(tag ?? 'time', tableHash);
        const rng = new Rng(mix(tagHash, ordinal));
        // Any 18 consecutive ordinals cover the 18 months: every monthly partition gets rows.
        const m = (ordinal + (tagHash % MONTHS_OF_DATA)) % MONTHS_OF_DATA;
        const from = monthStart(firstMonth, m).getTime();
        const to = Math.min(monthStart(firstMonth, m + 1).getTime(), nowMs);
        return new Date(from + Math.floor(rng.float() * (to - from) / 1000) * 1000);
      },
    };
    this.contexts.set(k, c);
    return c;
  }

  key(database: string, table: string, column: string, ordinal: number): Key {
    const gen = this.generator(database, table);
    const f = gen.keys?.[column];
    if (!f) {
      const from = [...this.refs.entries()]
        .filter(([, r]) => r.parent.database === database && r.parent.table === table && r.parent.column === column)
        .map(([k]) => k);
      throw new QuentyError('REGISTRY', `${seedFile(this.registry, database, table)} has no key function for ${column}, which a registry reference points at${from.length ? ` (${from.join(', ')})` : ''}`, {
        database,
        hint: `add \`keys: { ${column}: (g, i) => <the ${column} of row i> }\` to the defineTable of ${seedFile(this.registry, database, table)}, returning exactly what its row(g, i) writes in ${column} (docs/adding-a-database.md)`,
      });
    }
    return f(this.context(database, table), ordinal);
  }
}

/**
 * Pure: the row counts of every table for a scale (total rows) or a row count. Weighted tables
 * share what fixed and derived tables leave, found by scaling (derived sizes are ~linear).
 */
export function planCounts(registry: Registry, generators: GeneratorSet, seed: number, now: Date, totalRows: number): Record<string, Record<string, number>> {
  const dbs = registry.databases.filter((d) => d.seed);
  const evalAt = (unit: number) => {
    const world = new World(registry, generators, seed, now, {}, (db, t) => {
      const plan = registry.get(db).seed!;
      if (plan.fixed?.[t] !== undefined) return plan.fixed[t];
      const w = plan.tables[t];
      return w === undefined ? undefined : Math.max(w > 0 ? MIN_TABLE_ROWS : 0, Math.round(w * unit));
    });
    let total = 0;
    for (const d of dbs) for (const t of generators.get(d.name)?.keys() ?? []) total += world.count(d.name, t) * (keep.get(`${d.name}.${t}`) ?? 1);
    return { world, total };
  };
  // Some generators leave ordinals out (a payment only for a paid installment): estimate the
  // share each keeps from a sample, so that the scale counts rows actually written.
  const keep = new Map<string, number>();
  let unit = 1000;
  let r = evalAt(unit);
  for (const d of dbs) {
    for (const [t, gen] of generators.get(d.name) ?? []) {
      const n = r.world.count(d.name, t);
      const sample = Math.min(n, 400);
      if (!sample) continue;
      const g = r.world.context(d.name, t);
      let kept = 0;
      for (let k = 0; k < sample; k++) {
        const i = Math.floor((k * n) / sample);
        if (gen.row(g, i, rowRng(seed, `${d.name}.${t}`, i))) kept++;
      }
      keep.set(`${d.name}.${t}`, kept / sample);
    }
  }
  r = evalAt(unit);
  for (let i = 0; i < 4 && Math.abs(r.total - totalRows) > totalRows * 0.01; i++) {
    const fixed = evalAt(0).total;
    unit = Math.max(0.001, (unit * (totalRows - fixed)) / Math.max(1, r.total - fixed));
    r = evalAt(unit);
  }
  return r.world.snapshot();
}
