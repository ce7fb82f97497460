import { parentPort, workerData } from 'node:worker_threads';
import { loadRegistry } from '../registry';
import { World, loadGenerators } from './context';
import { generateChunk } from './generate';

interface Init {
  roots: string[];
  seed: number;
  now: string;
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

parentPort!.on('message', (m: Task | { counts: Record<string, Record<string, number>> }) => {
  if ('counts' in m) {
    world = new World(registry, generators, init.seed, new Date(init.now), m.counts);
    return;
  }
  const t = m;
  try {
    if (!world) throw new Error('no row counts received before the first task');
    const r = generateChunk(world, t.database, t.table, t.from, t.to);
    // The chunk's buffer is its own (never pooled): transferred, not copied.
    parentPort!.postMessage({ id: t.id, rows: r.rows, bytes: r.bytes }, [r.bytes.buffer as ArrayBuffer]);
  } catch (e) {
    parentPort!.postMessage({ id: t.id, error: (e as Error).stack ?? String(e) });
  }
});
