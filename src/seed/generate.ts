import { copyLine } from './copy';
import { World } from './context';

export interface ChunkResult {
  /** The rows as COPY text, UTF-8. */
  bytes: Uint8Array;
  rows: number;
  /** The same rows as a string (tests). */
  readonly text: string;
}

/** Bytes of COPY text per row seen so far, by table: the first buffer of the next chunk fits. */
const bytesPerRow = new Map<string, number>();

/**
 * Generates rows [from, to) of one table as COPY text. Pure given the world.
 *
 * Each line is written into one off-heap buffer as it is made, instead of concatenating a
 * string of the whole chunk: the line is garbage at once (the young generation's collections
 * copy what survives, and a chunk-long string survived all of them), and there is no large
 * string to flatten and encode at the end. The buffer is never pooled, so it can be transferred
 * to the main thread.
 */
export function generateChunk(world: World, database: string, table: string, from: number, to: number): ChunkResult {
  const gen = world.generator(database, table);
  const g = world.context(database, table);
  const cols = gen.columns;
  const key = `${database}.${table}`;
  let buf = Buffer.allocUnsafeSlow(Math.max(4096, Math.ceil((bytesPerRow.get(key) ?? 256) * (to - from) * 1.1)));
  let off = 0;
  let rows = 0;
  const values = new Array(cols.length);
  for (let i = from; i < to; i++) {
    const r = gen.row(g, i, g.rng(i));
    if (!r) continue;
    for (let c = 0; c < cols.length; c++) values[c] = r[cols[c]];
    const line = copyLine(values);
    // UTF-8 takes at most three bytes per UTF-16 code unit.
    if (off + line.length * 3 > buf.length) {
      const bigger = Buffer.allocUnsafeSlow(Math.max(buf.length * 2, off + line.length * 3));
      buf.copy(bigger, 0, 0, off);
      buf = bigger;
    }
    off += buf.write(line, off);
    rows++;
  }
  if (rows) bytesPerRow.set(key, off / rows);
  const bytes = buf.subarray(0, off);
  return {
    bytes,
    rows,
    get text() {
      return bytes.toString('utf8');
    },
  };
}
