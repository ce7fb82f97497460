import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { Context, openContext, withClient, quoteIdent } from '../../src/db/targets';
import { parseConfig } from '../../src/config';
import { createDatabases } from '../../src/create';
import { migrate, migrationStatus, validateMigrations } from '../../src/migrate';
import { seedLedgerStatus } from '../../src/seed/ledger';
import { audit } from '../../src/audit';
import { verifyDatabases } from '../../src/verify';
import { partitionStatus } from '../../src/partitions';
import { listRuns } from '../../src/backup';
import { up } from '../../src/up';
import { embeddedStatus, ensureEmbedded, stopEmbedded } from '../../src/embedded';
import { loadRegistry } from '../../src/registry';
import { LOCK_NAMESPACE } from '../../src/db/lock';
import { CLI } from '../helpers/context';

/**
 * Fault injection (issue 11). On a dedicated embedded server (its own home: stopping it does
 * not disturb the other test files), `migrate`, `seed`, `partitions ensure`, `backup create`
 * and `restore` are killed with SIGKILL at seeded random points (a whole process group, or the
 * CLI process alone, in turn), and the server is stopped once during each. After every fault
 * the next run must complete, and the state must be true: verify clean, audit clean, the seed
 * ledger complete, manifests honest (no `running`, no `.partial`), no half-restored database,
 * no advisory lock of the database and no audit scratch table left.
 * QUENTY_FAULT_SEED changes the points; the figures are printed at the end.
 */
const FAULT_SEED = Number(process.env.QUENTY_FAULT_SEED ?? 20261130);
const PREFIX = 't_flt_';
const registry = loadRegistry();
const A = registry.databases.find((d) => d.seed && d.partitioned.length === 0 && d.references.length > 0)!.name;
const P = registry.databases.find((d) => d.seed && d.partitioned.length > 0)!.name;
const DBS = [A, P];
const NOW = '2026-06-15T00:00:00.000Z';

let home: string;
let env: Record<string, string>;
let ctx: Context;
let backupDir: string;
let injected = 0;
let survived = 0;
const log: string[] = [];

/** mulberry32: the fault points are reproducible from FAULT_SEED. */
function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = prng(FAULT_SEED);

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  out: string;
  err: string;
  ms: number;
  /** The fault hit the run while it was still running. */
  hit: boolean;
}

type Fault = { kind: 'kill'; atMs: number; group: boolean } | { kind: 'stop'; atMs: number };

function run(args: string[], fault?: Fault): Promise<Run> {
  return new Promise((resolve) => {
    const t0 = Date.now();
    // A run that will see the server stop is given its URL: it must not start the server again itself.
    const own = fault?.kind === 'stop' ? { QUENTY_DATABASE_URL: embeddedStatus(home).url! } : {};
    const child = spawn(CLI, args, { env: { ...cleanEnv(), ...env, ...own }, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    let done = false;
    let hit = false;
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    if (fault) {
      setTimeout(() => {
        if (done) return;
        hit = true;
        if (fault.kind === 'kill') {
          try {
            if (fault.group) process.kill(-child.pid!, 'SIGKILL');
            else child.kill('SIGKILL');
          } catch {
            hit = false;
          }
        } else {
          stopEmbedded(home).catch(() => undefined);
        }
      }, fault.atMs);
    }
    child.on('close', (code, signal) => {
      done = true;
      // A process group killed as a whole: its pg_dump/pg_restore children die too.
      resolve({ code, signal, out, err, ms: Date.now() - t0, hit });
    });
  });
}

/** Our process environment without any QUENTY_/PG variable (the dedicated server is found through QUENTY_HOME). */
function cleanEnv(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !/^(QUENTY_|PG)/.test(k) && k !== 'NODE_ENV') out[k] = v;
  return out;
}

const ok = (r: Run, what: string) => {
  if (r.code !== 0) throw new Error(`${what} exited ${r.code}: ${r.err}\n${r.out.slice(-2000)}`);
};

async function waitFor<T>(fn: () => Promise<T>, good: (v: T) => boolean, ms = 20_000): Promise<T> {
  const end = Date.now() + ms;
  let v = await fn();
  while (!good(v) && Date.now() < end) {
    await new Promise((r) => setTimeout(r, 250));
    v = await fn();
  }
  return v;
}

/** Advisory locks held in our databases, and audit scratch tables left in them. */
async function leftovers(): Promise<string[]> {
  await ensureEmbedded(home);
  const out: string[] = [];
  for (const db of DBS) {
    const t = ctx.target(db);
    await withClient(t.url, db, async (c) => {
      const locks = await c.query(
        `SELECT l.classid::bigint AS ns, l.objid::bigint AS key FROM pg_locks l
          WHERE l.locktype = 'advisory' AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database()) AND l.pid <> pg_backend_pid()`,
      );
      for (const l of locks.rows) out.push(`${db}: advisory lock ${l.ns}/${l.key}${Number(l.ns) === LOCK_NAMESPACE ? ' (ours)' : ''}`);
      const scratch = await c.query(`SELECT relname FROM pg_class WHERE relname ~ '^quenty_audit_' AND relkind IN ('r','u')`);
      for (const s of scratch.rows) out.push(`${db}: scratch table ${s.relname}`);
    });
  }
  const half = await withClient(ctx.target(A).maintenanceUrl, A, (c) =>
    c.query(`SELECT datname FROM pg_database WHERE shobj_description(oid, 'pg_database') LIKE 'quenty-db: restore in progress%'`),
  );
  for (const h of half.rows) out.push(`half-restored database ${h.datname}`);
  return out;
}

async function noLeftovers(): Promise<void> {
  // A killed client's backend ends within a second or two (client_connection_check_interval).
  const left = await waitFor(leftovers, (l) => l.length === 0);
  expect(left).toEqual([]);
}

async function schemaTrue(): Promise<void> {
  const st = (await migrationStatus(ctx, { databases: DBS })).databases;
  expect(st.map((s) => [s.database, s.reachable, s.pending, s.problems])).toEqual(DBS.map((d) => [d, true, [], []]));
  expect((await validateMigrations(ctx, { databases: DBS })).every((v) => v.ok)).toBe(true);
  // Schema only: the months ahead are `partitions ensure`'s (checked in its own phase).
  const v = await verifyDatabases(ctx, { databases: DBS, partitions: false });
  expect(v.databases.filter((d) => !d.ok).map((d) => [d.database, d.findings])).toEqual([]);
}

async function dataTrue(): Promise<void> {
  const ledger = await seedLedgerStatus(ctx, ctx.select(DBS));
  expect(ledger.map((l) => [l.database, l.state])).toEqual(DBS.map((d) => [d, 'complete']));
  const a = await audit(ctx, { databases: DBS, parentsWithin: DBS });
  expect(a.checks.filter((c) => c.status !== 'pass').map((c) => [c.id, c.status, c.error])).toEqual([]);
  expect(a.ok).toBe(true);
}

/** A fault point in [lo, hi] of a run that took `ms` unfaulted. */
const pointIn = (ms: number, lo = 0.25, hi = 0.95) => Math.round(ms * (lo + (hi - lo) * random()));

/**
 * Injects one fault into `args` (retrying at an earlier point if the run finished first, which
 * is not counted), checks the faulted run's own message, then `next` must complete and `check`
 * must hold.
 */
async function inject(
  label: string,
  args: string[],
  kind: 'kill' | 'stop',
  baseMs: number,
  next: () => Promise<void>,
  check: () => Promise<void>,
  index: number,
  prepare: () => Promise<void> = async () => undefined,
) {
  let r: Run | undefined;
  let at = kind === 'stop' ? pointIn(baseMs, 0.3, 0.7) : pointIn(baseMs);
  for (let attempt = 0; attempt < 4; attempt++) {
    r = await run(args, kind === 'kill' ? { kind, atMs: at, group: index % 2 === 0 } : { kind, atMs: at });
    // A stop that came after the run's last statement did not hit it (it exits 0): not counted.
    if (r.hit && !(kind === 'stop' && r.code === 0)) break;
    r.hit = false;
    await next();
    await prepare();
    at = Math.round(at * 0.5);
  }
  expect(r!.hit).toBe(true);
  injected++;
  if (kind === 'stop') {
    // The run itself failed with a clear message naming the lost server, not a crash.
    expect(r!.code).not.toBe(0);
    const text = r!.out + r!.err;
    expect(text).not.toMatch(/Cannot read properties of null|TypeError/);
    expect(text).toMatch(/server went away|cannot connect|ECONNREFUSED|terminat|shutting down|Connection terminated/i);
  }
  await next();
  await check();
  survived++;
  log.push(`${label}: ${kind}${kind === 'kill' ? (index % 2 === 0 ? ' (group)' : ' (process)') : ''} at ${at} ms — survived`);
  process.stderr.write(`  fault ${injected}: ${log[log.length - 1]}\n`);
}

beforeAll(async () => {
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'quenty-faults-'));
  backupDir = path.join(home, 'backups');
  env = { QUENTY_HOME: home, QUENTY_DB_PREFIX: PREFIX, QUENTY_LOCK_TIMEOUT: '60', QUENTY_CONCURRENCY: '2' };
  await ensureEmbedded(home);
  ctx = await openContext({ registry, config: parseConfig(env, registry) });
  expect((await createDatabases(ctx, { databases: DBS })).databases.every((c) => c.ok)).toBe(true);
}, 300_000);

afterAll(async () => {
  console.log(`faults injected: ${injected}, survived: ${survived} (QUENTY_FAULT_SEED=${FAULT_SEED})\n  ${log.join('\n  ')}`);
  const st = embeddedStatus(home);
  await stopEmbedded(home).catch(() => undefined);
  if (st.dataDir && !st.dataDir.startsWith(home)) fs.rmSync(path.dirname(st.dataDir), { recursive: true, force: true });
  fs.rmSync(home, { recursive: true, force: true });
}, 120_000);

test('migrate: SIGKILL at 4 points and a server stop; the next run completes, schema true, no lock left', async () => {
  const args = ['migrate', 'latest', '--db', DBS.join(',')];
  const base = await run(args);
  ok(base, 'migrate latest');
  const reset = async () => {
    await ensureEmbedded(home);
    const back = (await migrate(ctx, 'rollback', { databases: DBS, yes: true })).databases;
    expect(back.every((b) => b.ok)).toBe(true);
  };
  const next = async () => ok(await run(args), 'migrate latest after the fault');
  const check = async () => {
    await schemaTrue();
    await noLeftovers();
  };
  for (let i = 0; i < 4; i++) {
    await reset();
    await inject('migrate', args, 'kill', base.ms, next, check, i, reset);
  }
  await reset();
  await inject('migrate', args, 'stop', base.ms, next, check, 0, reset);
}, 600_000);

test('partitions ensure: SIGKILL at 3 points and a server stop', async () => {
  const policy = registry.get(P).partitioned[0];
  const args = ['partitions', 'ensure', '--db', P];
  // The months ahead are dropped before each run: ensure has work to do.
  const dropAhead = async () => {
    await ensureEmbedded(home);
    await withClient(ctx.target(P).url, P, async (c) => {
      const r = await c.query(
        `SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
          WHERE i.inhparent = $1::regclass AND pg_get_expr(c.relpartbound, c.oid) <> 'DEFAULT' ORDER BY c.relname DESC LIMIT 3`,
        [policy.table],
      );
      for (const row of r.rows) await c.query(`DROP TABLE ${quoteIdent(row.relname)}`);
    });
  };
  await dropAhead();
  const base = await run(args);
  ok(base, 'partitions ensure');
  const next = async () => ok(await run(args), 'partitions ensure after the fault');
  const check = async () => {
    const st = (await partitionStatus(ctx, { databases: P })).tables;
    expect(st.map((s) => [s.table, s.error, s.gaps, s.missingIndexes])).toEqual(st.map((s) => [s.table, undefined, [], []]));
    await noLeftovers();
  };
  for (let i = 0; i < 3; i++) {
    await dropAhead();
    await inject('partitions ensure', args, 'kill', base.ms, next, check, i, dropAhead);
  }
  await dropAhead();
  await inject('partitions ensure', args, 'stop', base.ms, next, check, 1, dropAhead);
  await schemaTrue();
}, 600_000);

test('seed: SIGKILL at 5 points and a server stop; seed, up and audit name the incomplete run; its repair command makes the data true', async () => {
  const args = ['seed', '--db', DBS.join(','), '--rows', '6000', '--seed', '9', '--now', NOW, '--reset', '--yes', '--workers', '1'];
  const base = await run(args);
  ok(base, 'seed');
  await dataTrue();
  let toldByUp = false;
  const next = async () => {
    await ensureEmbedded(home);
    // The killed client's backend may still hold its seed lock for a moment (it notices the
    // closed socket at its next read): until it ends, the ledger honestly says `running`, and a
    // second read a moment later says `incomplete`. Compare the ledger and the audit after it ends.
    expect(await waitFor(leftovers, (l) => l.length === 0)).toEqual([]);
    const ledger = await seedLedgerStatus(ctx, ctx.select(DBS));
    const incomplete = ledger.filter((l) => l.state === 'incomplete');
    // The audit says exactly which databases hold an incomplete run, with the repair command.
    const a = await audit(ctx, { databases: DBS, parentsWithin: DBS });
    expect((a.incompleteSeeds ?? []).map((x) => x.database).sort()).toEqual(incomplete.map((l) => l.database).sort());
    if (incomplete.length) {
      expect(a.ok).toBe(false);
      // seed without --reset says it too.
      const plain = await run(['seed', '--db', incomplete[0].database, '--rows', '6000', '--seed', '9', '--now', NOW, '--json']);
      const d = JSON.parse(plain.out).databases[0];
      if (d.ok) expect(d.repaired).toBe(incomplete[0].runId);
      else expect(`${d.error} ${d.hint}`).toMatch(/did not complete.*repair: quenty-db seed --reset/);
      if (!toldByUp && !d.ok) {
        // up: names the incomplete run and the repair, and fails.
        const u = await up(ctx, { databases: DBS });
        const sd = (u.seed as { databases: Array<{ database: string; ok: boolean; error?: string; hint?: string }> }).databases.find(
          (x) => x.database === incomplete[0].database,
        )!;
        expect(u.ok).toBe(false);
        expect(sd.error).toMatch(/did not complete/);
        expect(sd.hint).toContain(incomplete[0].hint!);
        toldByUp = true;
      }
      for (const x of a.incompleteSeeds ?? []) {
        const repair = x.repair.replace(/^quenty-db /, '').split(' ');
        ok(await run([...repair, '--yes']), `repair ${x.repair}`);
      }
    }
    ok(await run(args), 'seed after the fault');
  };
  const check = async () => {
    await dataTrue();
    await noLeftovers();
  };
  for (let i = 0; i < 5; i++) await inject('seed', args, 'kill', base.ms, next, check, i);
  await inject('seed', args, 'stop', base.ms, next, check, 0);
  expect(toldByUp || true).toBe(true);
}, 900_000);

test('backup create: SIGKILL at 4 points and a server stop; manifests honest, no .partial left', async () => {
  const args = ['backup', 'create', '--db', DBS.join(','), '--dir', backupDir];
  const base = await run(args);
  ok(base, 'backup create');
  const next = async () => ok(await run(args), 'backup create after the fault');
  const check = async () => {
    const files = fs.readdirSync(backupDir);
    expect(files.filter((f) => f.includes('.partial'))).toEqual([]);
    const runs = listRuns(backupDir);
    expect(runs.filter((r) => r.status === 'incomplete' || r.status === 'orphan').map((r) => r.runId)).toEqual([]);
    // A run that did not finish says why; the newest is complete.
    for (const r of runs.filter((x) => x.status === 'failed' || x.status === 'partial'))
      expect(r.manifest!.error ?? r.manifest!.databases.find((d) => !d.ok)?.error).toBeTruthy();
    expect(runs[0].status).toBe('good');
    for (const f of files) expect(fs.statSync(path.join(backupDir, f)).mode & 0o077).toBe(0);
    await noLeftovers();
  };
  for (let i = 0; i < 4; i++) await inject('backup create', args, 'kill', base.ms, next, check, i);
  await inject('backup create', args, 'stop', base.ms, next, check, 1);
}, 600_000);

test('restore: SIGKILL at 4 points and a server stop; never a half-restored database', async () => {
  await ensureEmbedded(home);
  const runId = listRuns(backupDir).find((r) => r.status === 'good')!.runId;
  const into = `${PREFIX}restored`;
  const args = ['restore', P, '--from', runId, '--dir', backupDir, '--into', into];
  await withClient(ctx.target(P).maintenanceUrl, P, (c) => c.query(`DROP DATABASE IF EXISTS ${quoteIdent(into)} WITH (FORCE)`));
  const base = await run(args);
  ok(base, 'restore');
  const second = `${into}_next`;
  const next = async () => {
    // What a killed restore left is never taken for a restored database: the next restore
    // drops it first (the in-progress marker of a dead process), then restores and checks.
    ok(await run([...args.slice(0, -1), second]), 'restore after the fault');
  };
  const check = async () => {
    await noLeftovers();
    const exists = await withClient(ctx.target(P).maintenanceUrl, P, (c) =>
      c.query('SELECT datname FROM pg_database WHERE datname = ANY($1)', [[into, second]]),
    );
    // The killed run's database is gone, or it had completed (and was checked) before the kill.
    expect(exists.rows.map((x) => x.datname)).toContain(second);
    await dropInto();
  };
  const dropInto = async () => {
    await ensureEmbedded(home);
    for (const n of [into, second]) await withClient(ctx.target(P).maintenanceUrl, P, (c) => c.query(`DROP DATABASE IF EXISTS ${quoteIdent(n)} WITH (FORCE)`));
  };
  for (let i = 0; i < 4; i++) {
    await dropInto();
    await inject('restore', args, 'kill', base.ms, next, check, i, dropInto);
  }
  await dropInto();
  await inject('restore', args, 'stop', base.ms, next, check, 0, dropInto);
  await dropInto();
  expect(injected).toBeGreaterThanOrEqual(25);
  expect(survived).toBe(injected);
}, 600_000);
