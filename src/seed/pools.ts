import { hashString } from './prng';

/**
 * faker (es_MX) where it fits, without its two costs: a shared seeded sequence (one table's
 * change reshuffling another's values) and per-row speed. A pool is built once per (seed, pool
 * name) by its own Faker instance seeded from that pair, then generators pick from it with the
 * row's own stream (seed, table, ordinal). Same seed → same pool → same rows, in every worker.
 * (A different faker version may change the pools, like any dependency of the data.)
 */
type FakerLike = import('@faker-js/faker').Faker;
const pools = new Map<string, readonly string[]>();

export function fakerPool(seed: number, name: string, size: number, make: (f: FakerLike) => string): readonly string[] {
  const key = `${seed >>> 0}:${name}`;
  const hit = pools.get(key);
  if (hit) return hit;
  // Loaded on first use only (about 0.2 s): tables that use no pool never pay for it.

  const { Faker, es_MX, es, base } = require('@faker-js/faker') as typeof import('@faker-js/faker');
  const f = new Faker({ locale: [es_MX, es, base] });
  f.seed(hashString(name, seed >>> 0));
  const seen = new Set<string>();
  for (let k = 0; k < size * 4 && seen.size < size; k++) seen.add(make(f));
  const pool = Object.freeze([...seen].sort());
  pools.set(key, pool);
  return pool;
}

/**
 * Street names (faker es_MX: people, dates, places: "20 de Noviembre", "Isabel la Católica"…)
 * without faker's Spanish street types (Chalet, Partida, Glorieta…); the address generator puts a
 * Mexican one in front (Calle, Av., Privada…).
 */
export function streetNamePool(seed: number): readonly string[] {
  return fakerPool(seed, 'street-names', 500, (f) => f.location.street().split(' ').slice(1).join(' '));
}
