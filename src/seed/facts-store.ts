import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
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
 *
 * Memory bounded whatever the scale: with a spill (`FactsStore.spill`), the stores of a world
 * hold at most `memoryUnits` × 8 bytes in memory together; the rows after that go to one
 * temporary file, written in batches (SPILL_BATCH, and at the end of every chunk), that every
 * thread reads with `pread` (its index entry is then negative:
 * -(1 + position in 8-byte units), and the record starts with its length). The file is unlinked
 * as soon as it is open, so nothing is left behind whatever ends the process, and its pages are
 * the OS's page cache, which the OS can write out and drop, not the process's memory. Memory goes
 * to narrow rows first: a table whose rows take more than NARROW_ROW_BYTES on average stops
 * taking memory earlier, once the world's stores hold budget × NARROW_ROW_BYTES / its row size
 * (measured at large, the reads a row saves fall with its width: products, 87 bytes a row, are
 * read 30 times a row; users, 332 bytes, 5 times; loans, 661 bytes, 3 times). A write
 * that fails (a full disk) stops the spill: rows are then computed where needed, as without a
 * store.
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
  /** Where rows go once the world's memory budget is spent (none: all in memory). */
  spill?: FactsSpill;
}

/** The memory budget and the overflow file the stores of one world share (`FactsStore.spill`). */
export interface FactsSpill {
  /** Int32 counters: [0] 8-byte units held in memory by every store, [1] units written to the file, [2] 1 once a write failed. */
  counters: SharedArrayBuffer;
  /** The memory budget of every store together, in 8-byte units. */
  memoryUnits: number;
  /** The open file (unlinked), or -1: no file, rows past the budget are computed where needed. */
  fd: number;
}

/** Rows of the stores kept in memory together by default, before the rest goes to a file: 96 MB. */
export const FACTS_MEMORY_BYTES = 96 << 20;
/** A spilled record is read in one call when it fits this (the rest, rarely, in a second). */
const SPILL_READ = 1024;
/**
 * Bytes of spilled rows a thread collects before one write to the file. Writing 200 MB to a file
 * of this disk (ext4) took 2.8 s as 1M writes of 200 bytes and 0.03 s as 200 writes of 1 MB. In a
 * seed of 1M customer users on one generation thread (1.05M auth users' facts, most of them past
 * the budget), a write per row took 19 s of the thread's 45 s (CPU profile).
 */
export const SPILL_BATCH = 256 << 10;
/** Rows up to this many bytes on average may use the whole memory budget (wider rows, a share of it). */
export const NARROW_ROW_BYTES = 128;

/** Reserved arena bytes per row (the largest average measured at large: loans, 658). */
export const ARENA_BYTES_PER_ROW = 2048;
/** Sample rows the codec learns a table's shape from (spread over the table, the same in every thread). */
export const SHAPE_SAMPLES = 512;

export class FactsStore {
  private index: Int32Array;
  private bytes: Uint8Array;
  private units: number;
  private codec?: FactsCodec;
  private spill?: FactsSpill;
  private counters?: Int32Array;
  /** The world's memory (8-byte units) past which this table's rows go to the file. */
  private memoryLimit = 0;
  /** Spilled records are read into this buffer and decoded from it (`spillCodec`). */
  private readBuf?: Buffer;
  private spillCodec?: FactsCodec;
  /** This thread's spilled rows not yet written (`flush`): where each starts in `batch`. */
  private batched = new Map<number, number>();
  private batch?: Buffer;
  private batchLen = 0;
  /**
   * By this thread: rows decoded from the store, rows written to it, rows that do not fit the
   * shape, rows written to or read from the file, and writes to the file.
   */
  hits = 0;
  fileWrites = 0;
  writes = 0;
  misfits = 0;
  spilled = 0;
  fileReads = 0;

  static create(rows: number, memoBytes = 0, bytesPerRow = ARENA_BYTES_PER_ROW, spill?: FactsSpill): FactsStoreInit {
    // A position is counted in 8-byte units in an Int32: at most 8 GiB per table (half the range,
    // so that reservations past a full arena cannot wrap); no more than the budget with a spill.
    const arenaBytes = Math.min(rows * bytesPerRow, 2 ** 30 * 8, spill ? spill.memoryUnits * 8 : Infinity);
    // Only the spill's data crosses to the threads (not its close()).
    const shared = spill && { counters: spill.counters, memoryUnits: spill.memoryUnits, fd: spill.fd };
    return { index: new SharedArrayBuffer(4 * (rows + 1)), arena: new SharedArrayBuffer(arenaBytes), memoBytes, spill: shared };
  }

  /**
   * The memory budget and overflow file for the stores of one world: `memoryBytes` in memory
   * together, the rest in a new file of `dir` (default: the OS's temporary directory), unlinked
   * at once. Without a file (the directory refuses one), rows past the budget are not stored.
   * `close()` closes the file once no thread reads it any more.
   */
  static spill(memoryBytes = FACTS_MEMORY_BYTES, dir = os.tmpdir()): FactsSpill & { close(): void } {
    let fd = -1;
    try {
      const tmp = fs.mkdtempSync(path.join(dir, 'quenty-facts-'));
      const file = path.join(tmp, 'facts');
      fd = fs.openSync(file, 'w+', 0o600);
      fs.rmSync(tmp, { recursive: true, force: true });
    } catch {
      if (fd >= 0) fs.closeSync(fd);
      fd = -1;
    }
    const spill = { counters: new SharedArrayBuffer(12), memoryUnits: Math.floor(memoryBytes / 8), fd };
    return {
      ...spill,
      close: () => {
        if (fd >= 0) fs.closeSync(fd);
        fd = -1;
      },
    };
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
    this.spill = init.spill;
    if (init.spill) this.counters = new Int32Array(init.spill.counters);
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
    if (this.spill && this.spill.fd >= 0) {
      // A record is at most what the encoder's scratch holds (64 KiB), and its 4-byte length.
      this.readBuf = Buffer.allocUnsafe((1 << 16) + 8);
      this.spillCodec = new FactsCodec(shape, this.readBuf);
    }
    let bytes = 0;
    for (const f of samples) bytes += Math.max(0, this.codec.encode(f));
    this.sampleBytes = bytes / n;
    if (this.spill) this.memoryLimit = Math.floor(this.spill.memoryUnits * Math.min(1, NARROW_ROW_BYTES / Math.max(1, this.sampleBytes)));
    return true;
  }

  /** The stored facts of row `ordinal`, or undefined when no thread has stored them yet. */
  get(ordinal: number): RowFacts | undefined {
    const p = Atomics.load(this.index, ordinal + 1);
    if (p === 0) {
      // Spilled by this thread and not written yet: read from its batch.
      const at = this.batched.size ? this.batched.get(ordinal) : undefined;
      if (at === undefined) return undefined;
      const buf = this.batch!;
      buf.copy(this.readBuf!, 0, at, at + 4 + buf.readUInt32LE(at));
      this.hits++;
      return this.spillCodec!.decode(4) as RowFacts;
    }
    if (p < 0) return this.readSpilled((-p - 1) * 8);
    this.hits++;
    return this.codec!.decode((p - 1) * 8) as RowFacts;
  }

  /** A record of the file: its length, then its bytes (undefined when the read fails: computed again). */
  private readSpilled(at: number): RowFacts | undefined {
    const buf = this.readBuf!;
    try {
      let got = fs.readSync(this.spill!.fd, buf, 0, SPILL_READ, at);
      const need = 4 + (got >= 4 ? buf.readUInt32LE(0) : 0);
      while (got < need) {
        const n = fs.readSync(this.spill!.fd, buf, got, need - got, at + got);
        if (n <= 0) return undefined;
        got += n;
      }
    } catch {
      return undefined;
    }
    this.hits++;
    this.fileReads++;
    return this.spillCodec!.decode(4) as RowFacts;
  }

  /**
   * Keeps this table's rows in its own arena, outside the world's memory budget and its file: for a
   * table every thread's memo holds whole (at most MEMO_FACTS_BYTES), whose store only spares the
   * other threads computing its rows. Its few megabytes would otherwise spend the budget of the
   * wide tables first, and send their rows to the file.
   */
  outsideBudget(): void {
    this.budgeted = false;
  }
  private budgeted = true;

  /** Stores the facts of row `ordinal` (no-op when they do not fit the shape or the arena is full). */
  put(ordinal: number, facts: object): void {
    const c = this.budgeted ? this.counters : undefined;
    if (!c && Atomics.load(this.index, 0) >= this.units) return;
    const len = this.codec!.encode(facts);
    if (len < 0) {
      this.misfits++;
      return;
    }
    const need = Math.ceil(len / 8);
    if (c && (Atomics.load(this.index, 0) >= this.units || Atomics.load(c, 0) >= this.memoryLimit || Atomics.add(c, 0, need) + need > this.memoryLimit)) {
      this.putSpilled(ordinal, len);
      return;
    }
    const start = Atomics.add(this.index, 0, need);
    if (start + need > this.units) return;
    this.bytes.set(this.codec!.encoded(), start * 8);
    Atomics.store(this.index, ordinal + 1, start + 1);
    this.writes++;
  }

  /**
   * Appends the last encoded row to this thread's batch for the file (nothing once a write
   * failed). A batch goes to the file in one write when full and at `flush()` (the end of every
   * chunk), not a write per row (SPILL_BATCH says what those cost). Until then the row is this
   * thread's: it reads it from the batch, and another thread that needs it computes it
   * (generation is pure).
   */
  private putSpilled(ordinal: number, len: number): void {
    if (this.spill!.fd < 0 || Atomics.load(this.counters!, 2) !== 0) return;
    const size = Math.ceil((4 + len) / 8) * 8;
    if (this.batchLen + size > SPILL_BATCH) this.flush();
    // Room for a whole batch and one record of the encoder's largest (64 KiB) past it.
    this.batch ??= Buffer.allocUnsafe(SPILL_BATCH + (1 << 16) + 8);
    const at = this.batchLen;
    this.batch.writeUInt32LE(len, at);
    this.codec!.encoded().copy(this.batch, at + 4);
    this.batchLen += size;
    this.batched.set(ordinal, at);
  }

  /**
   * Writes this thread's batch of spilled rows to the file in one write and publishes their
   * positions; a row another thread needs is then read, not computed. Called at the end of every
   * chunk (`generateChunk`). A failed write (a full disk) drops the batch and stops the spill.
   */
  flush(): void {
    const n = this.batched.size;
    if (!n) return;
    const c = this.counters!;
    const units = this.batchLen / 8;
    const batch = this.batch!;
    const rows = [...this.batched];
    const len = this.batchLen;
    this.batched.clear();
    this.batchLen = 0;
    // Positions are Int32 units: the file stops at 8 GiB (half the range, so that it cannot wrap).
    if (Atomics.load(c, 2) !== 0 || Atomics.load(c, 1) + units > 2 ** 30) return;
    const start = Atomics.add(c, 1, units);
    try {
      let done = 0;
      while (done < len) done += fs.writeSync(this.spill!.fd, batch, done, len - done, start * 8 + done);
    } catch {
      // A full disk, say: no more rows go to the file; the ones there stay readable.
      Atomics.store(c, 2, 1);
      return;
    }
    this.fileWrites++;
    for (const [ordinal, at] of rows) Atomics.store(this.index, ordinal + 1, -(start + at / 8 + 1));
    this.writes += n;
    this.spilled += n;
  }

  /** Bytes written to the arena so far (every thread). */
  used(): number {
    return Math.min(Atomics.load(this.index, 0), this.units) * 8;
  }

  /** Bytes written to the world's file so far (every store and thread). */
  fileBytes(): number {
    return this.counters ? Atomics.load(this.counters, 1) * 8 : 0;
  }
}
