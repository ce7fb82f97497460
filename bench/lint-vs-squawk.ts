/**
 * Our `migrate lint` against squawk (npm `squawk-cli`, not a dependency of the package: it is
 * installed into a temporary folder with npm when absent) on the corpus of risky migrations in
 * test/fixtures/lint-corpus/<database>/ (plain SQL and Knex migrations). Prints a table —
 * hazard, squawk's finding, ours — and a summary: whether we flag everything squawk flags, and
 * what only we see.
 *
 *   npx tsx bench/lint-vs-squawk.ts              # terminal table
 *   npx tsx bench/lint-vs-squawk.ts --markdown   # Markdown (docs/migration-safety.md)
 *   SQUAWK_BIN=/path/to/squawk npx tsx bench/lint-vs-squawk.ts
 *
 * squawk reads SQL only: a Knex migration is given to it as the SQL our recording knex captures
 * from its up() (so the comparison is of the rules, not of the reading), with
 * --assume-in-transaction when our engine runs it in a transaction.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { loadRegistry } from '../src/registry';
import { fileSets, lintSets, migrationSql } from '../src/lint';

const ROOT = path.resolve(__dirname, '..');
const CORPUS = path.join(ROOT, 'test', 'fixtures', 'lint-corpus');

/** squawk rule → our codes that flag the same hazard. */
export const SAME_HAZARD: Record<string, string[]> = {
  'require-concurrent-index-creation': ['Q005', 'Q022'],
  'require-concurrent-index-deletion': ['Q007'],
  'ban-concurrent-index-creation-in-transaction': ['Q009'],
  // squawk also says it of ADD UNIQUE / PRIMARY KEY (which cannot be NOT VALID): the hazard is the validation under lock, Q012.
  'constraint-missing-not-valid': ['Q010', 'Q011', 'Q012'],
  'require-concurrent-reindex': ['Q008'],
  'require-concurrent-partition-detach': ['Q021'],
  'identifier-too-long': ['Q025'],
  'require-enum-value-ordering': ['Q026'],
  'adding-foreign-key-constraint': ['Q011'],
  'disallowed-unique-constraint': ['Q012'],
  'adding-primary-key-constraint': ['Q012'],
  'adding-serial-primary-key-field': ['Q012', 'Q013'],
  'adding-not-nullable-field': ['Q004'],
  'adding-required-field': ['Q004'],
  'adding-field-with-default': ['Q013'],
  'changing-column-type': ['Q003'],
  'renaming-column': ['Q006', 'Q017'],
  'renaming-table': ['Q016'],
  'ban-drop-column': ['Q002'],
  'ban-drop-table': ['Q001'],
  'ban-drop-database': ['Q018'],
  'ban-truncate-cascade': ['Q019'],
  'require-lock-timeout': ['Q024'],
  'require-timeout-settings': ['Q024'],
  'transaction-nesting': ['Q027'],
  'ban-uncommitted-transaction': ['Q027'],
};

/** squawk rules we do not follow on purpose (docs/migration-safety.md says why). */
export const NOT_OURS: Record<string, string> = {
  'prefer-robust-stmts': 'each migration runs in one transaction (all or nothing); non-transactional ones use the helpers that are safe to run again',
  'prefer-bigint-over-int': 'a schema design choice, not a migration hazard: the spec fixes the types',
  'prefer-bigint-over-smallint': 'a schema design choice, not a migration hazard',
  'prefer-identity': 'a schema design choice (serial is what the spec and Knex increments() make)',
  'prefer-text-field': 'a schema design choice: the spec gives VARCHAR(n); widening one later is free (Q003 knows it with live types)',
  'prefer-timestamp-tz': 'a schema design choice: the spec gives the types',
  'prefer-timestamptz': 'a schema design choice: the spec gives the types',
  'ban-char-field': 'a schema design choice: the spec gives the types',
  'require-statement-timeout':
    'statement_timeout is per migration (config.statementTimeout): a concurrent index build is meant to take long; lock_timeout is what protects traffic',
  'ban-drop-not-null': 'DROP NOT NULL is instant and readers keep working; writers gain a freedom, they do not lose one',
};

function squawkBin(): string {
  if (process.env.SQUAWK_BIN) return process.env.SQUAWK_BIN;
  const dir = path.join(os.tmpdir(), 'quenty-squawk');
  const bin = path.join(dir, 'node_modules', '.bin', 'squawk');
  if (!fs.existsSync(bin)) {
    fs.mkdirSync(dir, { recursive: true });
    process.stderr.write(`installing squawk-cli into ${dir} (npm)...\n`);
    const r = spawnSync('npm', ['install', '--no-save', '--no-audit', '--no-fund', '--prefix', dir, 'squawk-cli'], { stdio: ['ignore', 'ignore', 'inherit'] });
    if (r.status !== 0 || !fs.existsSync(bin)) throw new Error('could not install squawk-cli with npm; set SQUAWK_BIN to a squawk binary');
  }
  return bin;
}

function squawkRules(bin: string, file: string, inTransaction: boolean): string[] {
  const args = ['--reporter', 'json', '--pg-version', '15', ...(inTransaction ? ['--assume-in-transaction'] : []), file];
  const r = spawnSync(bin, args, { encoding: 'utf8' });
  const text = r.stdout.trim();
  if (!text.startsWith('[')) throw new Error(`squawk failed on ${file}: ${r.stderr || r.stdout}`);
  return [...new Set((JSON.parse(text) as Array<{ rule_name: string }>).map((x) => x.rule_name))].sort();
}

export interface Row {
  file: string;
  hazard: string;
  squawk: string[];
  ours: string[];
  missed: string[];
  onlyOurs: string[];
}

async function main() {
  const markdown = process.argv.includes('--markdown');
  const bin = squawkBin();
  const version = spawnSync(bin, ['--version'], { encoding: 'utf8' }).stdout.trim();
  const registry = loadRegistry();
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'quenty-squawk-sql-'));
  const rows: Row[] = [];
  for (const db of fs.readdirSync(CORPUS).sort()) {
    const files = fs
      .readdirSync(path.join(CORPUS, db))
      .sort()
      .map((f) => path.join(CORPUS, db, f));
    const report = await lintSets(registry, fileSets(registry, files));
    for (const file of files) {
      const name = path.basename(file).replace(/\.(sql|ts)$/, '');
      const source = fs.readFileSync(file, 'utf8');
      const hazard = /hazard:\s*(.+)/.exec(source)?.[1].trim() ?? '';
      let sqlFile = file;
      let inTx = false;
      if (file.endsWith('.ts')) {
        const m = await migrationSql({ name, file, checksum: '' });
        sqlFile = path.join(tmp, `${name}.sql`);
        // What our engine sends before up(): its lock_timeout (SET LOCAL in the migration's transaction).
        const engine = m.engineLockTimeout ? [`SET ${m.transaction ? 'LOCAL ' : ''}lock_timeout = '5000ms';`] : [];
        fs.writeFileSync(sqlFile, [...engine, ...m.statements].join('\n') + '\n');
        inTx = m.transaction;
      }
      const squawk = squawkRules(bin, sqlFile, inTx);
      const ours = [...new Set(report.findings.filter((f) => f.migration === name && f.database === db).map((f) => f.code))].sort();
      const missed = squawk.filter((r) => !NOT_OURS[r] && !(SAME_HAZARD[r] ?? []).some((c) => ours.includes(c)));
      const covered = new Set(squawk.flatMap((r) => SAME_HAZARD[r] ?? []));
      rows.push({ file: `${db}/${path.basename(file)}`, hazard, squawk, ours, missed, onlyOurs: ours.filter((c) => !covered.has(c)) });
    }
  }
  fs.rmSync(tmp, { recursive: true, force: true });

  const hazardous = rows.filter((r) => !/^(safe|style):/.test(r.hazard));
  const GENERIC = new Set(['require-lock-timeout', 'require-timeout-settings']);
  const squawkHazard = (r: Row) => r.squawk.some((x) => !NOT_OURS[x]);
  /** squawk names the hazard itself, not only a missing timeout. */
  const squawkSpecific = (r: Row) => r.squawk.some((x) => !NOT_OURS[x] && !GENERIC.has(x));
  const summary = {
    squawk: version,
    migrations: rows.length,
    knex: rows.filter((r) => r.file.endsWith('.ts')).length,
    sql: rows.filter((r) => r.file.endsWith('.sql')).length,
    hazardous: hazardous.length,
    flaggedBySquawk: hazardous.filter(squawkHazard).length,
    flaggedByUs: hazardous.filter((r) => r.ours.length).length,
    squawkFindingsWeMiss: rows.reduce((n, r) => n + r.missed.length, 0),
    hazardsOnlyWeFlag: hazardous.filter((r) => r.ours.length && !squawkHazard(r)).length,
    /** squawk says only "no lock_timeout" (or nothing); we name the hazard. */
    hazardsOnlyWeName: hazardous.filter((r) => r.ours.some((c) => c !== 'Q024') && !squawkSpecific(r)).map((r) => r.file),
    /** squawk cannot read a Knex migration: it saw these only through the SQL we captured. */
    knexInvisibleToSquawk: rows.filter((r) => r.file.endsWith('.ts')).length,
    squawkStyleRules: [...new Set(rows.flatMap((r) => r.squawk.filter((x) => NOT_OURS[x])))].sort(),
  };
  if (markdown) {
    console.log('| migration | hazard | squawk | ours | squawk sees, we do not | only we see |');
    console.log('|---|---|---|---|---|---|');
    for (const r of rows)
      console.log(
        `| ${r.file} | ${r.hazard} | ${r.squawk.join(', ') || '—'} | ${r.ours.join(', ') || '—'} | ${r.missed.join(', ') || ''} | ${r.onlyOurs.join(', ')} |`,
      );
  } else {
    const w = (s: string, n: number) => (s.length > n ? s.slice(0, n - 1) + '…' : s.padEnd(n));
    console.log(`${w('migration', 44)} ${w('hazard', 52)} ${w('squawk', 60)} ours`);
    for (const r of rows)
      console.log(
        `${w(r.file, 44)} ${w(r.hazard, 52)} ${w(r.squawk.join(',') || '-', 60)} ${r.ours.join(',') || '-'}${r.missed.length ? `   MISSED: ${r.missed.join(',')}` : ''}`,
      );
  }
  console.log('');
  console.log(JSON.stringify(summary, null, 2));
  if (summary.squawkFindingsWeMiss) process.exitCode = 1;
}

if (require.main === module) {
  main().catch((e) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  });
}
