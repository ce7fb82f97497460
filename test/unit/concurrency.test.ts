import { groupBy, limiter, mapLimit, settleLimit, sleep } from '../../src/util/concurrency';

describe('bounded concurrency helpers', () => {
  it('limiter never runs more than n at once and keeps every result', async () => {
    const limit = limiter(2);
    let running = 0;
    let peak = 0;
    const results = await Promise.all(
      [5, 1, 4, 2, 3].map((v) =>
        limit(async () => {
          running++;
          peak = Math.max(peak, running);
          await sleep(v);
          running--;
          return v * 10;
        }),
      ),
    );
    expect(results).toEqual([50, 10, 40, 20, 30]);
    expect(peak).toBe(2);
  });

  it('limiter passes failures to their caller only', async () => {
    const limit = limiter(1);
    const a = limit(async () => {
      throw new Error('boom');
    });
    const b = limit(async () => 'fine');
    await expect(a).rejects.toThrow('boom');
    await expect(b).resolves.toBe('fine');
  });

  it('mapLimit keeps order; settleLimit reports each failure in its place', async () => {
    expect(await mapLimit([3, 1, 2], 2, async (x) => x * 2)).toEqual([6, 2, 4]);
    const r = await settleLimit([1, 2, 3], 2, async (x) => {
      if (x === 2) throw new Error('two');
      return x;
    });
    expect(r.map((x) => (x.ok ? x.value : (x.error as Error).message))).toEqual([1, 'two', 3]);
  });

  it('groupBy keeps first-seen order', () => {
    const g = groupBy(['a:1', 'b:1', 'a:2'], (s) => s.split(':')[0]);
    expect([...g.entries()]).toEqual([
      ['a', ['a:1', 'a:2']],
      ['b', ['b:1']],
    ]);
  });
});
