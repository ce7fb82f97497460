import { Gauge, Registry } from 'prom-client';
import { STATE_RANK, StatusReport } from './types';

/**
 * The report in Prometheus' text exposition format, for node_exporter's textfile collector:
 * one gauge per figure, labelled by database (and table, pool or kind where it has one).
 * Written with prom-client, so names, HELP/TYPE lines and label escaping follow the format.
 */
export async function toPrometheus(report: StatusReport): Promise<string> {
  const registry = new Registry();
  const gauge = (name: string, help: string, labelNames: string[] = []) => new Gauge({ name: `quenty_db_${name}`, help, labelNames, registers: [registry] });

  const up = gauge('up', '1 when the database answered', ['database', 'server']);
  const state = gauge('state', 'State of a concern: 0 ok, 1 warn, 2 critical', ['database', 'concern']);
  const dbState = gauge('database_state', 'Worst state of the database: 0 ok, 1 warn, 2 critical', ['database']);
  const fleet = gauge('fleet_state', 'Worst state of the fleet: 0 ok, 1 warn, 2 critical');
  const size = gauge('size_bytes', 'pg_database_size of the database', ['database']);
  const growth = gauge('growth_bytes', 'Size change since the previous status run', ['database']);
  const conns = gauge('connections', 'Client connections to this database', ['database']);
  const serverConns = gauge('server_connections', 'Client connections on the database server', ['database']);
  const maxConns = gauge('max_connections', 'max_connections minus superuser_reserved_connections on the server', ['database']);
  const pending = gauge('migrations_pending', 'Migrations not applied yet', ['database']);
  const problems = gauge('migrations_problems', 'Applied migrations edited or missing (checksums)', ['database']);
  const headroom = gauge('partition_headroom_months', 'Months of partitions created from the current month on', ['database', 'table']);
  const defRows = gauge('partition_default_rows', 'Rows in the DEFAULT partition', ['database', 'table']);
  const pastRet = gauge('partitions_past_retention', 'Partitions older than the retention', ['database', 'table']);
  const backupAge = gauge('backup_age_seconds', 'Age of the newest good / verified backup of the database', ['database', 'kind']);
  const auditFailed = gauge('audit_failed_checks', 'Checks that failed in the last audit run', ['database']);
  const auditChecks = gauge('audit_checks', 'Checks of the last audit run', ['database']);
  const auditAge = gauge('audit_age_seconds', 'Age of the last audit run', ['database']);
  const clActive = gauge('pgbouncer_clients_active', 'PgBouncer clients linked to a server connection', ['database', 'user']);
  const clWaiting = gauge('pgbouncer_clients_waiting', 'PgBouncer clients waiting for a server connection', ['database', 'user']);
  const maxwait = gauge('pgbouncer_maxwait_seconds', 'Wait of the oldest waiting client', ['database', 'user']);
  const svConns = gauge('pgbouncer_server_connections', 'PgBouncer server connections (active + idle + used)', ['database', 'user']);
  const relSize = gauge('relation_size_bytes', 'Size of the largest tables and indexes', ['database', 'relation', 'kind']);
  const deadRatio = gauge('dead_tuple_ratio', 'Dead tuples / all tuples of the tables with the most dead tuples', ['database', 'table']);

  const at = Date.parse(report.at);
  const age = (iso: string) => Math.max(0, (at - Date.parse(iso)) / 1000);
  fleet.set(STATE_RANK[report.state]);
  for (const d of report.databases) {
    const db = d.database;
    up.set({ database: db, server: d.server }, d.reachable ? 1 : 0);
    dbState.set({ database: db }, STATE_RANK[d.state]);
    for (const i of d.items) state.set({ database: db, concern: i.concern }, STATE_RANK[i.state]);
    if (d.sizeBytes !== undefined) size.set({ database: db }, d.sizeBytes);
    if (d.growthBytes !== undefined) growth.set({ database: db }, d.growthBytes);
    if (d.connections) {
      conns.set({ database: db }, d.connections.database);
      serverConns.set({ database: db }, d.connections.server);
      maxConns.set({ database: db }, d.connections.max - d.connections.reserved);
    }
    if (d.migrations && !d.migrations.error) {
      pending.set({ database: db }, d.migrations.pending.length);
      problems.set({ database: db }, d.migrations.problems.length);
    }
    for (const p of d.partitions) {
      if (p.error) continue;
      headroom.set({ database: db, table: p.table }, p.headroomMonths);
      defRows.set({ database: db, table: p.table }, p.defaultRows);
      pastRet.set({ database: db, table: p.table }, p.pastRetention.length);
    }
    if (d.backups.newestGood) backupAge.set({ database: db, kind: 'good' }, age(d.backups.newestGood.at));
    if (d.backups.newestVerified) backupAge.set({ database: db, kind: 'verified' }, age(d.backups.newestVerified.at));
    if (d.audit) {
      auditFailed.set({ database: db }, d.audit.error);
      auditChecks.set({ database: db }, d.audit.checks);
      auditAge.set({ database: db }, age(d.audit.at));
    }
    for (const p of d.pgbouncer?.pools ?? []) {
      const l = { database: db, user: p.user };
      clActive.set(l, p.clientsActive);
      clWaiting.set(l, p.clientsWaiting);
      maxwait.set(l, p.maxwaitSeconds);
      svConns.set(l, p.serversActive + p.serversIdle + p.serversUsed);
    }
    for (const r of d.largest) relSize.set({ database: db, relation: r.name, kind: r.kind }, r.bytes);
    for (const t of d.dead) deadRatio.set({ database: db, table: t.table }, t.ratio);
  }
  return registry.metrics();
}
