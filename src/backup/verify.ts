import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Context } from '../db/targets';
import { errorMessage } from '../util/errors';
import { redact } from '../util/redact';
import { mapLimit } from '../util/concurrency';
import { checksumPath } from './files';
import { DumpEntry, VerifyEntry, VerifyReport, globalsOf, resolveRun, writeJsonAtomic } from './manifest';
import { fitIdentifier, verifyFileName } from './naming';
import { compareCounts, countDatabase, dropDatabaseForce, listArchive, restoreFile } from './restore';
import { ToolPaths, findTool } from '../db/tools';

export interface VerifyOptions {
  run?: string;
  dir?: string;
  jobs?: number;
  tools?: Partial<ToolPaths>;
  onEvent?: (e: VerifyEntry) => void;
}

/**
 * backup verify: per file, the SHA-256 against the manifest, `pg_restore --list`, a restore
 * into a scratch database, every table's row count against the manifest, and the scratch
 * database dropped. The report is kept next to the run (`verify_<run>.json`).
 */
export async function verifyBackup(ctx: Context, opts: VerifyOptions = {}): Promise<VerifyReport> {
  const dir = path.resolve(opts.dir ?? ctx.config.backupDir);
  const run = resolveRun(dir, opts.run);
  const manifest = run.manifest!;
  const pgRestore = opts.tools?.pg_restore ?? findTool('pg_restore', ctx.config.env);
  const serverFor = (d: DumpEntry) => (ctx.registry.has(d.database) ? ctx.target(d.database).url : ctx.targets[0].url);
  const entries = await mapLimit(manifest.databases, Math.max(1, opts.jobs ?? Math.min(ctx.config.concurrency, 2)), async (d) => {
    const t0 = Date.now();
    const e: VerifyEntry = { database: d.database, file: d.file, ok: false, checksum: 'skipped' };
    try {
      if (!d.ok || !d.file) {
        e.error = `the dump failed at backup time: ${d.error ?? 'no file'}`;
        return e;
      }
      const file = path.join(dir, d.file);
      if (!fs.existsSync(file)) {
        e.checksum = 'missing';
        e.error = `${d.file} is missing`;
        return e;
      }
      const sum = await checksumPath(file);
      if (sum.sha256 !== d.sha256 || sum.size !== d.size) {
        e.checksum = 'mismatch';
        e.error = `${d.file}: SHA-256 does not match the manifest (corrupted or changed file)`;
        return e;
      }
      e.checksum = 'ok';
      e.archiveEntries = (await listArchive(pgRestore, file)).entries;
      const server = serverFor(d);
      const scratch = fitIdentifier(`${ctx.config.prefix}qv_${d.database}`, `_${crypto.randomBytes(3).toString('hex')}`);
      try {
        await restoreFile({ serverUrl: server, file, into: scratch, jobs: 2, noOwner: true, pgRestore, label: d.database, config: ctx.config, work: 'verify' });
        e.restored = true;
        const actual = await countDatabase(server, scratch);
        e.mismatches = compareCounts(d.tables ?? [], actual);
        e.tablesCompared = (d.tables ?? []).length;
        e.ok = e.mismatches.length === 0;
        if (!e.ok) e.error = `${e.mismatches.length} table(s) with other row counts than the manifest`;
      } finally {
        await dropDatabaseForce(server, scratch).catch(() => undefined);
      }
    } catch (err) {
      e.error = redact(errorMessage(err));
    } finally {
      e.ms = Date.now() - t0;
      opts.onEvent?.(e);
    }
    return e;
  });
  // Every server's roles file: present, and its SHA-256 the manifest's.
  const byServer: NonNullable<VerifyReport['globalsByServer']> = [];
  for (const g of globalsOf(manifest)) {
    const base = { server: g.server, ...(g.file ? { file: g.file } : {}) };
    if (!g.ok || !g.file)
      byServer.push({ ...base, ok: false, checksum: 'skipped', error: `globals dump of ${g.server} failed at backup time: ${g.error ?? ''}` });
    else if (!fs.existsSync(path.join(dir, g.file))) byServer.push({ ...base, ok: false, checksum: 'missing', error: `${g.file} is missing` });
    else {
      const sum = await checksumPath(path.join(dir, g.file));
      byServer.push(
        sum.sha256 === g.sha256
          ? { ...base, ok: true, checksum: 'ok' }
          : { ...base, ok: false, checksum: 'mismatch', error: `${g.file}: SHA-256 does not match the manifest` },
      );
    }
  }
  const firstBad = byServer.find((g) => !g.ok);
  const globals: VerifyReport['globals'] = byServer.length
    ? firstBad
      ? {
          ok: false,
          checksum: firstBad.checksum,
          error: byServer
            .filter((g) => !g.ok)
            .map((g) => g.error)
            .join('; '),
        }
      : { ok: true, checksum: 'ok' }
    : undefined;
  const report: VerifyReport = {
    runId: manifest.runId,
    ok: manifest.status === 'complete' && entries.every((e) => e.ok) && (!globals || globals.ok),
    verifiedAt: new Date().toISOString(),
    databases: entries,
    globals,
    ...(byServer.length ? { globalsByServer: byServer } : {}),
  };
  writeJsonAtomic(path.join(dir, verifyFileName(manifest.runId)), report);
  return report;
}
