/**
 * bench:verify — wall time of `verify` (library call) over the databases of the registry, migrated with
 * their monthly partitions (`up --no-seed`), median of BENCH_ROUNDS (default 5). In the same run,
 * two baselines on the same databases: `migrate status` (one round trip per database: the floor
 * of any per-database check) and `pg_dump --schema-only` of each, one after the other (the
 * naive drift check: dump and diff text). Also the whole CLI (`quenty-db verify`, process start
 * included), median of 3. Goal: verify under 3 s.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { parse } from 'pg-connection-string';
import { dropDatabases } from '../src/create';
import { migrationStatus } from '../src/migrate';
import { up } from '../src/up';
import { verifyDatabases } from '../src/verify';
import { benchContext, benchServerUrl, median, report } from './common';

const ms = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e6;

async function main() {
  const prefix = 'bv_';
  const ctx = await benchContext(prefix);
  const rounds = Number(process.env.BENCH_ROUNDS ?? 5);
  await dropDatabases(ctx, { roles: true });
  const u = await up(ctx, { seed: false });
  if (!u.migrate.ok) throw new Error('up failed: ' + JSON.stringify(u.migrate.databases.filter((m) => !m.ok)));
  try {
    const verify: number[] = [];
    const status: number[] = [];
    const dump: number[] = [];
    let findings = 0;
    for (let i = 0; i < rounds; i++) {
      let t0 = process.hrtime.bigint();
      const r = await verifyDatabases(ctx);
      verify.push(ms(t0));
      findings = Math.max(
        findings,
        r.databases.reduce((n, d) => n + d.findings.length, 0),
      );
      t0 = process.hrtime.bigint();
      await migrationStatus(ctx);
      status.push(ms(t0));
      t0 = process.hrtime.bigint();
      let dumped = true;
      for (const t of ctx.targets) {
        const c = parse(t.url);
        const d = spawnSync('pg_dump', ['--schema-only', '-h', c.host!, '-p', String(c.port ?? 5432), '-U', c.user!, '-d', t.dbName, '-f', '/dev/null'], {
          env: { ...process.env, PGPASSWORD: c.password ?? '' },
          encoding: 'utf8',
        });
        if (d.status !== 0) dumped = false;
      }
      if (dumped) dump.push(ms(t0));
    }
    const cli: number[] = [];
    const env = { ...process.env, QUENTY_DATABASE_URL: await benchServerUrl(), QUENTY_DB_PREFIX: prefix, NO_COLOR: '1' };
    const cliCodes: number[] = [];
    for (let i = 0; i < 3; i++) {
      const t0 = process.hrtime.bigint();
      const r = spawnSync(path.resolve(__dirname, '..', 'bin', 'quenty-db'), ['verify'], { env, encoding: 'utf8' });
      cli.push(ms(t0));
      cliCodes.push(r.status ?? -1);
    }
    const cliCode = cliCodes.find((c) => c !== 0) ?? 0;
    const v = median(verify);
    const s = median(status);
    const d = dump.length ? median(dump) : NaN;
    const c = median(cli);
    console.log(`verify, ${ctx.targets.length} databases (library):   ${v.toFixed(0)} ms (median of ${rounds}; ${findings} finding(s) at most in a round)`);
    console.log(`baseline migrate status:             ${s.toFixed(0)} ms   ratio verify/status ${(v / s).toFixed(2)}`);
    if (dump.length) console.log(`baseline pg_dump --schema-only x9:   ${d.toFixed(0)} ms   ratio verify/pg_dump ${(v / d).toFixed(2)}`);
    // The goal counts only for a verify that did its job: every CLI run exited 0 and nothing was found.
    const clean = cliCode === 0 && findings === 0;
    const goal = !clean
      ? `NOT met (${cliCode !== 0 ? `exit ${cliCode}` : ''}${cliCode !== 0 && findings ? ', ' : ''}${findings ? `${findings} finding(s)` : ''}: not a clean verify)`
      : c < 3000
        ? 'met'
        : 'NOT met';
    console.log(`quenty-db verify (CLI, with start):  ${c.toFixed(0)} ms (exit ${cliCodes.join('/')})   goal < 3000 ms: ${goal}`);
    report('verify', {
      verify_ms: Math.round(v),
      status_baseline_ms: Math.round(s),
      ratio_vs_status: Number((v / s).toFixed(2)),
      ...(dump.length ? { pg_dump_baseline_ms: Math.round(d), ratio_vs_pg_dump: Number((v / d).toFixed(2)) } : {}),
      cli_ms: Math.round(c),
      findings,
      cli_exit: cliCode,
      goal_ms: 3000,
      goal_met: clean && c < 3000 ? 'yes' : 'no',
    });
  } finally {
    await dropDatabases(ctx, { roles: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
