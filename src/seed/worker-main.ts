import { parentPort, workerData } from 'node:worker_threads';
import { loadRegistry } from '../registry';
import { World, loadGenerators } from './context';
import { generateChunk } from './generate';

interface Init {
  roots: string[];
  seed: number;
  now: string;
  counts: Record<string, Record<string, number>>;
}
interface Task {
  id: number;
  database: string;
  table: string;
  from: number;
  to: number;
}

const init = workerData as Init;
const registry = loadRegistry({ root: init.roots[0], extraRoots: init.roots.slice(1) });
const world = new World(registry, loadGenerators(registry), init.seed, new Date(init.now), init.counts);

parentPort!.on('message', (t: Task) => {
  try {
    const r = generateChunk(world, t.database, t.table, t.from, t.to);
    // The chunk's buffer is its own (never pooled): transferred, not copied.
    parentPort!.postMessage({ id: t.id, rows: r.rows, bytes: r.bytes }, [r.bytes.buffer as ArrayBuffer]);
  } catch (e) {
    parentPort!.postMessage({ id: t.id, error: (e as Error).stack ?? String(e) });
  }
});
