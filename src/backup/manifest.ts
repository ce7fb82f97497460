import fs from 'node:fs';
import path from 'node:path';
import { QuentyError } from '../util/errors';
import { DumpFormat, manifestFileName, parseFileName, runDate, verifyFileName } from './naming';

/** The JSON manifest of one backup run (`manifest_<run>.json`). */
export const MANIFEST_FORMAT = 'quenty-db-backup/1';

export const CONSISTENCY_NOTE =
  'Each database is dumped separately, in its own snapshot taken at its own moment: the dumps of one run are NOT one ' +
  'consistent point in time across databases. References between databases (an order naming a customer of another database) ' +
  'may not match between the files of a run. Within one file, data and row counts come from one snapshot.';

export interface TableCount {
  schema: string;
  table: string;
  /** r = table or partition, p = partitioned table (its rows are the sum of its partitions). */
  kind: 'r' | 'p';
  /** The partitioned table this partition belongs to, if any. */
  parent?: string;
  rows: number;
}

export interface FileEntry {
  /** Relative to the file (directory format), or the file's own name. */
  name: string;
  size: number;
  sha256: string;
}

export interface DumpEntry {
  database: string;
  dbName: string;
  server: string;
  ok: boolean;
  error?: string;
  /** What to do about the error. */
  hint?: string;
  file?: string;
  format: DumpFormat;
  size?: number;
  /** SHA-256 of the file; for the directory format, of the sorted `sha256  name` lines of its files. */
  sha256?: string;
  files?: FileEntry[];
  serverVersion?: string;
  toolVersion?: string;
  startedAt: string;
  finishedAt?: string;
  /** The exported snapshot pg_dump ran in; the counts were taken in the same snapshot. */
  snapshot?: string;
  /** exact: counted in the dump's own snapshot. */
  rowCounts?: 'exact';
  tables?: TableCount[];
}

export interface GlobalsEntry {
  ok: boolean;
  /** The registry databases that live on this server in the run (their roles are in this file). */
  databases?: string[];
  error?: string;
  file?: string;
  size?: number;
  sha256?: string;
  server: string;
  toolVersion?: string;
  startedAt: string;
  finishedAt?: string;
}

export interface Manifest {
  format: typeof MANIFEST_FORMAT;
  runId: string;
  status: 'running' | 'complete' | 'partial' | 'failed';
  startedAt: string;
  finishedAt?: string;
  consistency: string;
  dumpFormat: DumpFormat;
  /** pg_dump --compress level, when given (else pg_dump's default). */
  compress?: number;
  prefix: string;
  tool: { pg_dump?: string; pg_dumpall?: string };
  databases: DumpEntry[];
  /** The roles of the run's only server (runs of one server, and manifests written before globalsByServer). */
  globals?: GlobalsEntry;
  /** The roles of every server of the run, one pg_dumpall --globals-only file each. */
  globalsByServer?: GlobalsEntry[];
  /** The process writing the run (a `running` manifest whose process is gone was interrupted). */
  pid?: number;
  host?: string;
  /** Why the run failed as a whole (disk full, interrupted...). */
  error?: string;
}

/** Every globals dump of a run, whichever field the manifest uses. */
export function globalsOf(m: Manifest): GlobalsEntry[] {
  return m.globalsByServer ?? (m.globals ? [m.globals] : []);
}

export interface VerifyEntry {
  database: string;
  file?: string;
  ok: boolean;
  checksum: 'ok' | 'mismatch' | 'missing' | 'skipped';
  archiveEntries?: number;
  restored?: boolean;
  tablesCompared?: number;
  mismatches?: Array<{ table: string; expected: number; actual: number | null }>;
  error?: string;
  ms?: number;
}

export interface VerifyReport {
  runId: string;
  ok: boolean;
  verifiedAt: string;
  databases: VerifyEntry[];
  /** All globals files together (ok when every one is). */
  globals?: { ok: boolean; checksum: VerifyEntry['checksum']; error?: string };
  /** Each server's globals file. */
  globalsByServer?: Array<{ server: string; file?: string; ok: boolean; checksum: VerifyEntry['checksum']; error?: string }>;
}

/** Writes JSON through a temporary file and a rename, so that a reader never sees half of it. */
export function writeJsonAtomic(file: string, value: unknown, mode = 0o600): void {
  const tmp = `${file}.partial`;
  const text = JSON.stringify(value, null, 2) + '\n';
  try {
    fs.writeFileSync(tmp, text, { mode });
    fs.chmodSync(tmp, mode);
    fs.renameSync(tmp, file);
  } catch (e) {
    // Never leave the temporary file (a 0-byte one on a full disk). The file itself may still
    // be rewritten in place: its own blocks are freed by the truncation (the disk-full case).
    fs.rmSync(tmp, { force: true });
    if (!fs.existsSync(file)) throw e;
    try {
      fs.writeFileSync(file, text, { mode });
      fs.chmodSync(file, mode);
    } catch {
      throw e;
    }
  }
}

export function readManifest(dir: string, runId: string): Manifest {
  const file = path.join(dir, manifestFileName(runId));
  let raw: string;
  try {
    raw = fs.readFileSync(file, 'utf8');
  } catch {
    throw new QuentyError('BACKUP', `no manifest for run ${runId} in ${dir}`, { hint: 'list the runs with `quenty-db backup list`' });
  }
  const m = JSON.parse(raw) as Manifest;
  if (m.format !== MANIFEST_FORMAT) throw new QuentyError('BACKUP', `${file}: unknown manifest format ${String(m.format)}`);
  return m;
}

export function readVerify(dir: string, runId: string): VerifyReport | undefined {
  try {
    return JSON.parse(fs.readFileSync(path.join(dir, verifyFileName(runId)), 'utf8')) as VerifyReport;
  } catch {
    return undefined;
  }
}

export interface RunInfo {
  runId: string;
  startedAt: Date;
  manifest?: Manifest;
  verify?: VerifyReport;
  /** Our files of this run present in the folder (including partial ones). */
  files: string[];
  /**
   * good: complete and every file present; verified: good and its last verify passed.
   * partial: some dump failed or a file is missing; failed: no dump succeeded;
   * incomplete: still running or interrupted; orphan: files without manifest.
   */
  status: 'verified' | 'verify-failed' | 'good' | 'partial' | 'failed' | 'incomplete' | 'orphan';
}

/** Pure: the status of a run from its manifest, its verify report and the files present. */
export function runStatus(manifest: Manifest | undefined, verify: VerifyReport | undefined, present: Set<string>): RunInfo['status'] {
  if (!manifest) return 'orphan';
  if (manifest.status === 'running') return 'incomplete';
  if (manifest.status === 'failed') return 'failed';
  const listed = manifest.databases.filter((d) => d.ok && d.file).map((d) => d.file!);
  const missing = listed.some((f) => !present.has(f));
  if (manifest.status !== 'complete' || missing || manifest.databases.some((d) => !d.ok)) return 'partial';
  if (verify) return verify.ok ? 'verified' : 'verify-failed';
  return 'good';
}

/** The runs in a backup folder, newest first. */
export function listRuns(dir: string): RunInfo[] {
  let names: string[] = [];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return [];
  }
  const byRun = new Map<string, string[]>();
  for (const n of names) {
    const p = parseFileName(n);
    if (!p) continue;
    byRun.set(p.runId, [...(byRun.get(p.runId) ?? []), n]);
  }
  const runs: RunInfo[] = [];
  for (const [runId, files] of byRun) {
    let manifest: Manifest | undefined;
    if (files.includes(manifestFileName(runId))) {
      try {
        manifest = readManifest(dir, runId);
      } catch {
        manifest = undefined;
      }
    }
    const verify = readVerify(dir, runId);
    runs.push({ runId, startedAt: runDate(runId)!, manifest, verify, files: files.sort(), status: runStatus(manifest, verify, new Set(files)) });
  }
  return runs.sort((a, b) => (a.runId < b.runId ? 1 : -1));
}

/** `latest` (newest run with a manifest), or a run id. */
export function resolveRun(dir: string, run: string | undefined): RunInfo {
  const runs = listRuns(dir);
  if (!run || run === 'latest') {
    const r = runs.find((x) => x.manifest && x.manifest.status !== 'running');
    if (!r) throw new QuentyError('BACKUP', `no finished backup run in ${dir}`, { hint: 'create one with `quenty-db backup create`' });
    return r;
  }
  const r = runs.find((x) => x.runId === run);
  if (!r || !r.manifest) throw new QuentyError('USAGE', `no backup run ${run} in ${dir}`, { hint: `runs: ${runs.map((x) => x.runId).join(', ') || '(none)'}` });
  return r;
}
