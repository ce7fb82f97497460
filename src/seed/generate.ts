import { CopyWriter } from './copy';
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

type Extractor = (row: Record<string, unknown>, values: unknown[]) => void;
const extractors = new Map<string, Extractor>();

/**
 * A table's columns read from its row objects by name, as one function per table: each reads
 * rows of one shape (a fast property load), where a loop over the column names reads every
 * table's rows at the same place (a slow, megamorphic keyed load).
 */
function extractorOf(cols: readonly string[]): Extractor {
  const body = cols.map((c, i) => `v[${i}] = r[${JSON.stringify(c)}];`).join('\n');
  return new Function('r', 'v', body) as Extractor;
}

/**
 * Generates rows [from, to) of one table as COPY text. Pure given the world.
 *
 * Each row is written into one off-heap buffer as it is made (CopyWriter: integers, decimals,
 * timestamps and short text straight to bytes), with no string per field, per line or per
 * chunk. The buffer is never pooled, so it can be transferred to the main thread.
 */
export function generateChunk(world: World, database: string, table: string, from: number, to: number): ChunkResult {
  const gen = world.generator(database, table);
  const g = world.context(database, table);
  const cols = gen.columns;
  const key = `${database}.${table}`;
  let pick = extractors.get(key);
  if (!pick) extractors.set(key, (pick = extractorOf(cols)));
  const out = new CopyWriter(Math.ceil((bytesPerRow.get(key) ?? 256) * (to - from) * 1.1));
  let rows = 0;
  const values = new Array(cols.length);
  for (let i = from; i < to; i++) {
    const r = gen.row(g, i, g.rng(i));
    if (!r) continue;
    pick(r, values);
    out.row(values);
    rows++;
  }
  if (rows) bytesPerRow.set(key, out.off / rows);
  // Facts this chunk sent to the world's file become readable by every thread.
  world.flushFactsStores();
  const bytes = out.bytes();
  return {
    bytes,
    rows,
    get text() {
      return bytes.toString('utf8');
    },
  };
}
