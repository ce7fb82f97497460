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
const encoder = new TextEncoder();

parentPort!.on('message', (t: Task) => {
  try {
    const r = generateChunk(world, t.database, t.table, t.from, t.to);
    const bytes = encoder.encode(r.text);
    parentPort!.postMessage({ id: t.id, rows: r.rows, bytes }, [bytes.buffer]);
  } catch (e) {
    parentPort!.postMessage({ id: t.id, error: (e as Error).stack ?? String(e) });
  }
});
