import fs from 'node:fs';
import { Command, Option } from 'commander';
import { engine, openContext } from '../lazy';
import { CONCERNS } from '../../status/types';
import type { StatusReport, State } from '../../status';
import { formatBytes } from '../../status/assess';
import { QuentyError } from '../../util/errors';
import { printJson, println, table, ok, bad, warn, dim } from '../output';
import { chooseOutputs, dbOption, formatOption, jsonOption, outOption, type OutputSpec } from '../options';

const FORMATS = ['terminal', 'json', 'prometheus'] as const;
type Format = (typeof FORMATS)[number];

/** status's outputs: stdout, or with --out the file alone (no extension mapping: the format is --format's, else terminal). */
const STATUS_OUTPUTS: OutputSpec<Format> = { formats: FORMATS, stdoutDefault: 'terminal', outDefault: 'terminal' };

const paint = (s: State, text: string) => (s === 'ok' ? ok(text) : s === 'warn' ? warn(text) : bad(text));
const mark = (s: State) => paint(s, s === 'ok' ? '✓' : s === 'warn' ? '!' : '✗');

/** One line per database, a column per concern; then what is wrong, and the fleet's verdict. */
export function renderStatus(r: StatusReport): string {
  const shown = CONCERNS.filter((c) => c !== 'pgbouncer' || r.pgbouncer);
  const rows = r.databases.map((d) => {
    const size =
      d.sizeBytes === undefined
        ? '-'
        : formatBytes(d.sizeBytes) + (d.growthBytes ? ` (${d.growthBytes > 0 ? '+' : '-'}${formatBytes(Math.abs(d.growthBytes))})` : '');
    return [
      `${mark(d.state)} ${d.database}`,
      size,
      ...shown.map((c) => {
        const i = d.items.find((x) => x.concern === c);
        return i ? paint(i.state, i.summary) : dim('-');
      }),
    ];
  });
  const lines = [table(['database', 'size', ...shown], rows)];
  const details = r.databases.flatMap((d) => d.items.filter((i) => i.state !== 'ok').flatMap((i) => i.details.map((t) => `  ${mark(i.state)} ${t}`)));
  if (details.length) lines.push('', ...details);
  const verdict = `${r.databases.length} database(s): ${r.counts.ok} ok, ${r.counts.warn} warn, ${r.counts.critical} critical (${r.durationMs} ms)`;
  lines.push('', paint(r.state, verdict));
  return lines.join('\n');
}

export function registerStatus(program: Command) {
  return program
    .command('status')
    .description(
      'the health of the fleet in one read-only pass: reachability, size and growth, connections, migrations, partitions, backups, ' +
        'the last audit, PgBouncer pools and the largest tables; exit 0 when nothing is critical, 1 when something is (or warns, with --fail-on warn)',
    )
    .addOption(dbOption())
    .addOption(formatOption(FORMATS, 'output format'))
    .addOption(jsonOption('the JSON report on stdout (docs/status.schema.json); same as --format json'))
    .addOption(outOption("write the output to this file (atomically) instead of stdout, e.g. for node_exporter's textfile collector"))
    .addOption(new Option('--fail-on <state>', 'lowest state that fails (exit 1)').choices(['critical', 'warn']).default('critical'))
    .option('--pgbouncer <host:port>', 'PgBouncer to read pools from (default: QUENTY_PGBOUNCER_LISTEN_PORT when set)')
    .option('--no-pgbouncer', 'do not ask PgBouncer')
    .addHelpText(
      'after',
      '\nThresholds come from QUENTY_STATUS_* variables (docs/status.md), e.g. QUENTY_STATUS_HEADROOM_WARN_MONTHS=3.\n' +
        '\nExamples:\n  quenty-db status\n  quenty-db status --db order_db --json\n' +
        '  quenty-db status --format prometheus --out /var/lib/node_exporter/quenty_db.prom\n  quenty-db status --fail-on warn',
    )
    .action(async (opts: { db?: string; format?: Format; json?: boolean; out?: string; failOn: 'critical' | 'warn'; pgbouncer?: string | boolean }) => {
      // With --out only the file is written (in the format --format or --json says, else terminal).
      const choice = chooseOutputs(opts, STATUS_OUTPUTS);
      const out = choice.files[0];
      const format = out?.format ?? choice.stdout;
      let pgbouncer: { host: string; port: number } | false | undefined;
      if (opts.pgbouncer === false) pgbouncer = false;
      else if (typeof opts.pgbouncer === 'string') {
        const m = /^([^:]+):(\d{1,5})$/.exec(opts.pgbouncer);
        if (!m || Number(m[2]) < 1 || Number(m[2]) > 65535) throw new QuentyError('USAGE', `--pgbouncer must be host:port, got "${opts.pgbouncer}"`);
        pgbouncer = { host: m[1], port: Number(m[2]) };
      }
      const { fleetStatus, toPrometheus } = engine.status();
      const ctx = await openContext();
      const report = await fleetStatus(ctx, { databases: opts.db, failOn: opts.failOn, pgbouncer });
      const text =
        format === 'json' ? JSON.stringify(report, null, 2) + '\n' : format === 'prometheus' ? await toPrometheus(report) : renderStatus(report) + '\n';
      if (out) {
        const tmp = `${out.file}.${process.pid}.partial`;
        try {
          fs.writeFileSync(tmp, text);
          fs.renameSync(tmp, out.file);
        } catch (e) {
          fs.rmSync(tmp, { force: true });
          throw new QuentyError('USAGE', `cannot write --out ${out.file}: ${(e as Error).message}`, { hint: 'does its folder exist and is it writable?' });
        }
      } else if (format === 'json') printJson(report);
      else if (format === 'prometheus') process.stdout.write(text);
      else println(text.trimEnd());
      process.exitCode = report.exitCode;
    });
}
