import fs from 'node:fs';
import path from 'node:path';
import Ajv from 'ajv';
import parsePrometheusTextFormat from 'parse-prometheus-text-format';
import {
  DEFAULT_THRESHOLDS,
  assessDatabase,
  assessFleet,
  backupFacts,
  headroomMonths,
  thresholdsFromEnv,
  thresholdVariable,
  toPrometheus,
} from '../../src/status';
import type { DatabaseFacts } from '../../src/status';
import type { RunInfo } from '../../src/backup/manifest';
import { QuentyError } from '../../src/util/errors';

const NOW = new Date('2026-11-30T12:00:00Z');
const hoursAgo = (h: number) => new Date(NOW.getTime() - h * 3_600_000).toISOString();

/** A database where everything is fine (hand-written facts, not from the collector). */
function healthy(over: Partial<DatabaseFacts> = {}): DatabaseFacts {
  return {
    database: 'db_a',
    dbName: 'db_a',
    server: '127.0.0.1:5432',
    reachable: true,
    serverVersion: '15.18',
    sizeBytes: 10_000_000,
    connections: { database: 2, server: 20, max: 100, reserved: 3 },
    migrations: { applied: 4, pending: [], problems: [] },
    partitions: [{ table: 'metrics', headroomMonths: 5, nextMissing: '2027-04', defaultRows: 0, pastRetention: [], retentionMonths: 24 }],
    backups: { runs: 1, newestGood: { runId: 'r1', at: hoursAgo(3) }, newestVerified: { runId: 'r1', at: hoursAgo(3) } },
    audit: { at: hoursAgo(1), ok: true, checks: 4, pass: 4, warn: 0, error: 0 },
    largest: [{ name: 'metrics', kind: 'table', bytes: 5_000_000 }],
    dead: [],
    ...over,
  };
}

const stateOf = (f: DatabaseFacts, concern: string, t = DEFAULT_THRESHOLDS) => assessDatabase(f, t, NOW).items.find((i) => i.concern === concern)?.state;

describe('thresholds', () => {
  it('come from QUENTY_STATUS_* with the defaults otherwise', () => {
    expect(thresholdVariable('headroomWarnMonths')).toBe('QUENTY_STATUS_HEADROOM_WARN_MONTHS');
    const t = thresholdsFromEnv({ QUENTY_STATUS_HEADROOM_WARN_MONTHS: '3', QUENTY_STATUS_MAXWAIT_WARN_SECONDS: '0.5' });
    expect(t.headroomWarnMonths).toBe(3);
    expect(t.maxwaitWarnSeconds).toBe(0.5);
    expect(t.connectionsWarnPct).toBe(80);
  });
  it('refuse a bad value naming the variable', () => {
    expect(() => thresholdsFromEnv({ QUENTY_STATUS_CONNECTIONS_WARN_PCT: 'lots' })).toThrow(/QUENTY_STATUS_CONNECTIONS_WARN_PCT must be a number/);
    expect(() => thresholdsFromEnv({ QUENTY_STATUS_HEADROOM_CRITICAL_MONTHS: '5' })).toThrow(QuentyError);
  });
});

describe('assess', () => {
  it('a healthy database is ok on every concern', () => {
    const r = assessDatabase(healthy(), DEFAULT_THRESHOLDS, NOW);
    expect(r.items.filter((i) => i.state !== 'ok')).toEqual([]);
    expect(r.state).toBe('ok');
  });
  it('partition headroom: under 2 months warns, none critical; DEFAULT rows warn; past retention warns', () => {
    const part = (p: Partial<DatabaseFacts['partitions'][number]>) => healthy({ partitions: [{ ...healthy().partitions[0], ...p }] });
    expect(stateOf(part({ headroomMonths: 1 }), 'partitions')).toBe('warn');
    expect(stateOf(part({ headroomMonths: 0 }), 'partitions')).toBe('critical');
    expect(stateOf(part({ defaultRows: 1 }), 'partitions')).toBe('warn');
    expect(stateOf(part({ defaultRows: 10_000 }), 'partitions')).toBe('critical');
    expect(stateOf(part({ pastRetention: ['metrics_2020_01'] }), 'partitions')).toBe('warn');
    const r = assessDatabase(part({ headroomMonths: 1 }), DEFAULT_THRESHOLDS, NOW);
    expect(r.items.find((i) => i.concern === 'partitions')!.details[0]).toMatch(/partitions ensure --db db_a/);
  });
  it('backups: none is critical, no verified run warns, age against the limits', () => {
    expect(stateOf(healthy({ backups: { runs: 0 } }), 'backups')).toBe('critical');
    expect(stateOf(healthy({ backups: { runs: 1, newestGood: { runId: 'r', at: hoursAgo(1) } } }), 'backups')).toBe('warn');
    const old = (h: number) => healthy({ backups: { runs: 1, newestGood: { runId: 'r', at: hoursAgo(h) }, newestVerified: { runId: 'r', at: hoursAgo(h) } } });
    expect(stateOf(old(20), 'backups')).toBe('ok');
    expect(stateOf(old(30), 'backups')).toBe('warn');
    expect(stateOf(old(100), 'backups')).toBe('critical');
  });
  it('audit: a failed run is critical, none warns, an old one warns', () => {
    expect(stateOf(healthy({ audit: { at: hoursAgo(1), ok: false, checks: 4, pass: 3, warn: 0, error: 1 } }), 'audit')).toBe('critical');
    expect(stateOf(healthy({ audit: undefined }), 'audit')).toBe('warn');
    expect(stateOf(healthy({ audit: { at: hoursAgo(24 * 8), ok: true, checks: 4, pass: 4, warn: 0, error: 0 } }), 'audit')).toBe('warn');
  });
  it('migrations: pending warns, edited or missing is critical', () => {
    expect(stateOf(healthy({ migrations: { applied: 3, pending: ['x.ts'], problems: [] } }), 'migrations')).toBe('warn');
    expect(stateOf(healthy({ migrations: { applied: 4, pending: [], problems: ['x.ts was edited'] } }), 'migrations')).toBe('critical');
  });
  it('connections: over 80% of the usable connections warns, over 95% is critical', () => {
    expect(stateOf(healthy({ connections: { database: 1, server: 80, max: 100, reserved: 3 } }), 'connections')).toBe('warn');
    expect(stateOf(healthy({ connections: { database: 1, server: 93, max: 100, reserved: 3 } }), 'connections')).toBe('critical');
  });
  it('pgbouncer: a waiting client warns, maxwait over the critical limit is critical; absent when not configured', () => {
    const pool = {
      user: 'svc',
      poolMode: 'transaction',
      clientsActive: 1,
      clientsWaiting: 1,
      serversActive: 1,
      serversIdle: 0,
      serversUsed: 0,
      maxwaitSeconds: 0,
    };
    expect(stateOf(healthy({ pgbouncer: { pools: [pool] } }), 'pgbouncer')).toBe('warn');
    expect(stateOf(healthy({ pgbouncer: { pools: [{ ...pool, maxwaitSeconds: 12 }] } }), 'pgbouncer')).toBe('critical');
    expect(stateOf(healthy({ pgbouncer: { pools: [], error: 'refused' } }), 'pgbouncer')).toBe('critical');
    expect(stateOf(healthy(), 'pgbouncer')).toBe('ok');
  });
  it('an unreachable database is critical and says why', () => {
    const r = assessDatabase(
      healthy({ reachable: false, error: 'connect ECONNREFUSED', connections: undefined, migrations: undefined, partitions: [] }),
      DEFAULT_THRESHOLDS,
      NOW,
    );
    expect(r.state).toBe('critical');
    expect(r.items[0]).toMatchObject({ concern: 'server', state: 'critical' });
    expect(r.items[0].details[0]).toMatch(/ECONNREFUSED/);
  });
  it('the fleet fails on critical by default, on warn with failOn warn', () => {
    const warnOnly = healthy({ audit: undefined });
    expect(assessFleet([healthy(), warnOnly], DEFAULT_THRESHOLDS, { now: NOW, startedAt: Date.now() })).toMatchObject({ state: 'warn', ok: true, exitCode: 0 });
    expect(assessFleet([healthy(), warnOnly], DEFAULT_THRESHOLDS, { now: NOW, startedAt: Date.now(), failOn: 'warn' })).toMatchObject({
      ok: false,
      exitCode: 1,
    });
    expect(assessFleet([healthy({ backups: { runs: 0 } })], DEFAULT_THRESHOLDS, { now: NOW, startedAt: Date.now() })).toMatchObject({
      state: 'critical',
      exitCode: 1,
    });
  });
  it('growth is the size change since the previous run', () => {
    const r = assessDatabase(healthy({ previous: { at: hoursAgo(24), sizeBytes: 9_000_000 } }), DEFAULT_THRESHOLDS, NOW);
    expect(r.growthBytes).toBe(1_000_000);
  });
});

describe('facts', () => {
  it('headroom counts the months created from the current month on', () => {
    expect(headroomMonths('2026-11', NOW)).toBe(0);
    expect(headroomMonths('2026-12', NOW)).toBe(1);
    expect(headroomMonths('2027-04', NOW)).toBe(5);
  });
  it('backups: newest good and newest verified run of one database and prefix; running and failed dumps do not count', () => {
    const run = (runId: string, at: string, status: 'complete' | 'running', ok: boolean, verified?: boolean, prefix = ''): RunInfo => ({
      runId,
      startedAt: new Date(at),
      files: [`${runId}_db_a.dump`],
      status: 'good',
      manifest: {
        format: 'quenty-db-backup/1',
        runId,
        status,
        startedAt: at,
        finishedAt: at,
        consistency: '',
        dumpFormat: 'custom',
        prefix,
        tool: {},
        databases: [
          { database: 'db_a', dbName: prefix + 'db_a', server: 's', ok, file: `${runId}_db_a.dump`, format: 'custom', startedAt: at, finishedAt: at },
        ],
      },
      ...(verified !== undefined
        ? { verify: { runId, ok: verified, verifiedAt: at, databases: [{ database: 'db_a', ok: verified, checksum: 'ok' as const }] } }
        : {}),
    });
    const runs = [
      run('r4', hoursAgo(1), 'running', true),
      run('r3', hoursAgo(2), 'complete', false),
      run('r2', hoursAgo(3), 'complete', true, false),
      run('r1', hoursAgo(4), 'complete', true, true),
      run('r0', hoursAgo(0.5), 'complete', true, true, 'other_'),
    ];
    const f = backupFacts(runs, 'db_a', '');
    expect(f.newestGood?.runId).toBe('r2');
    expect(f.newestVerified?.runId).toBe('r1');
    expect(f.runs).toBe(4);
    expect(backupFacts(runs, 'db_b', '')).toEqual({ runs: 0 });
  });
});

describe('outputs', () => {
  const report = assessFleet(
    [
      healthy({
        pgbouncer: {
          pools: [
            {
              user: 'svc',
              poolMode: 'transaction',
              clientsActive: 1,
              clientsWaiting: 2,
              serversActive: 1,
              serversIdle: 0,
              serversUsed: 0,
              maxwaitSeconds: 1.5,
            },
          ],
        },
      }),
      healthy({
        database: 'db_b',
        dbName: 'db_b',
        reachable: false,
        error: 'down',
        connections: undefined,
        migrations: undefined,
        partitions: [],
        largest: [],
      }),
    ],
    DEFAULT_THRESHOLDS,
    { now: NOW, startedAt: Date.now(), pgbouncer: { host: '127.0.0.1', port: 6432 } },
  );

  it('the JSON report follows docs/status.schema.json', () => {
    const schema = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../docs/status.schema.json'), 'utf8'));
    const validate = new Ajv({ allErrors: true }).compile(schema);
    const json = JSON.parse(JSON.stringify(report));
    expect(validate(json) ? [] : validate.errors).toEqual([]);
  });

  it('the Prometheus text parses with a parser of the format, one gauge per figure labelled by database', async () => {
    const text = await toPrometheus(report);
    const families = parsePrometheusTextFormat(text);
    const family = (n: string) => families.find((f) => f.name === n)!;
    expect(families.every((f) => f.type === 'GAUGE')).toBe(true);
    expect(family('quenty_db_up').metrics).toEqual(
      expect.arrayContaining([
        { value: '1', labels: { database: 'db_a', server: '127.0.0.1:5432' } },
        { value: '0', labels: { database: 'db_b', server: '127.0.0.1:5432' } },
      ]),
    );
    expect(family('quenty_db_fleet_state').metrics[0].value).toBe('2');
    expect(family('quenty_db_partition_headroom_months').metrics).toEqual([{ value: '5', labels: { database: 'db_a', table: 'metrics' } }]);
    expect(family('quenty_db_pgbouncer_clients_waiting').metrics).toEqual([{ value: '2', labels: { database: 'db_a', user: 'svc' } }]);
    expect(family('quenty_db_pgbouncer_maxwait_seconds').metrics[0].value).toBe('1.5');
    expect(Number(family('quenty_db_backup_age_seconds').metrics.find((m) => m.labels?.kind === 'good')!.value)).toBe(3 * 3600);
    const states = family('quenty_db_state').metrics.filter((m) => m.labels?.database === 'db_a');
    expect(states.find((m) => m.labels?.concern === 'pgbouncer')?.value).toBe('1');
  });
});
