import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { loadRegistry } from '../../src/registry';
import { MEMO_FACTS_BYTES, World, loadGenerators, planCounts } from '../../src/seed/context';
import { FactsCodec, learnShape } from '../../src/seed/facts-codec';
import { FactsSpill, FactsStore, NARROW_ROW_BYTES, SHAPE_SAMPLES, SPILL_BATCH } from '../../src/seed/facts-store';
import { GeneratorPool } from '../../src/seed/workers';
import { ChunkTask, expectChunksAsAlone } from '../helpers/pool-chunks';

/** A row's facts as a generator would make them: a pure function of the ordinal, with the variety real facts have. */
const factsOf = (i: number) => {
  const f: Record<string, unknown> = {
    born: new Date(Date.UTC(2025, 6, 1) + i * 60_000),
    customer: i % 11 ? i * 7 : undefined,
    place: {
      state: i % 3 ? 'Jalisco' : 'Ciudad de México',
      city: i % 2 ? 'Guadalajara' : 'Zapopan',
      lat: 20.6 + i / 1e6,
      lng: -103.3,
      tz: 'America/Mexico_City',
    },
    person: { first: ['José', 'María José', 'Ñeri', 'Zoë'][i % 4], last1: `Peña${i}`, female: i % 2 === 0 },
    lines: Array.from({ length: i % 4 }, (_, j) => ({ product: i + j, quantity: 1 + j, total: (i % 97) + j / 100 })),
    lastLogin: i % 3 ? null : new Date(i),
    zone: i % 7 ? -1 : -0,
    score: i % 5 ? 0.1 * i : 2 ** 40 + i,
    note: i % 5 ? 'Ω' + 'x'.repeat(i % 50) : '',
    times: { placed: new Date(i * 1000), updated: new Date(i * 2000) } as Record<string, Date>,
  };
  // Optional keys, as `delete times[key]` leaves them.
  if (i % 2) (f.times as Record<string, Date>).shipped = new Date(i * 1500);
  return f;
};

const SAMPLES = Array.from({ length: 300 }, (_, i) => factsOf(i));

function roundTrip(codec: FactsCodec, arena: Uint8Array, v: unknown): unknown {
  const n = codec.encode(v);
  if (n < 0) return undefined;
  arena.set(codec.encoded(), 16);
  return codec.decode(16);
}

describe('the facts codec learnt from sample rows', () => {
  it('gives back equal facts: key order, absent and undefined keys, -0, large and fractional numbers, Dates, accents and non-Latin-1 text', () => {
    const arena = new Uint8Array(1 << 16);
    const codec = new FactsCodec(learnShape(SAMPLES)!, arena);
    for (let i = 0; i < 1000; i++) {
      const f = factsOf(i);
      const back = roundTrip(codec, arena, f) as Record<string, unknown>;
      expect(back).toStrictEqual(f);
      expect(Object.keys(back)).toEqual(Object.keys(f));
      expect(Object.keys(back.times as object)).toEqual(Object.keys(f.times as object));
      expect('customer' in back).toBe(true);
      if (f.zone === 0) expect(Object.is(back.zone, -0)).toBe(true);
    }
  });

  it('refuses a row that does not fit the learnt shape (a new key, a new kind of value) instead of losing part of it', () => {
    const arena = new Uint8Array(1 << 16);
    const codec = new FactsCodec(learnShape(SAMPLES)!, arena);
    expect(codec.encode({ ...factsOf(1), extra: 1 })).toBe(-1);
    expect(codec.encode({ ...factsOf(1), born: 'yesterday' })).toBe(-1);
    expect(codec.encode({ ...factsOf(1), place: new Map() })).toBe(-1);
    expect(codec.encode({ ...factsOf(1), note: 'x'.repeat(1 << 17) })).toBe(-1);
    // The codec still works after a refusal.
    expect(roundTrip(codec, arena, factsOf(3))).toStrictEqual(factsOf(3));
  });

  it('learns nothing from facts it cannot encode (class instances, functions)', () => {
    expect(learnShape([{ born: new Date(0), seen: new Set([1]) }])).toBeUndefined();
    expect(learnShape([{ born: new Date(0), f: () => 1 }])).toBeUndefined();
  });

  it('stores repeating strings as a table index and others as text', () => {
    const arena = new Uint8Array(1 << 16);
    const shape = learnShape(SAMPLES)!;
    expect(shape.keys!.get('place')!.keys!.get('tz')!.strings).toBeDefined();
    expect(shape.keys!.get('person')!.keys!.get('last1')!.strings).toBeUndefined();
    const codec = new FactsCodec(shape, arena);
    // A table value unseen in the samples is still stored, as text.
    const f = factsOf(2);
    (f.place as Record<string, unknown>).tz = 'America/Tijuana';
    expect(roundTrip(codec, arena, f)).toStrictEqual(f);
  });
});

describe('strings in the facts codec', () => {
  it('keeps the values that repeat in the samples in a table, even among rare ones, and stores the rest as text', () => {
    // A given name: a few frequent values among many seen once (too varied for a whole table).
    const rows = Array.from({ length: 200 }, (_, i) => ({ first: i % 4 === 0 ? 'María' : i % 4 === 1 ? 'José' : `Nombre${i}` }));
    const shape = learnShape(rows)!;
    const table = shape.keys!.get('first')!.strings!;
    expect([...table.keys()]).toEqual(['María', 'José']);
    const arena = new Uint8Array(1 << 12);
    const codec = new FactsCodec(shape, arena);
    const frequent = codec.encode({ first: 'María' });
    const rare = codec.encode({ first: 'Nombre7' });
    expect(frequent).toBeLessThan(rare);
    for (const r of [{ first: 'María' }, { first: 'Nombre7' }, { first: 'Xóchitl' }]) expect(roundTrip(codec, arena, r)).toStrictEqual(r);
  });

  it('gives back Latin-1 text of every length: empty, 255 and 256 characters, and longer', () => {
    const rows = [0, 1, 255, 256, 5_000].map((n) => ({ s: 'ñ'.repeat(n), t: 'a'.repeat(n) }));
    const shape = learnShape(rows)!;
    const arena = new Uint8Array(1 << 16);
    const codec = new FactsCodec(shape, arena);
    for (const r of rows) expect(roundTrip(codec, arena, r)).toStrictEqual(r);
    // A short string costs its tag, a one-byte length and its characters.
    expect(codec.encode({ s: 'abc', t: '' })).toBe(1 + (2 + 3) + (2 + 0));
  });
});

describe('the shared facts store of the seed', () => {
  const learnt = (s: FactsStore, rows: number) => expect(s.learn(rows, factsOf)).toBe(true);

  it('gives back what was put; nothing for rows never put', () => {
    const s = new FactsStore(FactsStore.create(100));
    learnt(s, 100);
    for (const i of [0, 5, 99]) s.put(i, factsOf(i));
    for (const i of [0, 5, 99]) expect(s.get(i)).toStrictEqual(factsOf(i));
    expect(s.get(1)).toBeUndefined();
    expect(s.get(98)).toBeUndefined();
  });

  it('is seen by every holder of its buffers: what one writes, another reads', () => {
    const init = FactsStore.create(50);
    const a = new FactsStore(init);
    const b = new FactsStore(init);
    learnt(a, 50);
    learnt(b, 50);
    a.put(7, factsOf(7));
    expect(b.get(7)).toStrictEqual(factsOf(7));
    expect(b.used()).toBe(a.used());
    expect(a.used()).toBeGreaterThan(0);
  });

  it('stops storing when its arena is full, without failing or corrupting the rows it holds', () => {
    // 20 rows of 48 bytes reserved: some rows fit, the rest are refused.
    const s = new FactsStore(FactsStore.create(20, 0, 48));
    learnt(s, 20);
    for (let i = 0; i < 20; i++) s.put(i, factsOf(i));
    const held = Array.from({ length: 20 }, (_, i) => i).filter((i) => s.get(i) !== undefined);
    expect(held.length).toBeGreaterThan(0);
    expect(held.length).toBeLessThan(20);
    for (const i of held) expect(s.get(i)).toStrictEqual(factsOf(i));
    expect(s.used()).toBeLessThanOrEqual(20 * 48);
  });

  it('two threads writing the same rows at once leave every row whole and equal to its facts', async () => {
    const rows = 20_000;
    const init = FactsStore.create(rows);
    const run = (from: number, step: number) =>
      new Promise<number>((resolve, reject) => {
        const w = new Worker(
          `
          require('tsx/cjs');
          const { workerData, parentPort } = require('node:worker_threads');
          const { FactsStore } = require(${JSON.stringify(path.resolve(__dirname, '../../src/seed/facts-store.ts'))});
          const s = new FactsStore(workerData.init);
          const factsOf = ${factsOf.toString()};
          s.learn(workerData.rows, factsOf);
          // Both threads walk every row (in different orders): each reads what is there or writes it.
          for (let k = 0; k < workerData.rows; k++) {
            const i = (workerData.from + k * workerData.step) % workerData.rows;
            if (!s.get(i)) s.put(i, factsOf(i));
          }
          parentPort.postMessage(s.writes);
          `,
          { eval: true, workerData: { init, rows, from, step } },
        );
        w.once('message', resolve);
        w.once('error', reject);
      });
    const writes = await Promise.all([run(0, 1), run(rows - 1, rows - 1)]);
    const s = new FactsStore(init);
    learnt(s, rows);
    for (let i = 0; i < rows; i++) expect(s.get(i)).toStrictEqual(factsOf(i));
    // Each row was computed by at least one thread, and most by only one.
    expect(writes[0] + writes[1]).toBeGreaterThanOrEqual(rows);
    expect(writes[0] + writes[1]).toBeLessThan(rows * 1.5);
  });
});

describe("a world's stores past their memory budget", () => {
  const learnt = (s: FactsStore, rows: number, facts = factsOf) => expect(s.learn(rows, facts)).toBe(true);
  let dir: string;
  const spills: Array<{ close(): void }> = [];
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'facts-spill-test-'))));
  afterEach(() => {
    for (const s of spills.splice(0)) s.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  const spillOf = (bytes: number) => {
    const s = FactsStore.spill(bytes, dir);
    spills.push(s);
    return s;
  };

  it('writes the rows past the budget to a file no one can see, and reads them back equal', () => {
    const spill = spillOf(2_000);
    expect(spill.fd).toBeGreaterThanOrEqual(0);
    // Opened and unlinked at once: nothing in the directory, whatever ends the process.
    expect(fs.readdirSync(dir)).toEqual([]);
    const s = new FactsStore(FactsStore.create(500, 0, undefined, spill));
    learnt(s, 500);
    for (let i = 0; i < 500; i++) s.put(i, factsOf(i));
    s.flush();
    for (let i = 0; i < 500; i++) expect(s.get(i)).toStrictEqual(factsOf(i));
    expect(s.used()).toBeLessThanOrEqual(2_000);
    expect(s.spilled).toBeGreaterThan(400);
    expect(s.fileReads).toBe(s.spilled);
    // Every spilled row in one write (they take less than a batch).
    expect(s.fileWrites).toBe(1);
    expect(s.fileBytes()).toBeGreaterThanOrEqual(s.spilled * s.sampleBytes * 0.5);
  });

  it('reads a record longer than one read (a row of a few kilobytes) whole', () => {
    const big = (i: number) => ({ i, text: 'ñ'.repeat(3000 + (i % 7)), list: Array.from({ length: 200 }, (_, j) => j * i) });
    const s = new FactsStore(FactsStore.create(20, 0, undefined, spillOf(0)));
    learnt(s, 20, big);
    for (let i = 0; i < 20; i++) s.put(i, big(i));
    s.flush();
    for (let i = 0; i < 20; i++) expect(s.get(i)).toStrictEqual(big(i));
    expect(s.spilled).toBe(20);
    expect(s.fileReads).toBe(20);
  });

  it('is shared by every holder: what one store writes to the file, another holder of its buffers reads', () => {
    const init = FactsStore.create(100, 0, undefined, spillOf(0));
    const a = new FactsStore(init);
    const b = new FactsStore(init);
    learnt(a, 100);
    learnt(b, 100);
    for (let i = 0; i < 100; i += 3) a.put(i, factsOf(i));
    // Not written yet: the writer reads them from its batch, the other holder does not see them.
    for (let i = 0; i < 100; i += 3) expect(a.get(i)).toStrictEqual(factsOf(i));
    for (let i = 0; i < 100; i++) expect(b.get(i)).toBeUndefined();
    expect(a.fileReads).toBe(0);
    a.flush();
    for (let i = 0; i < 100; i++) expect(b.get(i)).toStrictEqual(i % 3 ? undefined : factsOf(i));
  });

  it('writes spilled rows in batches, one write each, and reads every row back equal from the batch or the file', () => {
    const wide = (i: number) => ({ i, text: `${i}:` + 'ñx'.repeat(300 + (i % 50)) });
    const s = new FactsStore(FactsStore.create(2_000, 0, undefined, spillOf(0)));
    learnt(s, 2_000, wide);
    const reads = (from: number, to: number) => {
      for (let i = from; i < to; i++) expect(s.get(i)).toStrictEqual(wide(i));
    };
    for (let i = 0; i < 2_000; i++) {
      s.put(i, wide(i));
      // Now and then a row put earlier: from the file if its batch was written, else from the batch.
      if (i % 97 === 0) reads(Math.max(0, i - 300), i + 1);
    }
    // Both ways were taken: rows read back from the file, and rows read from a batch not yet written.
    expect(s.fileReads).toBeGreaterThan(0);
    expect(s.hits - s.fileReads).toBeGreaterThan(0);
    const written = s.fileWrites;
    s.flush();
    expect(s.fileWrites).toBe(written + 1);
    reads(0, 2_000);
    expect(s.spilled).toBe(2_000);
    // About 1 MB of records (4-byte length, 8-byte aligned): the batches that hold them, no more.
    expect(s.fileBytes()).toBeGreaterThan(1_000_000);
    expect(s.fileWrites).toBe(Math.ceil(s.fileBytes() / SPILL_BATCH));
    // A flush with nothing pending writes nothing.
    s.flush();
    expect(s.fileWrites).toBe(written + 1);
  });

  it('gives memory to narrow rows first: a wide table stops at its share of the budget, a narrow one uses the rest', () => {
    const budget = 64 * 1024;
    const spill = spillOf(budget);
    const wide = (i: number) => ({ i, text: 'x'.repeat(4 * NARROW_ROW_BYTES) });
    const narrow = (i: number) => ({ i, n: i * 2 });
    const w = new FactsStore(FactsStore.create(1000, 0, undefined, spill));
    const n = new FactsStore(FactsStore.create(5000, 0, undefined, spill));
    learnt(w, 1000, wide);
    learnt(n, 5000, narrow);
    for (let i = 0; i < 1000; i++) w.put(i, wide(i));
    for (let i = 0; i < 5000; i++) n.put(i, narrow(i));
    // Rows of about 4 × NARROW_ROW_BYTES: about a quarter of the budget in memory, the rest in the file.
    expect(w.used()).toBeGreaterThan(budget * 0.2);
    expect(w.used()).toBeLessThanOrEqual(budget * 0.26);
    expect(w.used() + n.used()).toBeGreaterThan(budget * 0.95);
    expect(w.used() + n.used()).toBeLessThanOrEqual(budget);
    for (let i = 0; i < 1000; i += 37) expect(w.get(i)).toStrictEqual(wide(i));
    for (let i = 0; i < 5000; i += 37) expect(n.get(i)).toStrictEqual(narrow(i));
  });

  it('stops spilling when a write fails (a full disk): the rows are then not stored, the ones stored stay readable', () => {
    // A file that refuses writes: each write fails as on a full disk.
    const fd = fs.openSync(path.join(dir, 'ro'), 'w+');
    fs.closeSync(fd);
    const readOnly = fs.openSync(path.join(dir, 'ro'), 'r');
    const spill: FactsSpill = { counters: new SharedArrayBuffer(12), memoryUnits: 100, fd: readOnly };
    try {
      const s = new FactsStore(FactsStore.create(50, 0, undefined, spill));
      learnt(s, 50);
      for (let i = 0; i < 50; i++) expect(() => s.put(i, factsOf(i))).not.toThrow();
      expect(() => s.flush()).not.toThrow();
      const held = Array.from({ length: 50 }, (_, i) => i).filter((i) => s.get(i) !== undefined);
      // What the 800 bytes of memory hold, nothing more; each of them whole.
      expect(held.length).toBeGreaterThan(0);
      expect(held.length).toBeLessThan(10);
      for (const i of held) expect(s.get(i)).toStrictEqual(factsOf(i));
      expect(s.spilled).toBe(0);
      expect(new Int32Array(spill.counters)[2]).toBe(1);
    } finally {
      fs.closeSync(readOnly);
    }
  });

  it('without a file (a directory that refuses one) stores what the budget holds and nothing more', () => {
    const spill = FactsStore.spill(1_000, path.join(dir, 'missing', 'deeper'));
    spills.push(spill);
    expect(spill.fd).toBe(-1);
    const s = new FactsStore(FactsStore.create(100, 0, undefined, spill));
    learnt(s, 100);
    for (let i = 0; i < 100; i++) s.put(i, factsOf(i));
    const held = Array.from({ length: 100 }, (_, i) => i).filter((i) => s.get(i) !== undefined);
    expect(held.length).toBeGreaterThan(0);
    expect(held.length).toBeLessThan(30);
    for (const i of held) expect(s.get(i)).toStrictEqual(factsOf(i));
  });
});

describe('which tables a thread reads from their store', () => {
  const registry = loadRegistry();
  const generators = loadGenerators(registry);
  const NOW = new Date('2026-06-15T00:00:00Z');
  const counts = planCounts(registry, generators, 5, NOW, 5_000);

  it('measures the encoded size of the sample rows it learns from', () => {
    const s = new FactsStore(FactsStore.create(100));
    expect(s.learn(100, factsOf)).toBe(true);
    for (let i = 0; i < 100; i++) s.put(i, factsOf(i));
    // Every row is a sample here; each record is padded to 8 bytes in the arena.
    expect(s.sampleBytes).toBeGreaterThan(40);
    expect(s.used()).toBeGreaterThanOrEqual(100 * s.sampleBytes);
    expect(s.used()).toBeLessThan(100 * (s.sampleBytes + 8));
  });

  it('keeps a table whose facts fit the byte budget in its memo, and reads a larger one from its store, with the same facts', () => {
    const alone = new World(registry, generators, 5, NOW, JSON.parse(JSON.stringify(counts)));
    const world = new World(registry, generators, 5, NOW, JSON.parse(JSON.stringify(counts)));
    const users = alone.count('auth_db', 'users');
    const orders = alone.count('order_db', 'orders');
    world.useFactsStores({
      'auth_db.users': FactsStore.create(users, 1 << 30),
      'order_db.orders': FactsStore.create(orders, 1),
    });
    for (let i = 0; i < orders; i += 13) expect(world.facts('order_db', 'orders', i)).toStrictEqual(alone.facts('order_db', 'orders', i));
    for (let i = 0; i < users; i += 13) expect(world.facts('auth_db', 'users', i)).toStrictEqual(alone.facts('auth_db', 'users', i));
    const stats = world.factsStoreStats();
    // Every user here is a sample of the codec, already in the memo: none decoded, none written.
    expect(users).toBeLessThanOrEqual(SHAPE_SAMPLES);
    expect(stats['auth_db.users'].hits).toBe(0);
    expect(stats['auth_db.users'].writes).toBe(0);
    expect(stats['order_db.orders'].writes).toBeGreaterThan(0);
  });

  it('computes the rows of a table the memos hold whole once for every thread, and keeps them outside the memory budget', () => {
    const more = planCounts(registry, generators, 5, NOW, 40_000);
    const users = more.auth_db.users;
    expect(users).toBeGreaterThan(2 * SHAPE_SAMPLES);
    const alone = new World(registry, generators, 5, NOW, JSON.parse(JSON.stringify(more)));
    const budget = 2 << 20;
    const spill = FactsStore.spill(budget);
    try {
      // Two threads' worlds over one store.
      const init = FactsStore.create(users, 1 << 30, undefined, spill);
      const [first, second] = [0, 1].map(() => {
        const w = new World(registry, generators, 5, NOW, JSON.parse(JSON.stringify(more)));
        w.useFactsStores({ 'auth_db.users': init });
        return w;
      });
      for (let i = 0; i < users; i++) expect(first.facts('auth_db', 'users', i)).toStrictEqual(alone.facts('auth_db', 'users', i));
      for (let i = 0; i < users; i++) expect(second.facts('auth_db', 'users', i)).toStrictEqual(alone.facts('auth_db', 'users', i));
      const a = first.factsStoreStats()['auth_db.users'];
      const b = second.factsStoreStats()['auth_db.users'];
      // The first computed every row but its samples and stored it; the second decoded them all.
      expect(a.writes).toBe(users - SHAPE_SAMPLES);
      expect(b.writes).toBe(0);
      expect(b.hits).toBe(users - SHAPE_SAMPLES);
      expect(a.spilled).toBe(0);
      expect(a.bytes).toBeGreaterThan(100 * 1024);
      // Not counted in the budget: a narrow table of the same world still gets all of it.
      const narrow = (i: number) => ({ i, n: i * 2 });
      const n = new FactsStore(FactsStore.create(400_000, 0, undefined, spill));
      expect(n.learn(400_000, narrow)).toBe(true);
      for (let i = 0; i < 400_000 && n.used() < budget; i++) n.put(i, narrow(i));
      expect(n.used()).toBeGreaterThan(budget * 0.99);
    } finally {
      spill.close();
    }
  });

  it('by default leaves the choice to the byte budget; given a row threshold (tests), stores every table above it', () => {
    // Large enough for some tables to pass SHARED_FACTS_ROWS.
    const world = new World(registry, generators, 5, NOW, planCounts(registry, generators, 5, NOW, 200_000));
    const byDefault = Object.values(world.factsStores());
    const forced = Object.values(world.factsStores(50));
    expect(byDefault.length).toBeGreaterThan(0);
    expect(forced.length).toBeGreaterThan(byDefault.length);
    expect(new Set(byDefault.map((s) => s.memoBytes))).toEqual(new Set([MEMO_FACTS_BYTES]));
    expect(new Set(forced.map((s) => s.memoBytes))).toEqual(new Set([0]));
  });
});

describe('a host that refuses the address space of a store', () => {
  it('leaves that table to the memos: no store, the same facts', () => {
    const registry = loadRegistry();
    const generators = loadGenerators(registry);
    const NOW = new Date('2026-06-15T00:00:00Z');
    const counts = planCounts(registry, generators, 5, NOW, 5_000);
    const alone = new World(registry, generators, 5, NOW, JSON.parse(JSON.stringify(counts)));
    const world = new World(registry, generators, 5, NOW, JSON.parse(JSON.stringify(counts)));
    const create = jest.spyOn(FactsStore, 'create').mockImplementation(() => {
      throw new RangeError('Array buffer allocation failed');
    });
    try {
      const stores = world.factsStores(50);
      expect(create).toHaveBeenCalled();
      expect(stores).toEqual({});
      world.useFactsStores(stores);
    } finally {
      create.mockRestore();
    }
    for (const i of [0, 7, 41]) expect(world.facts('auth_db', 'users', i)).toStrictEqual(alone.facts('auth_db', 'users', i));
  });
});

/** A world of 20,000 rows (seed 5): the registry, and two worlds of the same counts (one to generate alone, one for a pool). */
function twoWorlds() {
  const registry = loadRegistry();
  const generators = loadGenerators(registry);
  const NOW = new Date('2026-06-15T00:00:00Z');
  const counts = planCounts(registry, generators, 5, NOW, 20_000);
  const world = () => new World(registry, generators, 5, NOW, JSON.parse(JSON.stringify(counts)));
  return { registry, generators, NOW, alone: world(), shared: world() };
}

describe('facts shared between two real generation threads', () => {
  jest.setTimeout(180_000);

  it('gives every table the same chunks as one thread alone, with every large table read from its store, in a file past a memory budget of 0', async () => {
    const { registry, generators, NOW, alone, shared } = twoWorlds();
    const tasks: ChunkTask[] = [];
    for (const [db, gens] of generators)
      for (const table of gens.keys()) {
        const n = alone.count(db, table);
        const step = Math.max(1, Math.ceil(n / 3));
        for (let from = 0; from < n; from += step) tasks.push([db, table, from, Math.min(n, from + step)]);
      }
    const pool = new GeneratorPool(registry, 5, NOW, 2);
    try {
      // Every table of facts with more than 200 rows gets a store (the default is what a memo holds).
      // No memory budget: every stored row goes through the file.
      pool.attach(shared, 200, 0);
      await expectChunksAsAlone(pool, alone, tasks);
    } finally {
      await pool.close();
    }
    // The stores are shared memory: this thread sees what the generation threads wrote.
    const stats = shared.factsStoreStats();
    const stored = Object.keys(stats);
    expect(stored).toEqual(expect.arrayContaining(['auth_db.users', 'order_db.orders', 'pickup_db.pickups']));
    for (const k of stored) expect({ k, inMemory: stats[k].bytes }).toEqual({ k, inMemory: 0 });
    expect(stats['auth_db.users'].fileBytes).toBeGreaterThan(0);
  });
});

describe("generation threads' heap limit", () => {
  jest.setTimeout(180_000);

  it('a thread that outgrows its limit is started again without one; its chunks are made again, the same', async () => {
    const { registry, generators, NOW, alone, shared } = twoWorlds();
    const tasks: ChunkTask[] = [];
    // The two largest tables whose facts other tables read, whatever the registry holds.
    const largest = [...generators]
      .flatMap(([db, gens]) => [...gens].filter(([, g]) => g.facts).map(([table]) => [db, table] as const))
      .sort((a, b) => alone.count(b[0], b[1]) - alone.count(a[0], a[1]))
      .slice(0, 2);
    for (const [db, table] of largest) {
      const n = alone.count(db, table);
      for (let k = 0; k < 4; k++) tasks.push([db, table, Math.floor((k * n) / 4), Math.floor(((k + 1) * n) / 4)]);
    }
    // 2 MB: no thread can even load the generators in it.
    const pool = new GeneratorPool(registry, 5, NOW, 2, 2);
    try {
      pool.attach(shared, 200, 0);
      await expectChunksAsAlone(pool, alone, tasks);
      expect(pool.restarted).toBe(2);
    } finally {
      await pool.close();
    }
  });
});
