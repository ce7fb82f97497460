import type { StatusThresholds } from './thresholds';
import { CONCERNS, DatabaseFacts, DatabaseStatusReport, STATE_RANK, State, StatusItem, StatusReport } from './types';

/**
 * Pure: the state of each concern of a database from its facts and the thresholds. Every
 * non-ok state carries a detail saying what is wrong and what to do.
 */

export const worst = (states: State[]): State => states.reduce<State>((a, b) => (STATE_RANK[b] > STATE_RANK[a] ? b : a), 'ok');

const hours = (ms: number) => ms / 3_600_000;
const ageText = (h: number) => (h < 1 ? `${Math.round(h * 60)} min` : h < 48 ? `${h.toFixed(1)} h` : `${(h / 24).toFixed(1)} d`);

export function formatBytes(n: number): string {
  const units = ['B', 'kB', 'MB', 'GB', 'TB'];
  let v = n;
  let u = 0;
  while (Math.abs(v) >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${u === 0 ? v : v.toFixed(1)} ${units[u]}`;
}

function item(concern: StatusItem['concern'], findings: Array<{ state: State; detail: string }>, okSummary: string, badSummary?: string): StatusItem {
  const bad = findings.filter((f) => f.state !== 'ok');
  const state = worst(bad.map((f) => f.state));
  return { concern, state, summary: state === 'ok' ? okSummary : (badSummary ?? bad[0].detail), details: bad.map((f) => f.detail) };
}

export function assessServer(f: DatabaseFacts): StatusItem {
  if (!f.reachable)
    return {
      concern: 'server',
      state: 'critical',
      summary: 'unreachable',
      details: [`${f.database} is unreachable on ${f.server}: ${f.error ?? 'no answer'}`],
    };
  return { concern: 'server', state: 'ok', summary: `PostgreSQL ${f.serverVersion ?? '?'}`, details: [] };
}

export function assessConnections(f: DatabaseFacts, t: StatusThresholds): StatusItem {
  const c = f.connections;
  if (!c)
    return {
      concern: 'connections',
      state: f.reachable ? 'warn' : 'critical',
      summary: 'unknown',
      details: f.reachable ? [`${f.database}: could not read connections`] : [],
    };
  const usable = Math.max(1, c.max - c.reserved);
  const pct = (100 * c.server) / usable;
  const state: State = pct >= t.connectionsCriticalPct ? 'critical' : pct >= t.connectionsWarnPct ? 'warn' : 'ok';
  const summary = `${c.database} here, ${c.server}/${usable} on server (${pct.toFixed(0)}%)`;
  const detail = `server ${f.server} uses ${c.server} of ${usable} connections (${pct.toFixed(0)}%, limits ${t.connectionsWarnPct}/${t.connectionsCriticalPct}%): look for idle sessions or route clients through PgBouncer`;
  return { concern: 'connections', state, summary, details: state === 'ok' ? [] : [detail] };
}

export function assessMigrations(f: DatabaseFacts): StatusItem {
  const m = f.migrations;
  if (!m) return { concern: 'migrations', state: 'critical', summary: 'unknown', details: [] };
  if (m.error) return { concern: 'migrations', state: 'critical', summary: 'error', details: [`${f.database}: migration history unreadable: ${m.error}`] };
  const findings = [
    ...m.problems.map((p) => ({ state: 'critical' as State, detail: `${f.database}: ${p} (run \`quenty-db migrate validate --db ${f.database}\`)` })),
    ...(m.pending.length
      ? [
          {
            state: 'warn' as State,
            detail: `${f.database}: ${m.pending.length} pending migration(s): ${m.pending.join(', ')} (run \`quenty-db migrate latest --db ${f.database}\`)`,
          },
        ]
      : []),
  ];
  const summary = m.problems.length ? `${m.problems.length} edited/missing` : m.pending.length ? `${m.pending.length} pending` : `${m.applied} applied`;
  return { ...item('migrations', findings, summary), summary };
}

export function assessPartitions(f: DatabaseFacts, t: StatusThresholds): StatusItem {
  if (f.partitions.length === 0) return { concern: 'partitions', state: 'ok', summary: '-', details: [] };
  const findings: Array<{ state: State; detail: string }> = [];
  for (const p of f.partitions) {
    const name = `${f.database}.${p.table}`;
    if (p.error) {
      findings.push({ state: 'critical', detail: `${name}: ${p.error}` });
      continue;
    }
    if (p.headroomMonths < t.headroomCriticalMonths || p.headroomMonths < t.headroomWarnMonths) {
      findings.push({
        state: p.headroomMonths < t.headroomCriticalMonths ? 'critical' : 'warn',
        detail: `${name}: ${p.headroomMonths} month(s) of partitions from the current month on, ${p.nextMissing} missing (run \`quenty-db partitions ensure --db ${f.database}\`)`,
      });
    }
    if (p.defaultRows >= t.defaultRowsWarn) {
      findings.push({
        state: p.defaultRows >= t.defaultRowsCritical ? 'critical' : 'warn',
        detail: `${name}: ${p.defaultRows} row(s) in the DEFAULT partition (run \`quenty-db partitions ensure --db ${f.database}\` to move them into their months)`,
      });
    }
    if (p.pastRetention.length) {
      findings.push({
        state: 'warn',
        detail: `${name}: ${p.pastRetention.length} partition(s) past the ${p.retentionMonths}-month retention (run \`quenty-db partitions retention --db ${f.database}\`)`,
      });
    }
  }
  const min = Math.min(...f.partitions.filter((p) => !p.error).map((p) => p.headroomMonths));
  const rows = f.partitions.reduce((s, p) => s + p.defaultRows, 0);
  const summary = `${Number.isFinite(min) ? min : '?'} mo ahead${rows ? `, ${rows} in DEFAULT` : ''}`;
  return { ...item('partitions', findings, summary), summary };
}

export function assessBackups(f: DatabaseFacts, t: StatusThresholds, now: Date): StatusItem {
  const b = f.backups;
  if (!b.newestGood) {
    return { concern: 'backups', state: 'critical', summary: 'none', details: [`${f.database}: no good backup (run \`quenty-db backup create\`)`] };
  }
  const goodH = hours(now.getTime() - Date.parse(b.newestGood.at));
  const findings: Array<{ state: State; detail: string }> = [];
  if (goodH > t.backupGoodWarnHours) {
    findings.push({
      state: goodH > t.backupGoodCriticalHours ? 'critical' : 'warn',
      detail: `${f.database}: newest good backup ${b.newestGood.runId} is ${ageText(goodH)} old (limits ${t.backupGoodWarnHours}/${t.backupGoodCriticalHours} h)`,
    });
  }
  const verH = b.newestVerified ? hours(now.getTime() - Date.parse(b.newestVerified.at)) : undefined;
  if (verH === undefined) findings.push({ state: 'warn', detail: `${f.database}: no verified backup (run \`quenty-db backup verify\`)` });
  else if (verH > t.backupVerifiedWarnHours)
    findings.push({
      state: 'warn',
      detail: `${f.database}: newest verified backup ${b.newestVerified!.runId} is ${ageText(verH)} old (limit ${t.backupVerifiedWarnHours} h)`,
    });
  const summary = `good ${ageText(goodH)}, verified ${verH === undefined ? 'never' : ageText(verH)}`;
  return { ...item('backups', findings, summary), summary };
}

export function assessAudit(f: DatabaseFacts, t: StatusThresholds, now: Date): StatusItem {
  const a = f.audit;
  if (!a) return { concern: 'audit', state: 'warn', summary: 'never run', details: [`${f.database}: no audit run recorded (run \`quenty-db audit\`)`] };
  const h = hours(now.getTime() - Date.parse(a.at));
  const findings: Array<{ state: State; detail: string }> = [];
  if (a.error > 0)
    findings.push({
      state: 'critical',
      detail: `${f.database}: the last audit (${a.at}) failed ${a.error} of ${a.checks} check(s) (run \`quenty-db audit --db ${f.database}\` for the report)`,
    });
  else if (a.warn > 0) findings.push({ state: 'warn', detail: `${f.database}: the last audit (${a.at}) warned on ${a.warn} of ${a.checks} check(s)` });
  if (h > t.auditWarnHours) findings.push({ state: 'warn', detail: `${f.database}: the last audit is ${ageText(h)} old (limit ${t.auditWarnHours} h)` });
  const summary = `${a.pass}/${a.checks} pass, ${ageText(h)} ago`;
  return { ...item('audit', findings, summary), summary };
}

export function assessPgBouncer(f: DatabaseFacts, t: StatusThresholds): StatusItem {
  const p = f.pgbouncer;
  if (!p) return { concern: 'pgbouncer', state: 'ok', summary: '-', details: [] };
  if (p.error) return { concern: 'pgbouncer', state: 'critical', summary: 'unreachable', details: [`PgBouncer console: ${p.error}`] };
  if (p.pools.length === 0) return { concern: 'pgbouncer', state: 'ok', summary: 'no pool yet', details: [] };
  const findings: Array<{ state: State; detail: string }> = [];
  for (const pool of p.pools) {
    if (pool.maxwaitSeconds > t.maxwaitWarnSeconds) {
      findings.push({
        state: pool.maxwaitSeconds > t.maxwaitCriticalSeconds ? 'critical' : 'warn',
        detail: `${f.database} pool of ${pool.user}: the oldest waiting client has waited ${pool.maxwaitSeconds.toFixed(1)} s (limits ${t.maxwaitWarnSeconds}/${t.maxwaitCriticalSeconds} s); ${pool.clientsWaiting} waiting, ${pool.serversActive} server connection(s) busy: raise the pool size or find the long transactions`,
      });
    } else if (pool.clientsWaiting > 0) {
      findings.push({ state: 'warn', detail: `${f.database} pool of ${pool.user}: ${pool.clientsWaiting} client(s) waiting for a server connection` });
    }
  }
  const active = p.pools.reduce((s, x) => s + x.clientsActive, 0);
  const waiting = p.pools.reduce((s, x) => s + x.clientsWaiting, 0);
  const maxwait = Math.max(...p.pools.map((x) => x.maxwaitSeconds));
  const summary = `${active} active, ${waiting} waiting, maxwait ${maxwait.toFixed(1)} s`;
  return { ...item('pgbouncer', findings, summary), summary };
}

export function assessTables(f: DatabaseFacts, t: StatusThresholds): StatusItem {
  const findings = f.dead
    .filter((d) => d.dead >= t.deadTuplesMin && d.ratio * 100 >= t.deadTuplesWarnPct)
    .map((d) => ({
      state: 'warn' as State,
      detail: `${f.database}.${d.table}: ${(d.ratio * 100).toFixed(0)}% dead tuples (${d.dead} dead): check autovacuum, or VACUUM the table`,
    }));
  const top = f.largest.find((r) => r.kind === 'table');
  const summary = top ? `largest ${top.name} ${formatBytes(top.bytes)}` : '-';
  return { ...item('tables', findings, summary), summary };
}

/** Pure: the report of one database. */
export function assessDatabase(f: DatabaseFacts, t: StatusThresholds, now: Date): DatabaseStatusReport {
  const items: StatusItem[] = f.reachable
    ? [
        assessServer(f),
        assessConnections(f, t),
        assessMigrations(f),
        assessPartitions(f, t),
        assessBackups(f, t, now),
        assessAudit(f, t, now),
        assessPgBouncer(f, t),
        assessTables(f, t),
      ]
    : [assessServer(f), assessBackups(f, t, now), assessAudit(f, t, now), assessPgBouncer(f, t)];
  items.sort((a, b) => CONCERNS.indexOf(a.concern) - CONCERNS.indexOf(b.concern));
  const growthBytes = f.sizeBytes !== undefined && f.previous ? f.sizeBytes - f.previous.sizeBytes : undefined;
  return { ...f, state: worst(items.map((i) => i.state)), ...(growthBytes !== undefined ? { growthBytes } : {}), items };
}

/** Pure: the fleet report and the exit status it implies. */
export function assessFleet(
  facts: DatabaseFacts[],
  t: StatusThresholds,
  opts: { now: Date; startedAt: number; failOn?: 'critical' | 'warn'; pgbouncer?: { host: string; port: number } },
): StatusReport {
  const databases = facts.map((f) => assessDatabase(f, t, opts.now));
  const state = worst(databases.map((d) => d.state));
  const failOn = opts.failOn ?? 'critical';
  const fails = STATE_RANK[state] >= STATE_RANK[failOn];
  const counts: Record<State, number> = { ok: 0, warn: 0, critical: 0 };
  for (const d of databases) counts[d.state]++;
  return {
    version: 1,
    tool: 'quenty-db status',
    at: opts.now.toISOString(),
    durationMs: Date.now() - opts.startedAt,
    ok: !fails,
    state,
    exitCode: fails ? 1 : 0,
    failOn,
    thresholds: t,
    ...(opts.pgbouncer ? { pgbouncer: opts.pgbouncer } : {}),
    databases,
    counts,
  };
}
