import { ColumnSnapshot, SchemaSnapshot, TableSnapshot } from './snapshot';

/**
 * Pure comparison of two schema snapshots (expected: the committed one; actual: the live
 * database). Every difference is one precise line, e.g. `index idx_orders_status missing`,
 * `metrics.value is numeric(18,4), expected numeric(20,4)`, `an extra table foo`.
 */
export type DifferenceKind =
  | 'table-missing'
  | 'table-extra'
  | 'table-kind'
  | 'partition-key'
  | 'partition-bound'
  | 'table-comment'
  | 'column-missing'
  | 'column-extra'
  | 'column-type'
  | 'column-nullable'
  | 'column-default'
  | 'column-comment'
  | 'column-identity'
  | 'constraint-missing'
  | 'constraint-extra'
  | 'constraint-changed'
  | 'index-missing'
  | 'index-extra'
  | 'index-changed'
  | 'index-invalid';

export interface Difference {
  kind: DifferenceKind;
  /** `table`, `table.column`, or the constraint / index name. */
  object: string;
  table: string;
  message: string;
  expected?: string;
  actual?: string;
}

const sorted = <T>(o: Record<string, T>): Array<[string, T]> => Object.entries(o).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));

const show = (v: string | null | undefined) => (v === null || v === undefined ? 'none' : v);

function diffColumn(table: string, name: string, e: ColumnSnapshot, a: ColumnSnapshot, out: Difference[]) {
  const object = `${table}.${name}`;
  if (e.type !== a.type)
    out.push({ kind: 'column-type', table, object, message: `${object} is ${a.type}, expected ${e.type}`, expected: e.type, actual: a.type });
  if (e.nullable !== a.nullable) {
    const word = (n: boolean) => (n ? 'NULL' : 'NOT NULL');
    out.push({
      kind: 'column-nullable',
      table,
      object,
      message: `${object} is ${word(a.nullable)}, expected ${word(e.nullable)}`,
      expected: word(e.nullable),
      actual: word(a.nullable),
    });
  }
  if ((e.default ?? null) !== (a.default ?? null)) {
    out.push({
      kind: 'column-default',
      table,
      object,
      message: `${object} default is ${show(a.default)}, expected ${show(e.default)}`,
      expected: show(e.default),
      actual: show(a.default),
    });
  }
  if ((e.comment ?? null) !== (a.comment ?? null)) {
    out.push({
      kind: 'column-comment',
      table,
      object,
      message: `${object} comment is ${JSON.stringify(a.comment ?? null)}, expected ${JSON.stringify(e.comment ?? null)}`,
      expected: show(e.comment),
      actual: show(a.comment),
    });
  }
  if ((e.identity ?? '') !== (a.identity ?? '') || (e.generated ?? '') !== (a.generated ?? '')) {
    const d = (c: ColumnSnapshot) => [c.identity && `identity ${c.identity}`, c.generated && `generated ${c.generated}`].filter(Boolean).join(', ') || 'plain';
    out.push({ kind: 'column-identity', table, object, message: `${object} is ${d(a)}, expected ${d(e)}`, expected: d(e), actual: d(a) });
  }
}

function describeTable(t: TableSnapshot): string {
  return t.kind === 'partitioned' ? `partitioned table` : t.kind === 'partition' ? `partition` : 'table';
}

function diffTable(name: string, e: TableSnapshot, a: TableSnapshot, out: Difference[]) {
  if (e.kind !== a.kind) {
    out.push({
      kind: 'table-kind',
      table: name,
      object: name,
      message: `${name} is a ${describeTable(a)}, expected a ${describeTable(e)}`,
      expected: e.kind,
      actual: a.kind,
    });
  }
  if ((e.partitionKey ?? null) !== (a.partitionKey ?? null)) {
    out.push({
      kind: 'partition-key',
      table: name,
      object: name,
      message: `${name} is partitioned by ${show(a.partitionKey)}, expected ${show(e.partitionKey)}`,
      expected: show(e.partitionKey),
      actual: show(a.partitionKey),
    });
  }
  if ((e.partitionOf ?? null) !== (a.partitionOf ?? null) || (e.partitionBound ?? null) !== (a.partitionBound ?? null)) {
    const d = (t: TableSnapshot) => (t.partitionOf ? `partition of ${t.partitionOf} ${t.partitionBound}` : 'not a partition');
    out.push({ kind: 'partition-bound', table: name, object: name, message: `${name} is ${d(a)}, expected ${d(e)}`, expected: d(e), actual: d(a) });
  }
  if ((e.comment ?? null) !== (a.comment ?? null)) {
    out.push({
      kind: 'table-comment',
      table: name,
      object: name,
      message: `${name} comment is ${JSON.stringify(a.comment ?? null)}, expected ${JSON.stringify(e.comment ?? null)}`,
    });
  }
  for (const [col, ec] of Object.entries(e.columns)) {
    const ac = a.columns[col];
    if (!ac)
      out.push({
        kind: 'column-missing',
        table: name,
        object: `${name}.${col}`,
        message: `column ${name}.${col} missing (expected ${ec.type})`,
        expected: ec.type,
      });
    else diffColumn(name, col, ec, ac, out);
  }
  for (const [col, ac] of Object.entries(a.columns)) {
    if (!e.columns[col])
      out.push({ kind: 'column-extra', table: name, object: `${name}.${col}`, message: `an extra column ${name}.${col} (${ac.type})`, actual: ac.type });
  }
  for (const [con, ec] of sorted(e.constraints)) {
    const ac = a.constraints[con];
    if (!ac)
      out.push({
        kind: 'constraint-missing',
        table: name,
        object: con,
        message: `constraint ${con} on ${name} missing (${ec.definition})`,
        expected: ec.definition,
      });
    else if (ac.definition !== ec.definition || ac.type !== ec.type) {
      out.push({
        kind: 'constraint-changed',
        table: name,
        object: con,
        message: `constraint ${con} on ${name} is ${ac.definition}, expected ${ec.definition}`,
        expected: ec.definition,
        actual: ac.definition,
      });
    }
  }
  for (const [con, ac] of sorted(a.constraints)) {
    if (!e.constraints[con])
      out.push({
        kind: 'constraint-extra',
        table: name,
        object: con,
        message: `an extra constraint ${con} on ${name} (${ac.definition})`,
        actual: ac.definition,
      });
  }
  for (const [ix, ei] of sorted(e.indexes)) {
    const ai = a.indexes[ix];
    if (!ai) out.push({ kind: 'index-missing', table: name, object: ix, message: `index ${ix} missing (${ei.definition})`, expected: ei.definition });
    else {
      if (ai.definition !== ei.definition) {
        out.push({
          kind: 'index-changed',
          table: name,
          object: ix,
          message: `index ${ix} is ${ai.definition}, expected ${ei.definition}`,
          expected: ei.definition,
          actual: ai.definition,
        });
      }
      if (ai.valid === false && ei.valid !== false) {
        out.push({ kind: 'index-invalid', table: name, object: ix, message: `index ${ix} is INVALID (an interrupted CREATE INDEX CONCURRENTLY?)` });
      }
    }
  }
  for (const [ix, ai] of sorted(a.indexes)) {
    if (!e.indexes[ix]) out.push({ kind: 'index-extra', table: name, object: ix, message: `an extra index ${ix} (${ai.definition})`, actual: ai.definition });
  }
}

/**
 * What a difference says, with the table's own name (and an index's name) left out: a change
 * made on a partitioned table shows on its partitions too, in the same words.
 */
function gist(d: Difference, table: string): string {
  const word = new RegExp(`(^|[^A-Za-z0-9_$])(?:public\\.)?${table.replace(/[$]/g, '\\$&')}(?![A-Za-z0-9_$])`, 'g');
  const norm = (v?: string) => (v ?? '').replace(/^CREATE (UNIQUE )?INDEX \S+ ON (?:ONLY )?/, 'CREATE $1INDEX ON ').replace(word, '$1<t>');
  const object = d.kind.startsWith('column-')
    ? d.object.slice(d.object.indexOf('.') + 1)
    : d.kind.startsWith('constraint-')
      ? d.object.replace(word, '$1<t>')
      : '';
  return [d.kind, object, norm(d.expected), norm(d.actual)].join('\u0000');
}

/** Pure: every difference between the expected and the actual schema, in a stable order. */
export function diffSnapshots(expected: Pick<SchemaSnapshot, 'tables'>, actual: Pick<SchemaSnapshot, 'tables'>): Difference[] {
  const byTable = new Map<string, Difference[]>();
  const names = [...new Set([...Object.keys(expected.tables), ...Object.keys(actual.tables)])].sort();
  for (const name of names) {
    const e = expected.tables[name];
    const a = actual.tables[name];
    const out: Difference[] = [];
    if (e && !a) out.push({ kind: 'table-missing', table: name, object: name, message: `${describeTable(e)} ${name} missing` });
    else if (!e && a) out.push({ kind: 'table-extra', table: name, object: name, message: `an extra ${describeTable(a)} ${name}` });
    else diffTable(name, e, a, out);
    byTable.set(name, out);
  }
  // A partition's differences that only repeat its parent's (same change, e.g. a column type
  // altered on the partitioned table) are said once, on the parent.
  for (const name of names) {
    const e = expected.tables[name];
    const a = actual.tables[name];
    const parent = e?.kind === 'partition' && a?.kind === 'partition' && e.partitionOf === a.partitionOf ? e.partitionOf : undefined;
    if (!parent || !byTable.has(parent)) continue;
    const said = new Set(byTable.get(parent)!.map((d) => gist(d, parent)));
    byTable.set(
      name,
      byTable.get(name)!.filter((d) => !said.has(gist(d, name))),
    );
  }
  return names.flatMap((n) => byTable.get(n)!);
}
