import pg from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import { relayCopy } from './copy-relay';
import { Context, connect, quoteIdent } from '../db/targets';
import { APP, columnInfo, dropStaleScratch, primaryKey, scratchName } from './catalog';
import { CROSS_KEY, chooseStrategy, compareModeFor, crossChildSelect, crossPk, evaluateStatus, linesOf, mergePairs, shareOf, unescapeCopyText } from './plan';
import type { CheckResult, CrossCheckSpec, ReferenceCheckSpec, SampleRow, Strategy } from './types';

/**
 * Cross-database rules: each child row is paired with the parent row its key names, in another
 * database (maybe on another server), and the rule's SQL predicate selects the offending pairs.
 * copy: the parent's key and the columns the rule needs stream (COPY) into an UNLOGGED scratch
 * table on the child's server, then one join there. merge: both sides stream sorted by key and
 * are paired in memory, one row of each side at a time; the predicate is evaluated by the
 * child's server over batches of pairs sent as arrays, and nothing is written anywhere.
 */

/** Pairs sent to the child's server per predicate evaluation (merge). */
const MERGE_BATCH = 20_000;

interface CrossOutcome {
  total: number;
  nullKeys: number;
  pairs: number;
  offending: number;
  offendingKeys: number;
  samples: SampleRow[];
}

/** PostgreSQL type names of the columns a query returns (portable names: `timestamp with time zone`). */
async function resultTypes(client: pg.Client, sql: string): Promise<string[]> {
  const r = await client.query(`SELECT * FROM (${sql}) q LIMIT 0`);
  const oids = r.fields.map((f) => f.dataTypeID);
  const names = await client.query(`SELECT o, format_type(o, NULL) AS t FROM unnest($1::oid[]) AS o`, [oids]);
  const byOid = new Map(names.rows.map((x) => [Number(x.o), x.t as string]));
  return oids.map((o) => byOid.get(o) ?? 'text');
}

function sampleOf(
  pkNames: string[],
  pkValues: Array<string | null>,
  key: string | null,
  cNames: string[],
  cValues: Array<string | null>,
  pNames: string[],
  pValues: Array<string | null>,
): SampleRow {
  const row: Record<string, unknown> = {};
  cNames.forEach((n, i) => (row[`c.${n}`] = cValues[i]));
  pNames.forEach((n, i) => (row[`p.${n}`] = pValues[i]));
  return { key: Object.fromEntries(pkNames.map((p, i) => [p, pkValues[i]])), value: key, row };
}

export function crossTitle(check: CrossCheckSpec): string {
  return `${check.name}: ${check.child.table}.${check.child.key} -> ${check.parent.database}.${check.parent.table}.${check.parent.key}`;
}

/** The empty result of a check that pairs child rows with a parent (references, cross-database rules). */
export function pairedBase(check: ReferenceCheckSpec | CrossCheckSpec, title: string, description: string): CheckResult {
  return {
    kind: check.kind,
    id: check.id,
    database: check.database,
    title,
    description,
    severity: check.severity,
    status: 'pass',
    rowsChecked: 0,
    nullRows: 0,
    orphanRows: 0,
    orphanKeys: 0,
    share: 0,
    samples: [],
    strategy: null,
    compare: null,
    thresholds: check.warnIf || check.errorIf ? { warnIf: check.warnIf, errorIf: check.errorIf } : undefined,
    source: check.source,
    note: check.note,
    durationMs: 0,
  };
}

export function baseCrossResult(check: CrossCheckSpec): CheckResult {
  return pairedBase(check, crossTitle(check), check.description);
}

async function runCrossCopy(
  check: CrossCheckSpec,
  childClient: pg.Client,
  parentClient: pg.Client,
  childRel: string,
  pk: string[],
  keyMode: ReturnType<typeof compareModeFor>,
  parentTypes: string[],
  samples: number,
): Promise<CrossOutcome> {
  await dropStaleScratch(childClient);
  const backendPid = (childClient as unknown as { processID: number }).processID;
  const scratch = quoteIdent(scratchName('k', backendPid));
  const offenders = quoteIdent(scratchName('o', backendPid));
  const pcols = check.parent.columns;
  const pkey = quoteIdent(check.parent.key);
  await childClient.query('BEGIN ISOLATION LEVEL REPEATABLE READ');
  try {
    await childClient.query(
      `CREATE UNLOGGED TABLE ${scratch} (${CROSS_KEY} ${keyMode.scratchType}${pcols.map((c, i) => `, ${quoteIdent(c)} ${parentTypes[i]}`).join('')})`,
    );
    const keyExpr = keyMode.mode === 'text' ? `${pkey}::text` : pkey;
    await relayCopy(
      parentClient,
      `COPY (SELECT ${[keyExpr, ...pcols.map(quoteIdent)].join(', ')} FROM ${quoteIdent(check.parent.table)} WHERE ${pkey} IS NOT NULL) TO STDOUT`,
      childClient,
      `COPY ${scratch} FROM STDIN`,
    );
    await childClient.query(`ANALYZE ${scratch}`);
    const on = `p.${CROSS_KEY} = ${keyMode.mode === 'text' ? `c.${CROSS_KEY}::text` : `c.${CROSS_KEY}`}`;
    // Child rows (no join), then one join pass counting pairs and offenders; the offenders are
    // written out (a second pass) only when there are some: a clean audit joins once.
    const counts = await childClient.query(`SELECT count(*)::float8 AS total, count(${CROSS_KEY})::float8 AS keyed FROM (${childRel}) c`);
    const joined = await childClient.query(
      `SELECT count(*)::float8 AS pairs, count(*) FILTER (WHERE (${check.violation}))::float8 AS bad FROM (${childRel}) c JOIN ${scratch} p ON ${on}`,
    );
    const cNames = Object.keys(check.child.columns);
    let agg = { n: 0, d: 0 };
    let sampleRows: SampleRow[] = [];
    if (Number(joined.rows[0].bad) > 0) {
      const sel = [
        ...pk.map((_, i) => `c.${crossPk(i)}`),
        `c.${CROSS_KEY}::text AS v`,
        ...cNames.map((n, i) => `c.${quoteIdent(n)}::text AS c${i}`),
        ...pcols.map((n, i) => `p.${quoteIdent(n)}::text AS p${i}`),
      ];
      await childClient.query(
        `CREATE UNLOGGED TABLE ${offenders} AS SELECT ${sel.join(', ')} FROM (${childRel}) c JOIN ${scratch} p ON ${on} WHERE (${check.violation})`,
      );
      const a = (await childClient.query(`SELECT count(*)::float8 AS n, count(DISTINCT v)::float8 AS d FROM ${offenders}`)).rows[0];
      agg = { n: Number(a.n), d: Number(a.d) };
    }
    if (agg.n > 0 && samples > 0) {
      const order = ['o.v COLLATE "C"', ...pk.map((_, i) => `o.${crossPk(i)}`)].join(', ');
      const s = await childClient.query({
        text: `SELECT ${pk
          .map((_, i) => `o.${crossPk(i)}::text`)
          .concat(['o.*'])
          .join(', ')} FROM ${offenders} o ORDER BY ${order} LIMIT ${samples}`,
        rowMode: 'array',
      });
      sampleRows = s.rows.map((r: unknown[]) => {
        const pkv = r.slice(0, pk.length) as Array<string | null>;
        const rest = r.slice(pk.length * 2);
        const v = rest[0] as string | null;
        return sampleOf(
          pk,
          pkv,
          v,
          cNames,
          rest.slice(1, 1 + cNames.length) as Array<string | null>,
          pcols,
          rest.slice(1 + cNames.length) as Array<string | null>,
        );
      });
    }
    const c = counts.rows[0];
    return {
      total: Number(c.total),
      nullKeys: Number(c.total) - Number(c.keyed),
      pairs: Number(joined.rows[0].pairs),
      offending: agg.n,
      offendingKeys: agg.d,
      samples: sampleRows,
    };
  } finally {
    // The scratch tables were made in the transaction: rolling it back drops them.
    await childClient.query('ROLLBACK').catch(() => undefined);
    await childClient.query(`DROP TABLE IF EXISTS ${scratch}, ${offenders}`).catch(() => undefined);
  }
}

async function* fieldsOf(stream: AsyncIterable<Buffer>): AsyncGenerator<Array<string | null>> {
  for await (const line of linesOf(stream)) yield line.split('\t').map(unescapeCopyText);
}

async function runCrossMerge(
  check: CrossCheckSpec,
  ctx: Context,
  childClient: pg.Client,
  parentClient: pg.Client,
  childRel: string,
  pk: string[],
  parentTypes: string[],
  samples: number,
): Promise<CrossOutcome> {
  const child = ctx.target(check.database);
  const cNames = Object.keys(check.child.columns);
  const pcols = check.parent.columns;
  const pkey = quoteIdent(check.parent.key);
  // The predicate runs on a second connection to the child's server while the first streams.
  const evalClient = await connect(child.url, child.name, APP);
  try {
    await childClient.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const childTypes = (await resultTypes(childClient, childRel)).slice(pk.length + 1);
    const counts = await childClient.query(`SELECT count(*)::float8 AS total, count(${CROSS_KEY})::float8 AS keyed FROM (${childRel}) c`);
    // Rows: key, pk..., child columns (child); key, parent columns (parent). Sorted by key in "C" order (then pk).
    const childSql = `SELECT (c.${CROSS_KEY}::text) COLLATE "C", ${[...pk.map((_, i) => `c.${crossPk(i)}`), ...cNames.map((n) => `c.${quoteIdent(n)}`)].join(', ')}
      FROM (${childRel}) c WHERE c.${CROSS_KEY} IS NOT NULL ORDER BY 1${pk.map((_, i) => `, c.${crossPk(i)}`).join('')}`;
    const parentSql = `SELECT (${pkey}::text) COLLATE "C"${pcols.map((c) => `, ${quoteIdent(c)}`).join('')}
      FROM ${quoteIdent(check.parent.table)} WHERE ${pkey} IS NOT NULL ORDER BY 1`;
    const childStream = childClient.query(copyTo(`COPY (${childSql}) TO STDOUT`));
    const parentStream = parentClient.query(copyTo(`COPY (${parentSql}) TO STDOUT`));
    const nc = cNames.length;
    const np = pcols.length;
    // u(i, c0.., p0..) -> c (the rule's child columns, typed) and p (the parent columns, typed).
    const arrays = ['$1::int[]', ...Array.from({ length: nc + np }, (_, j) => `$${j + 2}::text[]`)];
    const evalSql = `SELECT u.i${cNames.map((n) => `, c.${quoteIdent(n)}::text`).join('')}${pcols.map((n) => `, p.${quoteIdent(n)}::text`).join('')}
      FROM unnest(${arrays.join(', ')}) AS u(i${cNames.map((_, j) => `, c${j}`).join('')}${pcols.map((_, j) => `, p${j}`).join('')})
      CROSS JOIN LATERAL (SELECT ${cNames.map((n, j) => `u.c${j}::${childTypes[j]} AS ${quoteIdent(n)}`).join(', ')}) c
      CROSS JOIN LATERAL (SELECT ${pcols.map((n, j) => `u.p${j}::${parentTypes[j]} AS ${quoteIdent(n)}`).join(', ')}) p
      WHERE (${check.violation}) ORDER BY u.i`;
    let pairs = 0;
    let offending = 0;
    let offendingKeys = 0;
    let lastKey: string | null = null;
    const sampleRows: SampleRow[] = [];
    let batch: Array<[Array<string | null>, Array<string | null>]> = [];
    const flush = async () => {
      if (!batch.length) return;
      const params: unknown[] = [batch.map((_, i) => i)];
      for (let j = 0; j < nc; j++) params.push(batch.map(([c]) => c[1 + pk.length + j]));
      for (let j = 0; j < np; j++) params.push(batch.map(([, p]) => p[1 + j]));
      const r = await evalClient.query({ text: evalSql, values: params, rowMode: 'array' });
      for (const row of r.rows as unknown[][]) {
        const [c] = batch[Number(row[0])];
        offending++;
        if (c[0] !== lastKey) {
          offendingKeys++;
          lastKey = c[0];
        }
        if (sampleRows.length < samples) {
          sampleRows.push(
            sampleOf(
              pk,
              c.slice(1, 1 + pk.length),
              c[0],
              cNames,
              row.slice(1, 1 + nc) as Array<string | null>,
              pcols,
              row.slice(1 + nc) as Array<string | null>,
            ),
          );
        }
      }
      batch = [];
    };
    try {
      for await (const pair of mergePairs(
        fieldsOf(childStream),
        fieldsOf(parentStream),
        (c) => c[0] ?? '',
        (p) => p[0] ?? '',
      )) {
        pairs++;
        batch.push(pair);
        if (batch.length >= MERGE_BATCH) await flush();
      }
      await flush();
    } catch (e) {
      childStream.destroy();
      parentStream.destroy();
      throw e;
    }
    const c = counts.rows[0];
    return { total: Number(c.total), nullKeys: Number(c.total) - Number(c.keyed), pairs, offending, offendingKeys, samples: sampleRows };
  } finally {
    await childClient.query('ROLLBACK').catch(() => undefined);
    await evalClient.end().catch(() => undefined);
  }
}

/** Runs one cross-database rule: copy (default when the parent is not much larger than the child) or merge. */
export async function runCrossCheck(ctx: Context, check: CrossCheckSpec, opts: { samples: number; strategy?: Strategy | 'auto' }): Promise<CheckResult> {
  const res = baseCrossResult(check);
  const t0 = Date.now();
  const child = ctx.target(check.database);
  const parent = ctx.target(check.parent.database);
  const childClient = await connect(child.url, child.name, APP);
  let parentClient: pg.Client | undefined;
  try {
    parentClient = await connect(parent.url, parent.name, APP);
    const ci = await columnInfo(childClient, check.child.table, check.child.key, check.database);
    const pi = await columnInfo(parentClient, check.parent.table, check.parent.key, check.parent.database);
    const parentTypes: string[] = [];
    for (const c of check.parent.columns) parentTypes.push((await columnInfo(parentClient, check.parent.table, c, check.parent.database)).type);
    const keyMode = compareModeFor(ci.type, pi.type);
    const pk = await primaryKey(childClient, check.child.table);
    const childRel = crossChildSelect(check, pk, quoteIdent);
    const strategy = chooseStrategy(pi.estimate, ci.estimate, opts.strategy);
    res.strategy = strategy;
    res.compare = keyMode.mode;
    res.compareNote = `c = ${check.database}.${check.child.table} paired by ${check.child.key} with p = ${check.parent.database}.${check.parent.table}.${check.parent.key}${keyMode.note ? ` (${keyMode.note})` : ''}; violation: ${check.violation.replace(/\s+/g, ' ')}`;
    const out =
      strategy === 'copy'
        ? await runCrossCopy(check, childClient, parentClient, childRel, pk, keyMode, parentTypes, opts.samples)
        : await runCrossMerge(check, ctx, childClient, parentClient, childRel, pk, parentTypes, opts.samples);
    res.rowsChecked = out.pairs;
    res.nullRows = out.nullKeys;
    res.orphanRows = out.offending;
    res.orphanKeys = out.offendingKeys;
    res.share = shareOf(out.offending, out.pairs);
    res.samples = out.samples;
    res.status = evaluateStatus(out.offending, res.share, check.severity, check.warnIf, check.errorIf);
  } finally {
    await childClient.end().catch(() => undefined);
    await parentClient?.end().catch(() => undefined);
  }
  res.durationMs = Date.now() - t0;
  return res;
}
