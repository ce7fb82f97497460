import { copyLine } from './copy';
import { World } from './context';
import { rowRng } from './prng';

export interface ChunkResult {
  text: string;
  rows: number;
}

/** Generates rows [from, to) of one table as COPY text. Pure given the world. */
export function generateChunk(world: World, database: string, table: string, from: number, to: number): ChunkResult {
  const gen = world.generator(database, table);
  const g = world.context(database, table);
  const cols = gen.columns;
  const k = `${database}.${table}`;
  let text = '';
  let rows = 0;
  const values = new Array(cols.length);
  for (let i = from; i < to; i++) {
    const r = gen.row(g, i, rowRng(world.seed, k, i));
    if (!r) continue;
    for (let c = 0; c < cols.length; c++) values[c] = r[cols[c]];
    text += copyLine(values);
    rows++;
  }
  return { text, rows };
}
