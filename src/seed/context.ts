import fs from 'node:fs';
import path from 'node:path';
import type { Registry, Reference } from '../registry';
import { QuentyError } from '../util/errors';
import { requireFile } from '../util/require-file';
import { Rng, hashString, hashesByTag, mix, rowRng } from './prng';
import type { Clock, GenContext, Key, RowFacts, TableGenerator } from './types';
import { MX_TZ, TimeModel, localMinute } from './time';
import { ARENA_BYTES_PER_ROW, FactsSpill, FactsStore, FactsStoreInit } from './facts-store';

/** Facts memo of one table: direct-mapped by ordinal (O(1), bounded memory). */
const FACTS_SLOTS = 1 << 16;
/**
 * Tables with facts and more rows than this get a store every generation thread shares (by
 * default), so that each row's facts are computed once. A table whose rows a memo holds, and
 * whose facts take at most MEMO_FACTS_BYTES encoded, also keeps them whole in each thread's memo
 * (a thread decodes a row at most once), and its store stays outside the world's memory budget
 * (src/seed/facts-store.ts).
 */
export const SHARED_FACTS_ROWS = 1 << 12;
/**
 * The most a table's facts may take (encoded, as the store would hold them) to stay in each
 * thread's memo. Decoded objects take 3–5 times that in each thread's heap: at `--scale large`
 * the 43,820 manifests' facts, memoised whole, took 78 MB of each thread's heap. A bound in bytes
 * keeps each thread's memory the same at every scale. 16 MB let a table just under it (the
 * ~65,000 returns at large: about 16 MB, in or out with the anchor's day) add 85 MB to each
 * thread (large peaked at 820 MB against 645 MB a day apart); at 8 MB it peaks at 621 MB, with
 * no measurable CPU cost at medium (orders, 12 MB, move to the store) or large.
 */
export const MEMO_FACTS_BYTES = 8 << 20;
/** Slots of a memo in front of a shared facts store (it keeps the objects of nearby rows; decoding a row costs a few µs). */
const STORED_FACTS_SLOTS = 1 << 10;
class FactsMemo {
  private ords: Float64Array;
  private vals: Array<RowFacts | undefined>;
  private mask: number;
  /** `rows`: the table's row count (no more slots than rows); a power of two of at most `max` slots. */
  constructor(rows: number, max = FACTS_SLOTS) {
    let slots = Math.min(1024, max);
    while (slots < rows && slots < max) slots <<= 1;
    this.ords = new Float64Array(slots).fill(-1);
    this.vals = new Array(slots);
    this.mask = slots - 1;
  }
  get(ordinal: number, make: (i: number) => RowFacts): RowFacts {
    const slot = ordinal & this.mask;
    if (this.ords[slot] === ordinal) return this.vals[slot]!;
    const v = make(ordinal);
    this.ords[slot] = ordinal;
    this.vals[slot] = v;
    return v;
  }
}

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
      const mod = requireFile(file) as { default?: TableGenerator } & TableGenerator;
      const gen: TableGenerator = mod.default ?? mod;
      if (gen.table !== table)
        throw new QuentyError('REGISTRY', `${rel(registry, base)}.ts declares table "${gen.table}"`, {
          database: db.name,
          hint: `set \`table: '${table}'\` in its defineTable`,
        });
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
  private contexts = new Map<string, Map<string, GenContext>>();
  private computing = new Set<string>();
  private factTables = new Map<string, Map<string, { memo: FactsMemo; make: (i: number) => RowFacts }>>();
  readonly now: Date;
  readonly time: TimeModel;
  readonly clock: Clock;
  private memoMaps = new Map<string, Map<string, unknown>>();
  /**
   * Facts shared by every generation thread of this world, by `database.table`
   * (src/seed/facts-store.ts). A table without one memoises its facts in this thread only.
   */
  private stores = new Map<string, FactsStore>();
  /**
   * Where a summary (`g.memo`) comes from when several threads generate one world: the thread
   * that asks first computes it and every other thread receives it (src/seed/shared-memo.ts).
   * Unset: computed here.
   */
  shared?: (id: string, make: () => unknown) => unknown;
  constructor(
    readonly registry: Registry,
    readonly generators: GeneratorSet,
    readonly seed: number,
    now: Date,
    private counts: Record<string, Record<string, number>>,
    private weighted?: (db: string, table: string) => number | undefined,
    time?: TimeModel,
  ) {
    this.now = now;
    this.time = time && time.now.getTime() === now.getTime() ? time : new TimeModel(now, monthStart(now, -(MONTHS_OF_DATA - 1)));
    this.clock = makeClock(this.time);
    for (const d of registry.databases) for (const r of d.references) this.refs.set(`${d.name}.${r.table}.${r.column}`, r);
  }

  generator(database: string, table: string): TableGenerator {
    const g = this.generators.get(database)?.get(table);
    if (!g) {
      throw new QuentyError('REGISTRY', `no seed generator for ${database}.${table}`, {
        database,
        hint: this.registry.has(database)
          ? `add ${table} to the seed plan (seed.ts) of ${database} and write ${seedFile(this.registry, database, table)}`
          : `"${database}" is not a database of the registry`,
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
    // Called for every facts/find/tally/key of another table: two lookups, no string built.
    let byTable = this.contexts.get(database);
    if (!byTable) this.contexts.set(database, (byTable = new Map()));
    let c = byTable.get(table);
    if (c) return c;
    const k = `${database}.${table}`;
    const world = this;
    const seed = this.seed;
    const tableHash = hashString(k, seed >>> 0);
    const refs = new Map<string, { r: Reference; hash: number }>();
    const refOf = (column: string): { r: Reference; hash: number } => {
      let e = refs.get(column);
      if (!e) refs.set(column, (e = { r: ref(column), hash: hashString(column, tableHash) }));
      return e;
    };
    const ref = (column: string): Reference => {
      const r = world.refs.get(`${k}.${column}`);
      if (!r) {
        throw new QuentyError(
          'REGISTRY',
          `${k}.${column} is not a declared reference of ${database} (the generator ${seedFile(world.registry, database, table)} asks for it with g.ref)`,
          {
            database,
            hint: `add { table: '${table}', column: '${column}', nullable: false, parent: { database, table, column }, source: '...' } to \`references\` in ${entryFile(world.registry, database, 'index')} (or to \`referencedBy\` in the parent database's entry)`,
          },
        );
      }
      return r;
    };
    // Hashes of the tags of g.rng and g.time, computed once per tag (the same values as
    // rowRng(seed, `${k}#${tag}`, i) and hashString(tag, tableHash)).
    const tagHash = hashesByTag((tag) => hashString(`${k}#${tag}`, seed >>> 0));
    const timeHash = hashesByTag((tag) => hashString(tag, tableHash));
    /** GenContext.memo: summaries by key within this table (shared between threads through `world.shared`). */
    const memos = this.memosOf(k);
    const nowMs = this.now.getTime();
    const firstMonth = monthStart(this.now, -(MONTHS_OF_DATA - 1));
    c = {
      seed,
      database,
      table,
      now: this.now,
      clock: this.clock,
      services: this.registry.databases.map((d) => d.service),
      facts: ((db: string, t: string, ordinal: number) => {
        // Another table's row past its end (row counts given by hand that make a child outnumber
        // the parent it follows row by row) is a clear error, not a read past a store. A table's
        // own facts past its count stay pure functions (tests generate far past small counts).
        if ((db !== database || t !== table) && !(ordinal >= 0 && ordinal < world.count(db, t))) {
          throw new QuentyError('USAGE', `${db}.${t} has ${world.count(db, t)} row(s) in this seed; row ${ordinal} was asked for`, {
            hint: 'a row count given by hand is smaller than a table that refers to it row by row: raise it or lower the other',
          });
        }
        return world.facts(db, t, ordinal);
      }) as GenContext['facts'],
      parentFacts(column, childOrdinal) {
        const { r } = refOf(column);
        return world.facts(r.parent.database, r.parent.table, c!.refOrdinal(column, childOrdinal));
      },
      find: (db, t, by, value, k = 0) => world.find(db, t, by, value, k),
      tally: (db, t, by, value, before) => world.tally(db, t, by, value, before),
      memo: <T>(key: string, make: () => T): T => {
        if (memos.has(key)) return memos.get(key) as T;
        const v = world.shared ? (world.shared(`${k}|${key}`, make) as T) : make();
        memos.set(key, v);
        return v;
      },
      count: (t, db = database) => world.count(db, t),
      other: (t, db = database) => world.context(db, t),
      rng: (ordinal, tag) => new Rng(mix(tag ? tagHash(tag) : tableHash, ordinal)),
      refOrdinal(column, ordinal) {
        const { r, hash } = refOf(column);
        const n = world.count(r.parent.database, r.parent.table);
        if (n === 0) throw new QuentyError('REGISTRY', `${k}.${column} references ${r.parent.database}.${r.parent.table}, which gets no rows`);
        return mix(hash, ordinal) % n;
      },
      ref(column, ordinal) {
        return c!.refAt(column, c!.refOrdinal(column, ordinal));
      },
      refAt(column, parentOrdinal) {
        const { r } = refOf(column);
        return world.key(r.parent.database, r.parent.table, r.parent.column, parentOrdinal);
      },
      key: (db, t, column, ordinal) => world.key(db, t, column, ordinal),
      time(ordinal, tag) {
        const h = timeHash(tag ?? 'time');
        const rng = new Rng(mix(h, ordinal));
        // Any 18 consecutive ordinals cover the 18 months: every monthly partition gets rows.
        const m = (ordinal + (h % MONTHS_OF_DATA)) % MONTHS_OF_DATA;
        const from = monthStart(firstMonth, m).getTime();
        const to = Math.min(monthStart(firstMonth, m + 1).getTime(), nowMs);
        return new Date(from + Math.floor((rng.float() * (to - from)) / 1000) * 1000);
      },
    };
    byTable.set(table, c);
    return c;
  }

  private memosOf(table: string): Map<string, unknown> {
    let m = this.memoMaps.get(table);
    if (!m) this.memoMaps.set(table, (m = new Map()));
    return m;
  }

  /** A summary computed by another thread (`id`: `database.table|key`, as `shared` names it). */
  installMemo(id: string, value: unknown): void {
    const bar = id.indexOf('|');
    this.memosOf(id.slice(0, bar)).set(id.slice(bar + 1), value);
  }

  /**
   * Shared facts stores for the tables of this world that have `facts` and more than
   * SHARED_FACTS_ROWS rows, by `database.table`: made once by the main thread and given to every
   * thread, which reads a table from its store when a memo cannot hold the table whole or its
   * facts take more than MEMO_FACTS_BYTES. Given `minRows` (tests), every table of more rows
   * than that reads its store. With `spill`, the stores hold its memory budget together and write
   * the rest to its file (FactsStore.spill).
   */
  factsStores(minRows?: number, spill?: FactsSpill): Record<string, FactsStoreInit> {
    const memoBytes = minRows === undefined ? MEMO_FACTS_BYTES : 0;
    minRows ??= SHARED_FACTS_ROWS;
    const out: Record<string, FactsStoreInit> = {};
    for (const [database, gens] of this.generators)
      for (const [table, gen] of gens) {
        const rows = gen.facts ? this.count(database, table) : 0;
        if (rows <= minRows) continue;
        try {
          out[`${database}.${table}`] = FactsStore.create(rows, memoBytes, ARENA_BYTES_PER_ROW, spill);
        } catch {
          // Address space refused (a store is reserved, not committed, but a host may not
          // overcommit): this table keeps its facts in each thread's memo, as without a store.
        }
      }
    return out;
  }

  /** Uses the shared facts stores of `factsStores()` (before the first facts are asked for). */
  useFactsStores(stores: Record<string, FactsStoreInit>): void {
    for (const [k, init] of Object.entries(stores)) this.stores.set(k, new FactsStore(init));
  }

  /** Writes this thread's batches of spilled facts to the world's file, for every thread to read (after each chunk). */
  flushFactsStores(): void {
    for (const s of this.stores.values()) s.flush();
  }

  /**
   * Per stored table: rows decoded from the store, written to it and not fitting it by this
   * thread (of which written to and read from the file), the store's bytes in memory, and the
   * bytes of the world's file (every store).
   */
  factsStoreStats(): Record<string, FactsStoreStats> {
    const out: Record<string, FactsStoreStats> = {};
    for (const [k, s] of this.stores)
      out[k] = { hits: s.hits, writes: s.writes, misfits: s.misfits, spilled: s.spilled, fileReads: s.fileReads, bytes: s.used(), fileBytes: s.fileBytes() };
    return out;
  }

  /**
   * Facts of a row through its generator's `facts`: from this thread's memo, else from the
   * world's shared store (large tables), else computed (and stored for every thread).
   */
  facts(database: string, table: string, ordinal: number): RowFacts {
    let byTable = this.factTables.get(database);
    if (!byTable) this.factTables.set(database, (byTable = new Map()));
    let e = byTable.get(table);
    if (!e) {
      const gen = this.generator(database, table);
      const make = gen.facts;
      if (!make) throw new QuentyError('REGISTRY', `seeds/${database}/${table}.ts exports no facts(), which another generator asks for`);
      const g = this.context(database, table);
      const rows = this.count(database, table);
      const plain = (i: number) => make(g, i);
      e = { memo: new FactsMemo(rows), make: plain };
      byTable.set(table, e);
      const store = this.stores.get(`${database}.${table}`);
      // The codec learns the table's shape from sample rows (through the plain memo: a sample
      // may ask for other rows of the same table). A sample may stop on a summary another
      // thread is computing (MemoBusy): the chunk is made again later, and the store learnt then.
      let learnt = false;
      try {
        learnt = store?.learn(rows, (i) => e!.memo.get(i, plain)) ?? false;
      } catch (err) {
        byTable.delete(table);
        throw err;
      }
      if (store && learnt) {
        // A row's facts are computed once for every thread: the others decode them from the store.
        // A table a memo holds whole (within MEMO_FACTS_BYTES) keeps its whole memo, so a thread
        // decodes a row at most once; for a larger table the store holds every row, and the memo
        // in front only keeps the objects of nearby rows alive.
        if (rows > FACTS_SLOTS || rows * store.sampleBytes > store.memoBytes) e.memo = new FactsMemo(rows, STORED_FACTS_SLOTS);
        else store.outsideBudget();
        e.make = (i: number) => {
          const have = store.get(i);
          if (have) return have;
          const v = plain(i);
          store.put(i, v);
          return v;
        };
      }
    }
    return e.memo.get(ordinal, e.make);
  }

  find(database: string, table: string, by: string, value: Key, k: number): number {
    const gen = this.generator(database, table);
    const f = gen.find?.[by];
    if (!f) throw new QuentyError('REGISTRY', `seeds/${database}/${table}.ts has no find.${by}, which another generator asks for`);
    return f(this.context(database, table), value, k);
  }

  tally(database: string, table: string, by: string, value: Key, before?: Date): number {
    const gen = this.generator(database, table);
    const f = gen.tally?.[by];
    if (!f) throw new QuentyError('REGISTRY', `seeds/${database}/${table}.ts has no tally.${by}, which another generator asks for`);
    return f(this.context(database, table), value, before);
  }

  key(database: string, table: string, column: string, ordinal: number): Key {
    const gen = this.generator(database, table);
    const f = gen.keys?.[column];
    if (!f) {
      const from = [...this.refs.entries()]
        .filter(([, r]) => r.parent.database === database && r.parent.table === table && r.parent.column === column)
        .map(([k]) => k);
      throw new QuentyError(
        'REGISTRY',
        `${seedFile(this.registry, database, table)} has no key function for ${column}, which a registry reference points at${from.length ? ` (${from.join(', ')})` : ''}`,
        {
          database,
          hint: `add \`keys: { ${column}: (g, i) => <the ${column} of row i> }\` to the defineTable of ${seedFile(this.registry, database, table)}, returning exactly what its row(g, i) writes in ${column} (docs/adding-a-database.md)`,
        },
      );
    }
    return f(this.context(database, table), ordinal);
  }
}

export interface FactsStoreStats {
  hits: number;
  writes: number;
  misfits: number;
  spilled: number;
  fileReads: number;
  bytes: number;
  fileBytes: number;
}

/**
 * Pure: the row counts of every table for a scale (total rows) or a row count. Weighted tables
 * share what fixed and derived tables leave, found by scaling (derived sizes are ~linear).
 */
export function planCounts(registry: Registry, generators: GeneratorSet, seed: number, now: Date, totalRows: number): Record<string, Record<string, number>> {
  const dbs = registry.databases.filter((d) => d.seed);
  const time = new TimeModel(now, monthStart(now, -(MONTHS_OF_DATA - 1)));
  const evalAt = (unit: number) => {
    const world = new World(
      registry,
      generators,
      seed,
      now,
      {},
      (db, t) => {
        const plan = registry.get(db).seed!;
        if (plan.fixed?.[t] !== undefined) return plan.fixed[t];
        const w = plan.tables[t];
        return w === undefined ? undefined : Math.max(w > 0 ? MIN_TABLE_ROWS : 0, Math.round(w * unit));
      },
      time,
    );
    let total = 0;
    for (const d of dbs) for (const t of generators.get(d.name)?.keys() ?? []) total += world.count(d.name, t) * (keep.get(`${d.name}.${t}`) ?? 1);
    return { world, total };
  };
  // Some generators leave ordinals out (a payment only for a paid installment, a route only for
  // a day and zone with pickups), in shares that may depend on the scale: estimate the share each
  // keeps from a sample of the world being sized, and size again until the total fits.
  const keep = new Map<string, number>();
  const sampleKeep = (world: World) => {
    for (const d of dbs) {
      for (const [t, gen] of generators.get(d.name) ?? []) {
        const n = world.count(d.name, t);
        const sample = Math.min(n, 200);
        if (!sample) continue;
        const g = world.context(d.name, t);
        if (gen.kept) {
          keep.set(`${d.name}.${t}`, gen.kept(g));
          continue;
        }
        let kept = 0;
        for (let k = 0; k < sample; k++) {
          const i = Math.floor((k * n) / sample);
          if (gen.row(g, i, rowRng(seed, `${d.name}.${t}`, i))) kept++;
        }
        keep.set(`${d.name}.${t}`, kept / sample);
      }
    }
  };
  // Start at the answer when it can: a world of 92 rows per unit of scale (medium's and large's
  // answer, 90-94; small's is 104) is within 1% at medium and large, so one sampling pass plans
  // them (0.8 s cold); each further pass costs 0.3-0.5 s, and large swung between 90 and 94 for
  // five passes from a start of 60 (docs/seed.md, "Tenth round").
  let unit = Math.max(1, totalRows / 92);
  let r = evalAt(unit);
  for (let i = 0; i < 5; i++) {
    sampleKeep(r.world);
    r = evalAt(unit);
    if (Math.abs(r.total - totalRows) <= totalRows * 0.01) break;
    const fixed = evalAt(0).total;
    unit = Math.max(0.001, (unit * (totalRows - fixed)) / Math.max(1, r.total - fixed));
    r = evalAt(unit);
  }
  return r.world.snapshot();
}

const DAY = 86_400_000;

/** The world's clock over its time model (pure given `now`). */
function makeClock(tm: TimeModel): Clock {
  const z = tm.zones;
  const clock: Clock = {
    firstDay: new Date(tm.firstDay),
    days: tm.days,
    day(kind, ordinal, n, rng) {
      return tm.line(kind).dayOf((ordinal + rng.float()) / Math.max(1, n));
    },
    at(kind, ordinal, n, rng, tz = MX_TZ, profile = 'consumer') {
      const d = clock.day(kind, ordinal, n, rng);
      const t = z.localToUtc(tz, tm.dayMs(d), Math.max(0, localMinute(rng, profile)));
      // The anchor is the end of the data: nothing at or after it.
      return t.getTime() < tm.now.getTime() ? t : new Date(tm.now.getTime() - 60_000 - rng.int(3_600_000));
    },
    countBefore(kind, n, at) {
      // Local dates differ from UTC dates by under a day: a day of margin keeps "before" strict.
      const d = Math.floor((at.getTime() - tm.firstDay) / DAY) - 1;
      return tm.line(kind).countBefore(n, d);
    },
    utc: (tz, dayMs, minutes) => z.localToUtc(tz, dayMs, minutes),
    local: (tz, at) => z.utcToLocal(tz, at),
    after(from, minMinutes, maxMinutes, rng, tz = MX_TZ, profile = 'any') {
      const earliest = from.getTime() + minMinutes * 60_000;
      const target = earliest + rng.int(Math.max(1, (maxMinutes - minMinutes) * 60_000));
      const e = z.utcToLocal(tz, new Date(earliest));
      let { dayMs } = z.utcToLocal(tz, new Date(target));
      for (let k = 0; k < 10; k++, dayMs += DAY) {
        if (profile !== 'consumer' && profile !== 'any' && new Date(dayMs).getUTCDay() === 0) continue;
        const m = localMinute(rng, profile, dayMs === e.dayMs ? Math.min(1439, e.minutes + 1) : 0);
        if (m < 0) continue;
        const t = z.localToUtc(tz, dayMs, m);
        if (t.getTime() >= earliest) return t;
      }
      return new Date(earliest);
    },
  };
  return clock;
}
