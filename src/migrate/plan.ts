import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/** A migration file on disk. */
export interface MigrationFile {
  name: string;
  file: string;
  checksum: string;
}

/** A row of the version table. */
export interface AppliedMigration {
  name: string;
  batch: number;
  checksum: string | null;
  migration_time?: Date | string;
}

export type ChecksumProblem = { kind: 'changed'; name: string; expected: string; actual: string } | { kind: 'missing'; name: string };

export interface MigrationPlan {
  applied: AppliedMigration[];
  pending: MigrationFile[];
  problems: ChecksumProblem[];
  /** Pending migrations that sort before the last applied one (merged late from a branch). */
  outOfOrder: string[];
  lastApplied?: AppliedMigration;
  nextBatch: number;
}

export const MIGRATION_FILE = /^\d{4,}_[a-z0-9_]+\.(ts|js)$/;

export function checksumOf(content: string | Buffer): string {
  // Line endings do not change a migration's meaning: a checkout with CRLF must not look edited.
  const text = (typeof content === 'string' ? content : content.toString('utf8')).replace(/\r\n/g, '\n');
  return crypto.createHash('sha256').update(text).digest('hex');
}

export function listMigrationFiles(dir: string): MigrationFile[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((f) => MIGRATION_FILE.test(f) && !f.endsWith('.d.ts'))
    .sort()
    .map((f) => {
      const file = path.join(dir, f);
      return { name: f.replace(/\.(ts|js)$/, ''), file, checksum: checksumOf(fs.readFileSync(file)) };
    });
}

/** Pure: what is pending and what is wrong, from the files and the version table. */
export function planMigrations(files: MigrationFile[], applied: AppliedMigration[]): MigrationPlan {
  const byName = new Map(files.map((f) => [f.name, f]));
  const appliedNames = new Set(applied.map((a) => a.name));
  const problems: ChecksumProblem[] = [];
  for (const a of applied) {
    const f = byName.get(a.name);
    if (!f) problems.push({ kind: 'missing', name: a.name });
    else if (a.checksum && a.checksum.trim() !== f.checksum) problems.push({ kind: 'changed', name: a.name, expected: a.checksum.trim(), actual: f.checksum });
  }
  const pending = files.filter((f) => !appliedNames.has(f.name));
  const sortedApplied = [...applied].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const lastByName = sortedApplied[sortedApplied.length - 1];
  const outOfOrder = lastByName ? pending.filter((p) => p.name < lastByName.name).map((p) => p.name) : [];
  const maxBatch = applied.reduce((m, a) => Math.max(m, a.batch), 0);
  const lastApplied = [...applied].sort((a, b) => a.batch - b.batch || (a.name < b.name ? -1 : 1)).pop();
  return { applied, pending, problems, outOfOrder, lastApplied, nextBatch: maxBatch + 1 };
}

/** Pure: the migrations `rollback` undoes (the last batch, newest first). */
export function lastBatch(applied: AppliedMigration[]): AppliedMigration[] {
  const max = applied.reduce((m, a) => Math.max(m, a.batch), 0);
  return applied.filter((a) => a.batch === max && max > 0).sort((a, b) => (a.name < b.name ? 1 : -1));
}

/** Pure: the single migration `down` undoes (the newest applied by name). */
export function lastApplied(applied: AppliedMigration[]): AppliedMigration | undefined {
  return [...applied].sort((a, b) => (a.name < b.name ? 1 : -1))[0];
}

export function describeProblem(p: ChecksumProblem): string {
  return p.kind === 'missing'
    ? `applied migration ${p.name} has no file any more`
    : `applied migration ${p.name} was edited after it ran (checksum ${p.expected.slice(0, 12)}… is now ${p.actual.slice(0, 12)}…)`;
}

export function migrationTimestamp(now = new Date()): string {
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${now.getUTCFullYear()}${p(now.getUTCMonth() + 1)}${p(now.getUTCDate())}${p(now.getUTCHours())}${p(now.getUTCMinutes())}${p(now.getUTCSeconds())}`;
}
