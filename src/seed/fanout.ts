/**
 * Child tables whose rows belong to a parent row (order items of an order, schedule lines of a
 * loan) use a repeating pattern of children per parent: O(1) in both directions, no state.
 */
export interface Fanout {
  /** Children of the first `parents` parents. */
  total(parents: number): number;
  /** First child ordinal of `parent`. */
  start(parent: number): number;
  /** Children of `parent`. */
  size(parent: number): number;
  /** The parent of child `child` and its index among its siblings. */
  parentOf(child: number): { parent: number; index: number };
}

export function fanout(pattern: readonly number[]): Fanout {
  if (!pattern.length || pattern.some((n) => !Number.isInteger(n) || n < 1)) throw new Error('fanout pattern: positive integers');
  const L = pattern.length;
  const prefix = [0];
  for (const n of pattern) prefix.push(prefix[prefix.length - 1] + n);
  const S = prefix[L];
  const start = (p: number) => Math.floor(p / L) * S + prefix[p % L];
  return {
    total: start,
    start,
    size: (p) => pattern[p % L],
    parentOf(child) {
      const block = Math.floor(child / S);
      const r = child - block * S;
      let i = 0;
      while (prefix[i + 1] <= r) i++;
      return { parent: block * L + i, index: r - prefix[i] };
    },
  };
}
