import { loadRegistry } from '../../src/registry';
import { World, loadGenerators, planCounts } from '../../src/seed/context';
import { generateChunk } from '../../src/seed/generate';
import { MemoBroker } from '../../src/seed/shared-memo';
import { GeneratorPool } from '../../src/seed/workers';
import { ChunkTask, expectChunksAsAlone } from '../helpers/pool-chunks';

describe('summaries computed once for all generation threads: the broker', () => {
  const make = () => {
    const sent: Array<[number, string, unknown]> = [];
    const back: string[][] = [];
    const b = new MemoBroker<string>(
      (from, id, value) => sent.push([from, id, value]),
      (tasks) => back.push(tasks),
    );
    return { b, sent, back };
  };

  it('lets the first asker compute, tells the others it is busy, then hands out the value and the waiting chunks', () => {
    const { b, sent, back } = make();
    expect(b.answer(0, { type: 'claim', id: 'x.t|daily' })).toEqual({ compute: true });
    expect(b.answer(1, { type: 'claim', id: 'x.t|daily' })).toEqual({ busy: true });
    b.park('chunk A', 'x.t|daily');
    b.park('chunk B', 'x.t|daily');
    expect(back).toEqual([]);
    expect(b.answer(0, { type: 'publish', id: 'x.t|daily', value: { n: 3 } })).toBeUndefined();
    expect(sent).toEqual([[0, 'x.t|daily', { n: 3 }]]);
    expect(back).toEqual([['chunk A', 'chunk B']]);
    expect(b.answer(1, { type: 'claim', id: 'x.t|daily' })).toEqual({ value: { n: 3 } });
    expect(b.published).toBe(1);
  });

  it('gives a chunk back at once when its summary is no longer being computed', () => {
    const { b, back } = make();
    b.park('chunk', 'never.claimed|k');
    expect(back).toEqual([['chunk']]);
  });

  it('moves the chunks waiting for a dropped summary to the summary that stopped it', () => {
    const { b, back } = make();
    expect(b.answer(0, { type: 'claim', id: 'a|outer' })).toEqual({ compute: true });
    expect(b.answer(1, { type: 'claim', id: 'b|inner' })).toEqual({ compute: true });
    expect(b.answer(1, { type: 'claim', id: 'a|outer' })).toEqual({ busy: true });
    b.park('waits for outer', 'a|outer');
    // Thread 0, inside outer, needed inner (busy on thread 1): it drops outer.
    b.dropped(0, ['a|outer'], 'b|inner');
    b.park('thread 0 chunk', 'b|inner');
    expect(back).toEqual([]);
    b.answer(1, { type: 'publish', id: 'b|inner', value: 1 });
    expect(back).toEqual([['waits for outer', 'thread 0 chunk']]);
    // outer is nobody's now: the next asker computes it.
    expect(b.answer(1, { type: 'claim', id: 'a|outer' })).toEqual({ compute: true });
  });

  it('releases what a failed thread was computing, and lets a summary that cannot be sent be computed locally', () => {
    const { b, back } = make();
    b.answer(0, { type: 'claim', id: 'a|k' });
    b.park('chunk', 'a|k');
    b.forget(0);
    expect(back).toEqual([['chunk']]);
    expect(b.answer(1, { type: 'claim', id: 'a|k' })).toEqual({ compute: true });
    b.answer(1, { type: 'local', id: 'a|k' });
    expect(b.answer(0, { type: 'claim', id: 'a|k' })).toEqual({ local: true });
    expect(b.published).toBe(0);
  });
});

describe('summaries computed once for all generation threads: two real threads', () => {
  jest.setTimeout(120_000);
  const registry = loadRegistry();
  const generators = loadGenerators(registry);
  const NOW = new Date('2026-06-15T00:00:00Z');
  const counts = planCounts(registry, generators, 11, NOW, 20_000);

  it('gives the same chunks as one thread alone, each summary published once', async () => {
    const alone = new World(registry, generators, 11, NOW, JSON.parse(JSON.stringify(counts)));
    // The tables that first ask for each whole-world summary (found by generating every table
    // once here), each in four chunks asked for at once: both threads need the same summary
    // together, one computes it, the other's chunk waits and is made again.
    let current = '';
    const asking = new Set<string>();
    alone.shared = (_id, make) => {
      asking.add(current);
      return make();
    };
    for (const [db, gens] of generators) {
      for (const table of gens.keys()) {
        current = `${db}.${table}`;
        generateChunk(alone, db, table, 0, alone.count(db, table));
      }
    }
    expect(asking.size).toBeGreaterThanOrEqual(3);
    const tasks: ChunkTask[] = [];
    for (const key of asking) {
      const [db, table] = key.split('.');
      const n = alone.count(db, table);
      const step = Math.max(1, Math.ceil(n / 4));
      for (let from = 0; from < n; from += step) tasks.push([db, table, from, Math.min(n, from + step)]);
    }
    const pool = new GeneratorPool(registry, 11, NOW, 2);
    try {
      pool.attach(new World(registry, generators, 11, NOW, JSON.parse(JSON.stringify(counts))));
      await expectChunksAsAlone(pool, alone, tasks);
      const s = pool.summaries();
      // Each summary once: what one thread computed, the other received.
      expect(s.published).toBeGreaterThanOrEqual(4);
    } finally {
      await pool.close();
    }
  });
});
