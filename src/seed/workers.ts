import os from 'node:os';
import path from 'node:path';
import { MessageChannel, Worker } from 'node:worker_threads';
import type { Registry } from '../registry';
import { World } from './context';
import { generateChunk } from './generate';
import { FactsStore, FactsStoreInit } from './facts-store';
import { MemoAsk, MemoBroker } from './shared-memo';
import { ErrorCode, QuentyError } from '../util/errors';

export interface Chunk {
  rows: number;
  bytes: Uint8Array;
}
/** A thread's answer to a task: a chunk, a chunk to make again later, or an error (a QuentyError's code, message and hint). */
interface WorkerAnswer {
  id: number;
  rows?: number;
  bytes?: Uint8Array;
  error?: string;
  code?: ErrorCode;
  message?: string;
  hint?: string;
  deferred?: string;
  dropped?: string[];
}
interface Pending {
  id: number;
  /** The thread it was given to. */
  worker?: Worker;
  task: { database: string; table: string; from: number; to: number };
  resolve: (c: Chunk) => void;
  reject: (e: Error) => void;
}

/**
 * Each generation thread's V8 old-generation limit, in MB. Not a budget (at --scale large a
 * thread's heap stayed at 170-216 MB in all under it, by V8's statistics) but a setting of V8's
 * heap growth: an isolate allowed 2 GB or more (the default here) lets its heap grow to 4x its
 * live size between collections; one allowed at most 256 MB (on 64-bit Node) grows it 1.3x. At
 * --scale large the two threads' heaps held 250-340 MB each without it; with it (and
 * MEMO_FACTS_BYTES at 8 MB) the whole seed peaks at 620-650 MB, as medium does (590-680 MB).
 * A thread that outgrows the limit is started again without one (GeneratorPool).
 */
export const THREAD_HEAP_MB = 256;
/**
 * Seeds of more rows than this get THREAD_HEAP_MB (`seed()`). Below, the threads' heaps stay small
 * whatever V8's growth (medium, measured with the 16 MB memo bound: 630-670 MB without the limit,
 * 590-610 MB with it) and its more frequent collections cost about 8 % more CPU (medium: 32.9-35.0 s
 * of user time against 30.5-31.5 s).
 */
export const THREAD_HEAP_ROWS = 2_000_000;

/** Default generation threads: one per core (the server and the COPY writes share them). */
export function defaultWorkers(): number {
  return Math.max(1, os.availableParallelism?.() ?? os.cpus().length);
}

/**
 * Generates chunks on worker threads (FIFO, two tasks in flight per worker so a worker never
 * waits for the main thread), or in-process when `workers` is 0.
 *
 * The threads start at once (loading the registry and every generator takes them a moment) and
 * get the world's row counts by `attach`, so their start overlaps the planning of those counts.
 */
export class GeneratorPool {
  private workers: Worker[] = [];
  private busy = new Map<Worker, number>();
  private queue: Pending[] = [];
  private inflight = new Map<number, Pending>();
  private nextId = 1;
  private failed?: Error;
  private world?: World;
  private spill?: ReturnType<typeof FactsStore.spill>;
  /** The world's row counts and stores, as sent to every thread (and to a thread started again). */
  private attachMessage?: { counts: ReturnType<World['snapshot']>; stores: Record<string, FactsStoreInit> };
  /** Summaries computed once for all threads (src/seed/shared-memo.ts). */
  private memos = new MemoBroker<Pending>(
    (from, id, value) => this.workers.forEach((w, i) => i !== from && w.postMessage({ install: id, value })),
    (tasks) => {
      this.queue.unshift(...tasks);
      this.pump();
    },
  );
  /** Chunks stopped because a summary they need was being computed by another thread. */
  private deferred = 0;

  /** Summaries published to every thread, and chunks that waited for one (tests, profiling). */
  summaries(): { published: number; deferredChunks: number } {
    return { published: this.memos.published, deferredChunks: this.deferred };
  }

  /** Threads started again without a heap limit, having outgrown it (tests, the bench). */
  restarted = 0;
  private start: (i: number, limited: boolean) => Worker;

  /**
   * `threadHeapMb`: each thread's V8 old-generation limit (THREAD_HEAP_MB; 0 for V8's own). A
   * thread that outgrows it is started again without one, and its chunks are made again.
   */
  constructor(registry: Registry, seed: number, now: Date, workers: number, threadHeapMb = THREAD_HEAP_MB) {
    this.start = (i, limited) => {
      const { port1, port2 } = new MessageChannel();
      const flag = new SharedArrayBuffer(4);
      const wake = new Int32Array(flag);
      port1.on('message', (m: MemoAsk) => {
        const a = this.memos.answer(i, m);
        if (!a) return;
        port1.postMessage(a);
        Atomics.store(wake, 0, 1);
        Atomics.notify(wake, 0);
      });
      port1.unref();
      const init = { roots: registry.roots, seed, now: now.toISOString(), memoPort: port2, memoFlag: flag };
      const w = new Worker(path.join(__dirname, 'worker.js'), {
        workerData: init,
        transferList: [port2],
        ...(limited ? { resourceLimits: { maxOldGenerationSizeMb: threadHeapMb } } : {}),
      });
      w.on('message', (m: WorkerAnswer) => {
        const p = this.inflight.get(m.id);
        this.inflight.delete(m.id);
        this.busy.set(w, (this.busy.get(w) ?? 1) - 1);
        if (m.dropped?.length) this.memos.dropped(i, m.dropped, m.deferred);
        if (p) {
          if (m.deferred) {
            this.deferred++;
            this.memos.park(p, m.deferred);
          } else if (m.error) {
            const where = `seed generator ${p.task.database}.${p.task.table}`;
            p.reject(m.code ? new QuentyError(m.code, `${where}: ${m.message}`, { hint: m.hint }) : new Error(`${where}: ${m.error}`));
          } else p.resolve({ rows: m.rows!, bytes: m.bytes! });
        }
        this.pump();
      });
      w.on('error', (e: Error & { code?: string }) => {
        this.memos.forget(i);
        const mine = [...this.inflight.values()].filter((p) => p.worker === w);
        for (const p of mine) this.inflight.delete(p.id);
        this.busy.delete(w);
        if (limited && e.code === 'ERR_WORKER_OUT_OF_MEMORY' && this.workers[i] === w) {
          // Outgrew its heap limit (a seed far past --scale large): the same thread without one;
          // generation is pure, so its chunks are simply made again.
          this.restarted++;
          const again = this.start(i, false);
          this.workers[i] = again;
          this.busy.set(again, 0);
          if (this.world) again.postMessage(this.attachMessage!);
          this.queue.unshift(...mine);
          this.pump();
          return;
        }
        this.failed = e;
        for (const p of [...this.inflight.values(), ...this.queue, ...mine]) p.reject(e);
        this.inflight.clear();
        this.queue = [];
      });
      return w;
    };
    for (let i = 0; i < workers; i++) {
      const w = this.start(i, threadHeapMb > 0);
      this.busy.set(w, 0);
      this.workers.push(w);
    }
  }

  /**
   * The world to generate (its row counts go to every thread; messages keep their order, so before
   * any task), with the facts stores of its tables of more than `sharedFactsRows` rows, holding
   * `factsMemoryBytes` in memory together and the rest in a temporary file.
   */
  attach(world: World, sharedFactsRows?: number, factsMemoryBytes?: number): void {
    this.world = world;
    const counts = world.snapshot();
    // Facts computed once for every thread (src/seed/facts-store.ts): shared memory, not copied;
    // past the memory budget, a file in the OS's page cache.
    if (this.workers.length) this.spill = FactsStore.spill(factsMemoryBytes);
    const stores = this.spill ? world.factsStores(sharedFactsRows, this.spill) : {};
    world.useFactsStores(stores);
    this.attachMessage = { counts, stores };
    for (const w of this.workers) w.postMessage(this.attachMessage);
  }

  generate(database: string, table: string, from: number, to: number): Promise<Chunk> {
    if (this.failed) return Promise.reject(this.failed);
    const world = this.world;
    if (!world) return Promise.reject(new Error('GeneratorPool: attach(world) before generate'));
    if (this.workers.length === 0) {
      return new Promise((resolve, reject) =>
        setImmediate(() => {
          try {
            const r = generateChunk(world, database, table, from, to);
            resolve({ rows: r.rows, bytes: r.bytes });
          } catch (e) {
            reject(e);
          }
        }),
      );
    }
    return new Promise((resolve, reject) => {
      this.queue.push({ id: this.nextId++, task: { database, table, from, to }, resolve, reject });
      this.pump();
    });
  }

  private pump() {
    while (this.queue.length) {
      let best: Worker | undefined;
      for (const w of this.workers) if ((this.busy.get(w) ?? 0) < 2 && (!best || this.busy.get(w)! < this.busy.get(best)!)) best = w;
      if (!best) return;
      const p = this.queue.shift()!;
      this.busy.set(best, this.busy.get(best)! + 1);
      this.inflight.set(p.id, p);
      p.worker = best;
      best.postMessage({ id: p.id, ...p.task });
    }
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
    this.workers = [];
    // No thread reads the facts file any more.
    this.spill?.close();
    this.spill = undefined;
  }
}
