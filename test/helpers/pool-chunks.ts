import type { World } from '../../src/seed/context';
import { generateChunk } from '../../src/seed/generate';
import type { GeneratorPool } from '../../src/seed/workers';

export type ChunkTask = [database: string, table: string, from: number, to: number];

/** Generates every task on the pool's threads, all asked for at once, and expects each chunk to be the one `alone` generates in this thread. */
export async function expectChunksAsAlone(pool: GeneratorPool, alone: World, tasks: ChunkTask[]): Promise<void> {
  const chunks = await Promise.all(tasks.map(([db, t, from, to]) => pool.generate(db, t, from, to)));
  chunks.forEach((c, k) => {
    const [db, t, from, to] = tasks[k];
    const expected = generateChunk(alone, db, t, from, to);
    expect({ task: tasks[k], rows: c.rows, text: Buffer.from(c.bytes).toString('utf8') }).toEqual({ task: tasks[k], rows: expected.rows, text: expected.text });
  });
}
