import { FactsCodec, learnShape } from './facts-codec';
import type { RowFacts } from './types';

/**
 * The facts of one large table's rows, computed once for every generation thread of a world.
 *
 * A row's facts are a pure function of (seed, table, ordinal), so any thread may compute them;
 * the first one to do so writes them here, encoded with a codec learnt from sample rows
 * (src/seed/facts-codec.ts), and every later reader in any thread decodes them (about a
 * microsecond) instead of computing them again (at `--scale large` a customer's facts cost 14 µs,
 * an order's 34 µs). The bytes live in shared memory outside every thread's heap, so each
 * thread's heap holds only a small memo of live objects (docs/seed.md, "Fourth round").
 *
 * Layout: `index` holds, per ordinal, 0 (not stored yet) or 1 + the record's position in units of
 * 8 bytes; its first slot is the arena's fill mark. A writer reserves space with `Atomics.add`
 * and publishes the position with `Atomics.store` after writing the bytes, so a reader that sees
 * the position sees the bytes. Two threads that compute the same row at once both write it
 * (identical bytes); the later position wins.
 *
 * The arena is reserved, not committed: the OS gives it pages as they are written, so its size is
 * the bytes stored. A full arena stores no more rows (they are then computed where needed).
 */
export interface FactsStoreInit {
  index: SharedArrayBuffer;
  arena: SharedArrayBuffer;
  /**
   * A table whose rows would take at most this many bytes in the store (its row count times the
   * average of the samples) keeps its facts in each thread's memo instead, where a read costs no
   * decoding; 0: always the store.
   */
  memoBytes: number;
}

/** Reserved arena bytes per row (the largest average measured at large: loans, 658). */
export const ARENA_BYTES_PER_ROW = 2048;
/** Sample rows the codec learns a table's shape from (spread over the table, the same in every thread). */
export const SHAPE_SAMPLES = 512;

export class FactsStore {
  private index: Int32Array;
  private bytes: Uint8Array;
  private units: number;
  private codec?: FactsCodec;
  /** Rows decoded from the store, rows written to it, and rows that do not fit the shape, by this thread. */
  hits = 0;
  writes = 0;
  misfits = 0;

  static create(rows: number, memoBytes = 0, bytesPerRow = ARENA_BYTES_PER_ROW): FactsStoreInit {
    // A position is counted in 8-byte units in an Int32: at most 8 GiB per table (half the range,
    // so that reservations past a full arena cannot wrap).
    const arenaBytes = Math.min(rows * bytesPerRow, 2 ** 30 * 8);
    return { index: new SharedArrayBuffer(4 * (rows + 1)), arena: new SharedArrayBuffer(arenaBytes), memoBytes };
  }

  /** See FactsStoreInit. */
  readonly memoBytes: number;
  /** Average encoded bytes of the sample rows (after `learn`). */
  sampleBytes = 0;

  constructor(init: FactsStoreInit) {
    this.memoBytes = init.memoBytes;
    this.index = new Int32Array(init.index);
    this.bytes = new Uint8Array(init.arena);
    this.units = Math.floor(init.arena.byteLength / 8);
  }

  /**
   * Learns the codec from the facts of sample rows (`sample(k)` for k < SHAPE_SAMPLES spread over
   * the table). False when the facts cannot be encoded (the store then stays unused).
   */
  learn(rows: number, facts: (ordinal: number) => object): boolean {
    const n = Math.min(rows, SHAPE_SAMPLES);
    const samples: object[] = [];
    for (let k = 0; k < n; k++) samples.push(facts(Math.floor((k * rows) / n)));
    const shape = learnShape(samples);
    if (!shape) return false;
    this.codec = new FactsCodec(shape, this.bytes);
    let bytes = 0;
    for (const f of samples) bytes += Math.max(0, this.codec.encode(f));
    this.sampleBytes = bytes / n;
    return true;
  }

  /** The stored facts of row `ordinal`, or undefined when no thread has stored them yet. */
  get(ordinal: number): RowFacts | undefined {
    const p = Atomics.load(this.index, ordinal + 1);
    if (p === 0) return undefined;
    this.hits++;
    return this.codec!.decode((p - 1) * 8) as RowFacts;
  }

  /** Stores the facts of row `ordinal` (no-op when they do not fit the shape or the arena is full). */
  put(ordinal: number, facts: object): void {
    if (Atomics.load(this.index, 0) >= this.units) return;
    const len = this.codec!.encode(facts);
    if (len < 0) {
      this.misfits++;
      return;
    }
    const need = Math.ceil(len / 8);
    const start = Atomics.add(this.index, 0, need);
    if (start + need > this.units) return;
    this.bytes.set(this.codec!.encoded(), start * 8);
    Atomics.store(this.index, ordinal + 1, start + 1);
    this.writes++;
  }

  /** Bytes written to the arena so far (every thread). */
  used(): number {
    return Math.min(Atomics.load(this.index, 0), this.units) * 8;
  }
}
