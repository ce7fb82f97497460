import { MessagePort, parentPort, workerData } from 'node:worker_threads';
import { loadRegistry } from '../registry';
import { World, loadGenerators } from './context';
import { generateChunk } from './generate';
import type { FactsStoreInit } from './facts-store';
import { MemoBusy, MemoClient } from './shared-memo';
import { QuentyError } from '../util/errors';

interface Init {
  roots: string[];
  seed: number;
  now: string;
  memoPort: MessagePort;
  memoFlag: SharedArrayBuffer;
}
interface Task {
  id: number;
  database: string;
  table: string;
  from: number;
  to: number;
}

// Loaded at start, while the main thread plans the row counts; the world comes with them.
const init = workerData as Init;
const registry = loadRegistry({ root: init.roots[0], extraRoots: init.roots.slice(1) });
const generators = loadGenerators(registry);
let world: World | undefined;
// Summaries are computed once for all threads: asked of the main thread (src/seed/shared-memo.ts).
const memos = new MemoClient(init.memoPort, init.memoFlag);

/** The world to generate: its row counts and the facts stores its threads share. */
type Attach = { counts: Record<string, Record<string, number>>; stores: Record<string, FactsStoreInit> };
parentPort!.on('message', (m: Task | Attach | { install: string; value: unknown }) => {
  if ('counts' in m) {
    world = new World(registry, generators, init.seed, new Date(init.now), m.counts);
    world.shared = memos.shared;
    world.useFactsStores(m.stores);
    return;
  }
  if ('install' in m) {
    world?.installMemo(m.install, m.value);
    return;
  }
  const t = m;
  try {
    if (!world) throw new Error('no row counts received before the first task');
    const r = generateChunk(world, t.database, t.table, t.from, t.to);
    // The chunk's buffer is its own (never pooled): transferred, not copied.
    parentPort!.postMessage({ id: t.id, rows: r.rows, bytes: r.bytes, dropped: memos.drain() }, [r.bytes.buffer as ArrayBuffer]);
  } catch (e) {
    // A summary this chunk needs is being made by another thread: the chunk is made again later.
    if (e instanceof MemoBusy) parentPort!.postMessage({ id: t.id, deferred: e.memoId, dropped: memos.drain() });
    else {
      // A QuentyError (bad input) keeps its code, message and hint; anything else is a bug: its stack.
      const q = e instanceof QuentyError ? { code: e.code, hint: e.hint, message: e.message } : {};
      parentPort!.postMessage({ id: t.id, error: (e as Error).stack ?? String(e), ...q, dropped: memos.drain() });
    }
  }
});
