/**
 * bench:backup — `backup create` of the nine databases against, in the same run, the spec's
 * sequential script (`pg_dump -Fc` of one database after another). Both dump the same data on
 * the same server; rounds alternate (baseline, ours, baseline, ours...) and the medians are
 * compared. `backup verify` is timed separately.
 *
 * Data: the seeder at --scale medium when `src/seed` exports `seed(ctx, { scale })`; otherwise
 * ~1M rows generated here with SQL (generate_series into every table that takes generic values,
 * parents before children), which the output says.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { createDatabases, dropDatabases } from '../src/create';
import { migrate } from '../src/migrate';
import { Context, Target, withClient, quoteIdent } from '../src/db/targets';
import { createBackup, verifyBackup } from '../src/backup';
import { findTool, pgEnv, runTool } from '../src/backup/tools';
import { runIdFor } from '../src/backup/naming';
import { benchContext, median, report } from './common';

const TOTAL_ROWS = Number(process.env.BENCH_ROWS ?? 1_000_000);

interface Col {
  name: string;
  type: string;
  len: number | null;
  notnull: boolean;
  hasDefault: boolean;
  fk?: { table: string; column: string };
  check?: string[];
}

/** A SQL expression of row number `g` for a column type (deterministic, unique by g). */
function valueExpr(c: Col, g: string): string | undefined {
  if (c.check?.length) return `(ARRAY[${c.check.map((v) => `'${v.replace(/'/g, "''")}'`).join(',')}])[1 + (${g} % ${c.check.length})]`;
  const t = c.type;
  if (t === 'character varying' || t === 'text' || t === 'character') {
    const n = c.len ?? 60;
    return `left(${g}::text || '-' || md5(${g}::text), ${Math.max(1, n)})`;
  }
  if (t === 'integer' || t === 'bigint') return `${g}`;
  if (t === 'smallint') return `(${g} % 30000)`;
  if (t === 'numeric' || t === 'double precision' || t === 'real') return `((${g} % 90) + 0.25)`;
  if (t === 'boolean') return `(${g} % 2 = 0)`;
  if (t === 'timestamp with time zone' || t === 'timestamp without time zone') return `(timestamptz '2026-01-01' + (${g} % 4000) * interval '17 minutes')`;
  if (t === 'date') return `(date '2026-01-01' + (${g} % 150))`;
  if (t === 'jsonb' || t === 'json') return `jsonb_build_object('n', ${g}, 'tag', 'valor ' || (${g} % 97))`;
  if (t === 'uuid') return `md5(${g}::text)::uuid`;
  if (t === 'inet') return `'10.0.0.1'::inet`;
  if (t === 'ARRAY') return `'{}'`;
  return undefined;
}

/** Fills the tables of one database with generic rows: parents first, FKs pointing at g % parent rows. */
async function fillDatabase(t: Target, rowsPerDb: number): Promise<{ rows: number; tables: number; skipped: string[] }> {
  return withClient(t.url, t.name, async (c: pg.Client) => {
    const cols = await c.query(`
      SELECT c.relname AS table, a.attname AS name, format_type(a.atttypid, NULL) AS type,
             CASE WHEN a.atttypmod > 4 AND format_type(a.atttypid, NULL) IN ('character varying','character') THEN a.atttypmod - 4 END AS len,
             a.attnotnull AS notnull, a.atthasdef AS has_default
        FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE n.nspname = 'public' AND c.relkind IN ('r','p') AND NOT c.relispartition AND a.attnum > 0 AND NOT a.attisdropped
         AND c.relname NOT LIKE 'knex\\_%'
       ORDER BY c.relname, a.attnum`);
    const fks = await c.query(`
      SELECT cl.relname AS table, a.attname AS column, pc.relname AS ptable, pa.attname AS pcolumn
        FROM pg_constraint k JOIN pg_class cl ON cl.oid = k.conrelid JOIN pg_class pc ON pc.oid = k.confrelid
        JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = k.conkey[1]
        JOIN pg_attribute pa ON pa.attrelid = k.confrelid AND pa.attnum = k.confkey[1]
       WHERE k.contype = 'f' AND array_length(k.conkey, 1) = 1`);
    const checks = await c.query(`
      SELECT cl.relname AS table, pg_get_constraintdef(k.oid) AS def
        FROM pg_constraint k JOIN pg_class cl ON cl.oid = k.conrelid WHERE k.contype = 'c'`);
    const tables = new Map<string, Col[]>();
    for (const r of cols.rows) {
      const list = tables.get(r.table) ?? [];
      list.push({ name: r.name, type: r.type, len: r.len, notnull: r.notnull, hasDefault: r.has_default });
      tables.set(r.table, list);
    }
    for (const f of fks.rows) {
      const col = tables.get(f.table)?.find((x) => x.name === f.column);
      if (col) col.fk = { table: f.ptable, column: f.pcolumn };
    }
    for (const k of checks.rows) {
      // `(status)::text = ANY ((ARRAY['a'::character varying, ...` → the allowed literals.
      const m = /^CHECK \(\(?\(?(\w+)\)?(?:::text)?\s*=\s*ANY\s*\(\(?ARRAY\[(.*)\]/.exec(k.def);
      if (!m) continue;
      const col = tables.get(k.table)?.find((x) => x.name === m[1]);
      if (col) col.check = [...m[2].matchAll(/'((?:[^']|'')*)'/g)].map((x) => x[1].replace(/''/g, "'"));
    }
    // Parents before children.
    const order: string[] = [];
    const visit = (name: string, seen = new Set<string>()) => {
      if (order.includes(name) || seen.has(name) || !tables.has(name)) return;
      seen.add(name);
      for (const col of tables.get(name)!) if (col.fk && col.fk.table !== name) visit(col.fk.table, seen);
      order.push(name);
    };
    for (const name of [...tables.keys()].sort()) visit(name);
    const per = Math.max(1, Math.floor(rowsPerDb / Math.max(1, order.length)));
    const filled = new Map<string, number>();
    const skipped: string[] = [];
    let total = 0;
    for (const name of order) {
      const list = tables.get(name)!;
      const names: string[] = [];
      const exprs: string[] = [];
      let ok = true;
      for (const col of list) {
        if (col.fk) {
          const pn = filled.get(col.fk.table);
          if (!pn) {
            if (col.notnull) ok = false;
            continue;
          }
          const parentCol = tables.get(col.fk.table)!.find((x) => x.name === col.fk!.column)!;
          // Parent values are the same expression of the parent's row number (serial ids are 1..n).
          const pg = `((g % ${pn}) + 1)`;
          const e = parentCol.hasDefault && /^(integer|bigint)$/.test(parentCol.type) ? pg : valueExpr(parentCol, pg);
          if (!e) ok = false;
          else {
            names.push(col.name);
            exprs.push(e);
          }
          continue;
        }
        if (col.hasDefault) continue;
        const e = valueExpr(col, 'g');
        if (!e) {
          if (col.notnull) ok = false;
          continue;
        }
        names.push(col.name);
        exprs.push(e);
      }
      if (!ok || names.length === 0) {
        skipped.push(name);
        continue;
      }
      try {
        await c.query(`INSERT INTO ${quoteIdent(name)} (${names.map(quoteIdent).join(', ')}) SELECT ${exprs.join(', ')} FROM generate_series(1, ${per}) g`);
        filled.set(name, per);
        total += per;
      } catch (e) {
        skipped.push(`${name} (${(e as Error).message.slice(0, 60)})`);
      }
    }
    await c.query('ANALYZE');
    return { rows: total, tables: filled.size, skipped };
  });
}

async function seedWithSeeder(ctx: Context): Promise<boolean> {
  try {
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    const mod = require('../src/seed');
    if (typeof mod.seed !== 'function') return false;
    await mod.seed(ctx, { scale: 'medium' });
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'MODULE_NOT_FOUND') return false;
    throw e;
  }
}

async function dirSize(dir: string): Promise<number> {
  return fs.readdirSync(dir).reduce((s, f) => s + fs.statSync(path.join(dir, f)).size, 0);
}

async function main() {
  const ctx = await benchContext('b_bk_');
  const rounds = Number(process.env.BENCH_ROUNDS ?? 5);
  const log = (s: string) => process.stdout.write(s + '\n');
  await dropDatabases(ctx, { roles: false });
  const created = await createDatabases(ctx);
  const migrated = await migrate(ctx, 'latest');
  if (!created.every((x) => x.ok) || !migrated.every((x) => x.ok)) throw new Error('create/migrate failed');
  let data: string;
  if (process.env.BENCH_NO_SEEDER !== '1' && (await seedWithSeeder(ctx))) data = 'seeder --scale medium';
  else {
    const per = Math.ceil(TOTAL_ROWS / ctx.targets.length);
    let rows = 0;
    const skipped: string[] = [];
    for (const t of ctx.targets) {
      const r = await fillDatabase(t, per);
      rows += r.rows;
      skipped.push(...r.skipped.map((s) => `${t.name}.${s}`));
    }
    data = `${rows} rows generated with SQL generate_series (seeder not available)`;
    if (skipped.length) log(`tables left empty by the generic generator: ${skipped.length}`);
  }
  const sizes = await withClient(ctx.targets[0].maintenanceUrl, 'sizes', (c) =>
    c.query(`SELECT sum(pg_database_size(datname))::bigint AS b FROM pg_database WHERE datname LIKE 'b\\_bk\\_%'`),
  );
  log(`data: ${data}; ${(Number(sizes.rows[0].b) / 1048576).toFixed(0)} MB on the server`);

  const pgDump = findTool('pg_dump');
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'quenty-bench-backup-'));
  const base: number[] = [];
  const ours: number[] = [];
  const oursZ1: number[] = [];
  let z1Bytes = 0;
  let baseBytes = 0;
  let oursBytes = 0;
  let lastRun = '';
  let oursDir = '';
  const runSpec = async (i: number) => {
    // The spec's script: pg_dump -F c of each database, one after another.
    const bdir = path.join(root, `spec_${i}`);
    fs.mkdirSync(bdir);
    const date = runIdFor(new Date());
    const t0 = process.hrtime.bigint();
    for (const t of ctx.targets) {
      const r = await runTool(pgDump, ['-F', 'c', '-f', path.join(bdir, `${t.name}_${date}.backup`)], pgEnv(t.url, t.dbName));
      if (r.code !== 0) throw new Error(`pg_dump ${t.name}: ${r.stderr}`);
    }
    base.push(Number(process.hrtime.bigint() - t0) / 1e6);
    baseBytes = await dirSize(bdir);
    fs.rmSync(bdir, { recursive: true, force: true });
  };
  const runOurs = async (i: number) => {
    oursDir = path.join(root, `ours_${i}`);
    const t0 = process.hrtime.bigint();
    const res = await createBackup(ctx, { dir: oursDir });
    ours.push(Number(process.hrtime.bigint() - t0) / 1e6);
    if (!res.ok) throw new Error('backup create failed: ' + JSON.stringify(res.manifest.databases.filter((d) => !d.ok)));
    oursBytes = res.manifest.databases.reduce((s, d) => s + (d.size ?? 0), 0);
    lastRun = res.manifest.runId;
  };
  const runZ1 = async (i: number) => {
    // The same with --compress 1 (pg_dump's fastest zlib level): a choice the command offers.
    const z1Dir = path.join(root, `z1_${i}`);
    const t0 = process.hrtime.bigint();
    const z1 = await createBackup(ctx, { dir: z1Dir, compress: 1 });
    oursZ1.push(Number(process.hrtime.bigint() - t0) / 1e6);
    if (!z1.ok) throw new Error('backup create --compress 1 failed');
    z1Bytes = z1.manifest.databases.reduce((s, d) => s + (d.size ?? 0), 0);
    fs.rmSync(z1Dir, { recursive: true, force: true });
  };
  // Warm-up (not timed): the first reads after seeding set hint bits; neither side should pay it alone.
  await runSpec(-1);
  base.length = 0;
  for (let i = 0; i < rounds; i++) {
    // Alternate which side goes first, so that neither always follows the other's cache state.
    if (i % 2 === 0) {
      await runSpec(i);
      await runOurs(i);
    } else {
      await runOurs(i);
      await runSpec(i);
    }
    await runZ1(i);
    log(`round ${i + 1}: spec script ${base[i].toFixed(0)} ms, backup create ${ours[i].toFixed(0)} ms, backup create --compress 1 ${oursZ1[i].toFixed(0)} ms (load ${os.loadavg()[0].toFixed(1)})`);
    if (i < rounds - 1) fs.rmSync(oursDir, { recursive: true, force: true });
  }
  let t0 = process.hrtime.bigint();
  const v = await verifyBackup(ctx, { dir: oursDir, run: lastRun });
  const verifyMs = Number(process.hrtime.bigint() - t0) / 1e6;
  if (!v.ok) throw new Error('verify failed: ' + JSON.stringify(v.databases.filter((d) => !d.ok)));
  fs.rmSync(root, { recursive: true, force: true });
  await dropDatabases(ctx, { roles: false });

  const b = median(base);
  const o = median(ours);
  const ratio = o / b;
  log(`spec sequential pg_dump -Fc (9 databases): median ${b.toFixed(0)} ms over ${rounds} rounds [${base.map((x) => x.toFixed(0)).join(', ')}], ${(baseBytes / 1048576).toFixed(1)} MB`);
  log(`quenty-db backup create (9 databases + globals, exact counts, SHA-256): median ${o.toFixed(0)} ms [${ours.map((x) => x.toFixed(0)).join(', ')}], ${(oursBytes / 1048576).toFixed(1)} MB`);
  const z = median(oursZ1);
  log(`quenty-db backup create --compress 1: median ${z.toFixed(0)} ms [${oursZ1.map((x) => x.toFixed(0)).join(', ')}], ${(z1Bytes / 1048576).toFixed(1)} MB`);
  log(`ratio ours/spec at the same compression: ${ratio.toFixed(2)}× (goal ≤ 0.70×) — ${ratio <= 0.7 ? 'met' : 'NOT met'}`);
  log(`ratio ours --compress 1 / spec: ${(z / b).toFixed(2)}× (files ${((z1Bytes / baseBytes - 1) * 100).toFixed(0)}% larger)`);
  log(`load average during the run: ${os.loadavg().map((x) => x.toFixed(1)).join(' ')} on ${os.cpus().length} cores (other work on the machine skews both sides)`);
  log(`backup verify (checksums, pg_restore -l, restore into scratch, counts; not included above): ${verifyMs.toFixed(0)} ms`);
  void t0;
  report('backup', {
    data,
    cores: os.cpus().length,
    rounds,
    spec_sequential_ms: Math.round(b),
    backup_create_ms: Math.round(o),
    ratio: Number(ratio.toFixed(3)),
    goal_ratio: 0.7,
    backup_create_compress1_ms: Math.round(z),
    ratio_compress1: Number((z / b).toFixed(3)),
    compress1_bytes: z1Bytes,
    loadavg_1m: Number(os.loadavg()[0].toFixed(2)),
    verify_ms: Math.round(verifyMs),
    spec_bytes: baseBytes,
    ours_bytes: oursBytes,
  });
}

main().catch((e) => {
  process.stderr.write(`bench:backup failed: ${e instanceof Error ? e.stack : String(e)}\n`);
  process.exit(1);
});
