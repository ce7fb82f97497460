import fs from 'node:fs';
import path from 'node:path';
import { Context, withClient } from '../db/targets';
import { QuentyError } from '../util/errors';
import { refuseTransactionPooler } from '../pgbouncer/guard';
import { checksumPath } from './files';
import { listRuns } from './manifest';

/** The role a globals statement is about (CREATE/ALTER/COMMENT ON ROLE, GRANT ... TO); pure. */
export function statementRoles(stmt: string): string[] {
  const id = '("(?:[^"]|"")+"|[A-Za-z_][A-Za-z0-9_$]*)';
  const unq = (s: string) => (s.startsWith('"') ? s.slice(1, -1).replace(/""/g, '"') : s.toLowerCase());
  let m = new RegExp(`^(?:CREATE|ALTER)\\s+ROLE\\s+${id}`, 'i').exec(stmt);
  if (m) return [unq(m[1])];
  m = new RegExp(`^COMMENT\\s+ON\\s+ROLE\\s+${id}`, 'i').exec(stmt);
  if (m) return [unq(m[1])];
  m = new RegExp(`^GRANT\\s+${id}\\s+TO\\s+${id}`, 'i').exec(stmt);
  if (m) return [unq(m[1]), unq(m[2])];
  return [];
}

export interface GlobalsPlan {
  statements: Array<{ sql: string; createRole?: string }>;
  roles: string[];
}

/**
 * Pure: the statements of a `pg_dumpall --globals-only` file that restore the given roles
 * (all role statements when `roles` is undefined). Tablespaces and settings are left out.
 */
export function planGlobals(sql: string, roles?: Set<string>): GlobalsPlan {
  const statements: GlobalsPlan['statements'] = [];
  const seen = new Set<string>();
  for (const raw of sql.split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith('--') || line.startsWith('\\') || /^SET\s/i.test(line)) continue;
    const rs = statementRoles(line);
    if (rs.length === 0) continue;
    if (roles && !rs.every((r) => roles.has(r))) continue;
    const create = /^CREATE\s+ROLE\s/i.test(line) ? rs[0] : undefined;
    if (create) seen.add(create);
    statements.push({ sql: line, ...(create ? { createRole: create } : {}) });
  }
  return { statements, roles: [...seen] };
}

export interface GlobalsRestoreResult {
  file: string;
  roles: string[];
  created: string[];
  statements: number;
}

/**
 * Restores roles from a globals dump: by default only the registry's service roles (with the
 * configured prefix); CREATE ROLE is skipped for roles that exist, then their attributes and
 * password hashes are set as dumped. Runs in one transaction.
 */
export async function restoreGlobals(ctx: Context, opts: { from?: string; dir?: string; allRoles?: boolean } = {}): Promise<GlobalsRestoreResult> {
  const dir = path.resolve(opts.dir ?? ctx.config.backupDir);
  let file: string;
  if (opts.from && opts.from !== 'latest' && !/^\d{8}_\d{6}$/.test(opts.from)) file = path.resolve(opts.from);
  else {
    const run = listRuns(dir).find((r) => r.manifest?.globals?.ok && r.manifest.globals.file && r.files.includes(r.manifest.globals.file) && (!opts.from || opts.from === 'latest' || r.runId === opts.from));
    if (!run) throw new QuentyError('BACKUP', `no globals dump in ${dir}`, { hint: 'create a backup first, or give --from FILE' });
    file = path.join(dir, run.manifest!.globals!.file!);
    const sum = await checksumPath(file);
    if (sum.sha256 !== run.manifest!.globals!.sha256) throw new QuentyError('CHECKSUM', `${path.basename(file)}: SHA-256 does not match the manifest`);
  }
  if (!fs.existsSync(file)) throw new QuentyError('USAGE', `no such file: ${file}`);
  const roles = opts.allRoles ? undefined : new Set(ctx.targets.map((t) => t.role));
  const plan = planGlobals(fs.readFileSync(file, 'utf8'), roles);
  const created: string[] = [];
  await withClient(ctx.targets[0].maintenanceUrl, 'globals', async (c) => {
    await refuseTransactionPooler(c, { url: ctx.targets[0].maintenanceUrl, name: 'globals' }, ctx.config, 'restore');
    await c.query('BEGIN');
    try {
      for (const s of plan.statements) {
        if (s.createRole) {
          const r = await c.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [s.createRole]);
          if (r.rowCount) continue;
          created.push(s.createRole);
        }
        if (/^GRANT\s/i.test(s.sql)) {
          // Skip membership grants whose grantor does not exist here.
          await c.query('SAVEPOINT g');
          try {
            await c.query(s.sql);
            await c.query('RELEASE SAVEPOINT g');
          } catch {
            await c.query('ROLLBACK TO SAVEPOINT g');
          }
          continue;
        }
        await c.query(s.sql);
      }
      await c.query('COMMIT');
    } catch (e) {
      await c.query('ROLLBACK').catch(() => undefined);
      throw new QuentyError('BACKUP', `restoring roles from ${path.basename(file)} failed (nothing was changed): ${(e as Error).message}`);
    }
  });
  return { file, roles: plan.roles, created, statements: plan.statements.length };
}
