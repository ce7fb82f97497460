import { DocsModel, indexColumns } from './model';

/**
 * docs lint: what makes a schema hard to use or to document, with stable codes. Pure over the
 * documentation model (built from what the migrations produce).
 */
export const DOCS_LINT_RULES = {
  D001: 'table without a primary key: rows cannot be addressed, replicated logically or audited by key',
  D002: 'foreign key without an index on its columns: deleting or updating a parent row scans the child table',
  D003: 'cross-database reference column without a comment: nothing in the catalog says where its values come from',
  D004: 'table without a comment',
  D005: 'column without a comment',
  D006: 'reference whose column types differ: the values can only be compared as text, and a parent key may not fit the child column',
} as const;
export type DocsLintCode = keyof typeof DOCS_LINT_RULES;

/** Severity by code: errors fail `docs lint`; warnings fail it only with `--strict`. */
export const DOCS_LINT_SEVERITY: Record<DocsLintCode, 'error' | 'warn'> = {
  D001: 'error',
  D002: 'warn',
  D003: 'error',
  D004: 'warn',
  D005: 'warn',
  D006: 'warn',
};

export interface DocsLintFinding {
  code: DocsLintCode;
  severity: 'error' | 'warn';
  database: string;
  /** `table` or `table.column`. */
  object: string;
  message: string;
}

export interface CommentCoverage {
  database: string;
  tables: number;
  tablesCommented: number;
  columns: number;
  columnsCommented: number;
  /** Commented tables and columns over all tables and columns, in percent (one decimal). */
  percent: number;
}

export interface DocsLintReport {
  ok: boolean;
  findings: DocsLintFinding[];
  coverage: CommentCoverage[];
}

const pct = (n: number, d: number) => (d === 0 ? 100 : Math.round((n / d) * 1000) / 10);

/** Base type without length or precision: `character varying(255)` → `character varying`, `numeric(10,2)` → `numeric`. */
const baseType = (t: string) => t.replace(/\(.*\)/, '').trim();

/**
 * Pure: every finding, in database/table/column order, and the comment coverage of each database.
 * `strict` makes warnings fail; `minCoverage` (percent) fails a database whose coverage is lower.
 */
export function lintDocs(model: DocsModel, opts: { strict?: boolean; minCoverage?: number } = {}): DocsLintReport {
  const findings: DocsLintFinding[] = [];
  const add = (code: DocsLintCode, database: string, object: string, message: string) =>
    findings.push({ code, severity: DOCS_LINT_SEVERITY[code], database, object, message });
  const coverage: CommentCoverage[] = [];
  const column = (db: string, table: string, col: string) =>
    model.databases.find((d) => d.name === db)?.tables.find((t) => t.name === table)?.columns.find((c) => c.name === col);
  for (const d of model.databases) {
    let tablesCommented = 0;
    let columns = 0;
    let columnsCommented = 0;
    for (const t of d.tables) {
      if (!t.primaryKey) add('D001', d.name, t.name, `${d.name}.${t.name} has no primary key`);
      for (const fk of t.foreignKeys) {
        const covered = t.indexes.some((i) => {
          const cols = indexColumns(i.definition);
          return fk.columns.every((c, k) => cols[k] === c);
        });
        if (!covered) add('D002', d.name, `${t.name}.${fk.columns.join(',')}`, `${d.name}.${t.name}: foreign key ${fk.name} (${fk.columns.join(', ')}) → ${fk.table} has no index starting with its columns`);
      }
      if (t.comment) tablesCommented++;
      else add('D004', d.name, t.name, `${d.name}.${t.name} has no comment`);
      for (const c of t.columns) {
        columns++;
        if (c.comment) columnsCommented++;
        else if (c.reference) add('D003', d.name, `${t.name}.${c.name}`, `${d.name}.${t.name}.${c.name} references ${c.reference.parent.database}.${c.reference.parent.table}.${c.reference.parent.column} but has no comment saying so`);
        else add('D005', d.name, `${t.name}.${c.name}`, `${d.name}.${t.name}.${c.name} has no comment`);
      }
    }
    // References declared on tables or columns the schema does not have.
    for (const r of d.outgoing) {
      const child = column(r.child.database, r.child.table, r.child.column);
      const parent = column(r.parent.database, r.parent.table, r.parent.column);
      if (!child || !parent) continue;
      if (baseType(child.type) !== baseType(parent.type)) {
        add('D006', d.name, `${r.child.table}.${r.child.column}`, `${r.child.database}.${r.child.table}.${r.child.column} is ${child.type}, its parent ${r.parent.database}.${r.parent.table}.${r.parent.column} is ${parent.type}`);
      }
    }
    const total = d.tables.length + columns;
    coverage.push({ database: d.name, tables: d.tables.length, tablesCommented, columns, columnsCommented, percent: pct(tablesCommented + columnsCommented, total) });
  }
  const failing = findings.some((f) => f.severity === 'error' || opts.strict);
  const lowCoverage = opts.minCoverage !== undefined && coverage.some((c) => c.percent < opts.minCoverage!);
  return { ok: !failing && !lowCoverage, findings, coverage };
}
