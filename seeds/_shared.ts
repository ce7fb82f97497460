import { GenContext, hashString, mix } from '../src/seed/kit';
import { loadRegistry } from '../src/registry';

/**
 * Auth users are the customers (ordinals 0..customers-1, the same ordinal in customer_db.users)
 * followed by staff: drivers, inspectors, collection agents, auditors, analysts.
 */
export function staffOrdinal(g: GenContext, ordinal: number, tag: string): number {
  const customers = g.count('users', 'customer_db');
  const all = g.count('users', 'auth_db');
  const staff = Math.max(1, all - customers);
  return Math.min(all - 1, customers + (mix(hashString(tag, g.seed >>> 0), ordinal) % staff));
}

/**
 * The service roles of the registry, in registry order (seeded metrics and alerts name them):
 * a database added to the registry, here or through QUENTY_REGISTRY_PATH, appears in them.
 */
export const SERVICES: readonly string[] = loadRegistry().databases.map((d) => d.service);
