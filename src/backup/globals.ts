import fs from 'node:fs';
import path from 'node:path';
import { Context, Target, withClient } from '../db/targets';
import { QuentyError, errorMessage } from '../util/errors';
import { refuseTransactionPooler } from '../db/pooler-guard';
import { checksumPath } from './files';
import { globalsOf, listRuns } from './manifest';
import { auditRole } from '../db/credentials';
import { groupBy, mapLimit } from '../util/concurrency';
import { redact } from '../util/redact';

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

export interface ServerGlobalsResult {
  server: string;
  /** The registry databases of this server in the current configuration. */
  databases: string[];
  ok: boolean;
  /** The globals files the roles came from. */
  files: string[];
  roles: string[];
  created: string[];
  statements: number;
  /** Roles of this server's databases that no file of the run holds (databases the run did not cover). */
  missing: string[];
  error?: string;
}

export interface GlobalsRestoreResult {
  ok: boolean;
  runId?: string;
  servers: ServerGlobalsResult[];
}

interface Source {
  file: string;
  /** Databases whose roles the file holds (undefined: any, for an explicit --from FILE). */
  databases?: Set<string>;
}

/** The globals files of a run (checked against the manifest), or one explicit file. */
async function globalsSources(dir: string, from?: string): Promise<{ runId?: string; sources: Source[] }> {
  if (from && from !== 'latest' && !/^\d{8}_\d{6}$/.test(from)) {
    const file = path.resolve(from);
    if (!fs.existsSync(file)) throw new QuentyError('USAGE', `no such file: ${file}`);
    return { sources: [{ file }] };
  }
  const usable = (r: ReturnType<typeof listRuns>[number]) => {
    const gs = r.manifest ? globalsOf(r.manifest) : [];
    return gs.length > 0 && gs.every((g) => g.ok && g.file && r.files.includes(g.file));
  };
  const run = listRuns(dir).find((r) => usable(r) && (!from || from === 'latest' || r.runId === from));
  if (!run)
    throw new QuentyError('BACKUP', `no globals dump in ${dir}${from && from !== 'latest' ? ` for run ${from}` : ''}`, {
      hint: 'create a backup first, or give --from FILE',
    });
  const sources: Source[] = [];
  for (const g of globalsOf(run.manifest!)) {
    const file = path.join(dir, g.file!);
    const sum = await checksumPath(file);
    if (sum.sha256 !== g.sha256) throw new QuentyError('CHECKSUM', `${g.file}: SHA-256 does not match the manifest`);
    // A manifest written before per-server globals names no databases: its one file holds them all.
    sources.push({ file, databases: g.databases ? new Set(g.databases) : undefined });
  }
  return { runId: run.runId, sources };
}

/**
 * Restores roles from the globals dumps of a run onto every server of the current
 * configuration. Each server gets the roles of the databases it holds now, from the file of
 * the server that held them at backup time (so the fleet may be restored onto new servers, or
 * laid out otherwise). By default only the registry's service roles (with the configured
 * prefix) and the audit role; with allRoles every role of the files that concern the server. CREATE ROLE is skipped
 * for roles that exist, then attributes and password hashes are set as dumped, in one
 * transaction per server. A server that fails does not stop the others.
 */
export async function restoreGlobals(
  ctx: Context,
  opts: { from?: string; dir?: string; allRoles?: boolean; databases?: string | string[] } = {},
): Promise<GlobalsRestoreResult> {
  const dir = path.resolve(opts.dir ?? ctx.config.backupDir);
  const { runId, sources } = await globalsSources(dir, opts.from);
  const texts = new Map(sources.map((s) => [s.file, fs.readFileSync(s.file, 'utf8')]));
  const groups = [...groupBy(ctx.select(opts.databases), (t) => t.server).values()];
  const servers = await mapLimit(groups, ctx.config.concurrency, async (group): Promise<ServerGlobalsResult> => {
    const names = group.map((t) => t.name);
    // Each database's role from the file of the server that held it in the run; a run of one
    // server has one file with every role of that server.
    const fileOf = (name: string) => sources.find((s) => !s.databases || s.databases.has(name)) ?? (sources.length === 1 ? sources[0] : undefined);
    const byFile = new Map<Source, Target[]>();
    const missing: string[] = [];
    for (const t of group) {
      const f = fileOf(t.name);
      if (f) byFile.set(f, [...(byFile.get(f) ?? []), t]);
      else missing.push(t.role);
    }
    const base = {
      server: group[0].server,
      databases: names,
      files: [...byFile.keys()].map((f) => f.file),
      roles: [] as string[],
      created: [] as string[],
      statements: 0,
      missing,
    };
    if (!byFile.size) return { ...base, ok: false, error: `no globals file of the run holds the roles of ${names.join(', ')}` };
    const statements: GlobalsPlan['statements'] = [];
    const roles: string[] = [];
    for (const [f, ts] of byFile) {
      // The services' roles, and the read-only audit role that their databases grant to.
      const wanted = opts.allRoles ? undefined : new Set([...ts.map((t) => t.role), auditRole(ctx)]);
      const plan = planGlobals(texts.get(f.file)!, wanted);
      statements.push(...plan.statements);
      roles.push(...plan.roles.filter((r) => !roles.includes(r)));
    }
    try {
      const created = await applyGlobals(group[0].maintenanceUrl, statements, ctx);
      return { ...base, ok: true, roles, created, statements: statements.length };
    } catch (e) {
      return { ...base, ok: false, roles, error: redact(errorMessage(e)) };
    }
  });
  return { ok: servers.every((s) => s.ok), ...(runId ? { runId } : {}), servers };
}

/** Runs the statements on one server in one transaction; returns the roles it created. */
async function applyGlobals(maintenanceUrl: string, statements: GlobalsPlan['statements'], ctx: Context): Promise<string[]> {
  const created: string[] = [];
  await withClient(maintenanceUrl, 'globals', async (c) => {
    await refuseTransactionPooler(c, { url: maintenanceUrl, name: 'globals' }, ctx.config, 'restore');
    await c.query('BEGIN');
    try {
      const done = new Set<string>();
      for (const s of statements) {
        if (done.has(s.sql)) continue;
        done.add(s.sql);
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
      throw new QuentyError('BACKUP', `restoring roles failed (nothing was changed on this server): ${(e as Error).message}`);
    }
  });
  return created;
}
