import fs from 'node:fs';
import path from 'node:path';
import { Context, withClient } from '../db/targets';
import { MigrationFile, listMigrationFiles, loadMigration, migrationStatus } from '../migrate';
import { Registry } from '../registry';
import { QuentyError, errorMessage } from '../util/errors';
import { captureUp } from './capture';
import { NAME, splitStatements, splitTopLevel, unquoteName } from './sql';
import { readSnapshot, snapshotDir } from './index';

/**
 * migrate lint: risky changes in migrations not yet applied anywhere. Each finding has a stable
 * code and can be acknowledged in the migration itself with a comment naming the code and why:
 *
 *   // quenty-lint-ignore Q002: the column was unused since release 41 (ticket OPS-12)
 *
 * The SQL is what the migration's `up` would run (captured without a server), so builder calls
 * and `knex.raw` are read alike.
 */
export const LINT_RULES = {
  Q001: 'DROP TABLE: the data is gone and services still reading it fail',
  Q002: 'DROP COLUMN: the data is gone and services still reading it fail',
  Q003: 'column type change: may rewrite the table and its indexes under an ACCESS EXCLUSIVE lock',
  Q004: 'NOT NULL added without a default: fails on existing NULLs, or scans the whole table under lock',
  Q005: 'CREATE INDEX without CONCURRENTLY on a table that exists: blocks writes while it builds',
  Q006: 'renaming a referenced column: breaks the foreign keys or the cross-database references that name it',
} as const;
export type LintCode = keyof typeof LINT_RULES;

export interface LintFinding {
  code: LintCode;
  severity: 'error';
  database?: string;
  migration: string;
  file: string;
  message: string;
  statement: string;
  /** What to do instead, when more precise than the rule's text. */
  hint?: string;
  /** The reason given by a `quenty-lint-ignore` comment; an acknowledged finding does not fail. */
  acknowledged?: string;
}

export interface Acknowledgement {
  code: string;
  reason: string;
}

/** Pure: the `quenty-lint-ignore Qnnn: reason` comments of a migration's source. */
export function parseAcknowledgements(source: string): Acknowledgement[] {
  const out: Acknowledgement[] = [];
  const re = /quenty-lint-ignore\s+(Q\d{3})\s*:\s*(\S[^\n]*?)\s*(?:\*\/)?\s*$/gm;
  for (let m = re.exec(source); m; m = re.exec(source)) out.push({ code: m[1], reason: m[2] });
  return out;
}

/** Pure: `table.column` pairs that others name: foreign keys and the registry's cross-database references. */
export function referencedColumns(registry: Pick<Registry, 'databases'>, database: string | undefined, foreignKeyDefs: string[] = []): Set<string> {
  const out = new Set<string>();
  for (const d of registry.databases) {
    for (const r of d.references) {
      if (!database || d.name === database) out.add(`${r.table}.${r.column}`);
      if (!database || r.parent.database === database) out.add(`${r.parent.table}.${r.parent.column}`);
    }
  }
  for (const def of foreignKeyDefs) addForeignKeys(def, out);
  return out;
}

function addForeignKeys(sql: string, out: Set<string>) {
  const re = new RegExp(`(?:FOREIGN KEY\\s*\\(([^)]*)\\)\\s*)?REFERENCES\\s+(${NAME})\\s*\\(([^)]*)\\)`, 'gi');
  for (let m = re.exec(sql); m; m = re.exec(sql)) {
    const table = unquoteName(m[2]);
    for (const c of m[3].split(',')) out.add(`${table}.${unquoteName(c)}`);
  }
}

export interface LintInput {
  database?: string;
  migration: string;
  file: string;
  statements: string[];
  source: string;
  /** Tables created earlier in the set being linted (they do not exist yet where it runs). Updated. */
  newTables: Set<string>;
  referenced: Set<string>;
  /** Current types (`format_type`) of `table.column` where known (a live database): safe changes pass. */
  columnTypes?: Map<string, string>;
}

/** `varchar(20)` → `character varying(20)`, `numeric (14, 2)` → `numeric(14,2)`, lower case. */
export function normalizeType(t: string): string {
  let x = t.trim().toLowerCase().replace(/\s*\(\s*/g, '(').replace(/\s*,\s*/g, ',').replace(/\s*\)/g, ')').replace(/\s+/g, ' ');
  x = x.replace(/^varchar\b/, 'character varying').replace(/^decimal\b/, 'numeric').replace(/^char\b(?! varying)/, 'character');
  return x;
}

/**
 * Pure: whether changing a column from `from` to `to` keeps the stored bytes (no table rewrite,
 * no index rebuild): a longer or unbounded varchar, varchar to text, a numeric with more
 * precision and the same scale, or an unconstrained numeric.
 */
export function typeChangeKeepsData(from: string, to: string): boolean {
  const a = normalizeType(from);
  const b = normalizeType(to);
  if (a === b) return true;
  const vc = /^character varying(?:\((\d+)\))?$/;
  const va = vc.exec(a);
  if (va && (b === 'text' || b === 'character varying')) return true;
  const vb = vc.exec(b);
  if (va && vb && va[1] && vb[1] && Number(vb[1]) >= Number(va[1])) return true;
  if (a === 'text' && b === 'character varying') return true;
  const num = /^numeric(?:\((\d+)(?:,(\d+))?\))?$/;
  const na = num.exec(a);
  const nb = num.exec(b);
  if (na && nb) {
    if (!nb[1]) return true;
    if (na[1] && Number(nb[1]) >= Number(na[1]) && Number(nb[2] ?? 0) === Number(na[2] ?? 0)) return true;
  }
  return false;
}

const short = (s: string) => (s.length > 160 ? s.slice(0, 157) + '...' : s);

/** Pure: the findings of one migration's statements. */
export function lintStatements(input: LintInput): LintFinding[] {
  const found: Array<Omit<LintFinding, 'severity' | 'migration' | 'file' | 'database'>> = [];
  const add = (code: LintCode, message: string, statement: string, hint?: string) => found.push({ code, message, statement: short(statement), ...(hint ? { hint } : {}) });
  /** `table.column` whose NOT NULL this migration dropped (Knex's `.alter()` drops it, then sets it again). */
  const droppedNotNull = new Set<string>();
  for (const raw of input.statements) {
    for (const stmt of splitStatements(raw)) {
      let m: RegExpExecArray | null;
      if ((m = new RegExp(`^CREATE\\s+(?:UNLOGGED\\s+)?TABLE\\s+(?:IF NOT EXISTS\\s+)?(${NAME})`, 'i').exec(stmt))) {
        input.newTables.add(unquoteName(m[1]));
        addForeignKeys(stmt, input.referenced);
        continue;
      }
      if ((m = /^DROP\s+TABLE\s+(?:IF EXISTS\s+)?(.+?)(?:\s+(?:CASCADE|RESTRICT))?$/i.exec(stmt))) {
        for (const t of splitTopLevel(m[1])) if (!input.newTables.has(unquoteName(t))) add('Q001', `drops table ${unquoteName(t)}`, stmt);
        continue;
      }
      if ((m = new RegExp(`^CREATE\\s+(UNIQUE\\s+)?INDEX\\s+(CONCURRENTLY\\s+)?(?:IF NOT EXISTS\\s+)?(?:${NAME}\\s+)?ON\\s+(ONLY\\s+)?(${NAME})`, 'i').exec(stmt))) {
        const table = unquoteName(m[4]);
        if (!m[2] && !m[3] && !input.newTables.has(table)) add('Q005', `creates an index on the existing table ${table} without CONCURRENTLY`, stmt);
        continue;
      }
      if ((m = new RegExp(`^ALTER\\s+TABLE\\s+(?:IF EXISTS\\s+)?(?:ONLY\\s+)?(${NAME})\\s+(.*)$`, 'i').exec(stmt))) {
        const table = unquoteName(m[1]);
        const isNew = input.newTables.has(table);
        addForeignKeys(stmt, input.referenced);
        for (const action of splitTopLevel(m[2])) {
          let a: RegExpExecArray | null;
          if ((a = new RegExp(`^RENAME\\s+(?:COLUMN\\s+)?(${NAME})\\s+TO\\s+(${NAME})$`, 'i').exec(action)) && !/^RENAME\s+(TO|CONSTRAINT)\b/i.test(action)) {
            const col = unquoteName(a[1]);
            if (input.referenced.has(`${table}.${col}`)) add('Q006', `renames ${table}.${col}, which is referenced (foreign key or cross-database reference)`, stmt);
            continue;
          }
          if (isNew) continue;
          if ((a = new RegExp(`^DROP\\s+(?:COLUMN\\s+)?(?:IF EXISTS\\s+)?(${NAME})`, 'i').exec(action)) && !/^DROP\s+(CONSTRAINT|DEFAULT|NOT NULL|IDENTITY|EXPRESSION)\b/i.test(action)) {
            add('Q002', `drops column ${table}.${unquoteName(a[1])}`, stmt);
          } else if ((a = new RegExp(`^ALTER\\s+(?:COLUMN\\s+)?(${NAME})\\s+(?:SET\\s+DATA\\s+)?TYPE\\s+(.+?)(?:\\s+USING\\s+.*)?$`, 'i').exec(action))) {
            const col = unquoteName(a[1]);
            const before = input.columnTypes?.get(`${table}.${col}`);
            if (before && typeChangeKeepsData(before, a[2])) {
              input.columnTypes!.set(`${table}.${col}`, normalizeType(a[2]));
              continue;
            }
            add('Q003', `changes the type of ${table}.${col} ${before ? `from ${before} ` : ''}to ${a[2]}${before ? '' : ' (the current type is unknown without a database)'}`, stmt);
          } else if ((a = new RegExp(`^ALTER\\s+(?:COLUMN\\s+)?(${NAME})\\s+DROP\\s+NOT\\s+NULL$`, 'i').exec(action))) {
            droppedNotNull.add(`${table}.${unquoteName(a[1])}`);
          } else if ((a = new RegExp(`^ALTER\\s+(?:COLUMN\\s+)?(${NAME})\\s+SET\\s+NOT\\s+NULL$`, 'i').exec(action))) {
            const col = `${table}.${unquoteName(a[1])}`;
            if (droppedNotNull.delete(col)) {
              add(
                'Q004',
                `drops and sets again NOT NULL on ${col} (Knex's .alter() round trip): nothing changes if it was NOT NULL, but SET NOT NULL rescans the whole table under an ACCESS EXCLUSIVE lock`,
                stmt,
                'to keep the nullability as it is, use .alter({ alterNullable: false }): no DROP/SET NOT NULL, no scan',
              );
            } else add('Q004', `sets ${col} NOT NULL on existing rows`, stmt);
          } else if ((a = new RegExp(`^ADD\\s+(?:COLUMN\\s+)?(?:IF NOT EXISTS\\s+)?(${NAME})\\s+(.*)$`, 'i').exec(action)) &&
            !/^ADD\s+(CONSTRAINT|PRIMARY|UNIQUE|CHECK|FOREIGN|EXCLUDE)\b/i.test(action)) {
            const rest = a[2];
            if (/\bNOT\s+NULL\b/i.test(rest) && !/\bDEFAULT\b/i.test(rest) && !/\bGENERATED\b/i.test(rest)) {
              add('Q004', `adds ${table}.${unquoteName(a[1])} NOT NULL without a default`, stmt);
            }
          }
        }
      }
    }
  }
  const acks = parseAcknowledgements(input.source);
  return found.map((f) => {
    const ack = acks.find((a) => a.code === f.code);
    return { ...f, severity: 'error' as const, database: input.database, migration: input.migration, file: input.file, ...(ack ? { acknowledged: ack.reason } : {}) };
  });
}

export interface LintReport {
  ok: boolean;
  /** Migrations linted, per database (`(files)` for --files outside a migrations folder). */
  linted: Array<{ database?: string; migrations: string[] }>;
  findings: LintFinding[];
}

export interface LintSet {
  database?: string;
  files: MigrationFile[];
  /** Column types read from the live database the files are pending on. */
  columnTypes?: Map<string, string>;
}

/** Lints sets of migration files (each set in order: tables created earlier in it are new). */
export async function lintSets(registry: Registry, sets: LintSet[]): Promise<LintReport> {
  const findings: LintFinding[] = [];
  for (const set of sets) {
    const snap = set.database && registry.has(set.database) ? readSnapshot(snapshotDir(registry, set.database), set.database) : undefined;
    const fks = snap ? Object.values(snap.tables).flatMap((t) => Object.values(t.constraints).filter((c) => c.type === 'foreign').map((c) => c.definition)) : [];
    const referenced = referencedColumns(registry, set.database, fks);
    const newTables = new Set<string>();
    for (const f of set.files) {
      let statements: string[];
      try {
        statements = await captureUp(loadMigration(f));
      } catch (e) {
        throw new QuentyError('MIGRATION', `${f.name}: cannot read the SQL of up(): ${errorMessage(e)}`, { database: set.database });
      }
      findings.push(...lintStatements({ database: set.database, migration: f.name, file: f.file, statements, source: fs.readFileSync(f.file, 'utf8'), newTables, referenced, columnTypes: set.columnTypes }));
    }
  }
  return {
    ok: findings.every((f) => f.acknowledged !== undefined),
    linted: sets.map((s) => ({ database: s.database, migrations: s.files.map((f) => f.name) })),
    findings,
  };
}

/** The files given on the command line, grouped by database (their folder, or `database`). */
export function fileSets(registry: Registry, files: string[], database?: string): LintSet[] {
  const groups = new Map<string, MigrationFile[]>();
  for (const f of files) {
    const abs = path.resolve(f);
    if (!fs.existsSync(abs)) throw new QuentyError('USAGE', `no such file: ${f}`);
    const dir = path.dirname(abs);
    const list = listMigrationFiles(dir).filter((m) => m.file === abs);
    const entry = list[0] ?? { name: path.basename(abs).replace(/\.(ts|js)$/, ''), file: abs, checksum: '' };
    const db = database ?? (registry.has(path.basename(dir)) ? path.basename(dir) : '');
    groups.set(db, [...(groups.get(db) ?? []), entry]);
  }
  return [...groups.entries()].map(([db, fs_]) => ({ database: db || undefined, files: fs_.sort((a, b) => (a.name < b.name ? -1 : 1)) }));
}

/** Every migration of the selected databases. */
export function allSets(registry: Registry, databases: string[]): LintSet[] {
  return databases.map((d) => ({ database: d, files: listMigrationFiles(registry.migrationsDir(d)) }));
}

/** The migrations pending on the configured databases (applied nowhere they are configured). */
export async function pendingSets(ctx: Context, databases?: string | string[]): Promise<LintSet[]> {
  const status = await migrationStatus(ctx, { databases });
  const bad = status.find((s) => !s.reachable);
  if (bad) throw new QuentyError('CONNECTION', `${bad.database}: ${bad.error}`, { hint: 'lint the files without a server with --all or --files' });
  const sets: LintSet[] = [];
  for (const s of status) {
    const files = listMigrationFiles(ctx.registry.migrationsDir(s.database)).filter((f) => s.pending.includes(f.name));
    let columnTypes: Map<string, string> | undefined;
    if (files.length) {
      const t = ctx.target(s.database);
      columnTypes = await withClient(t.url, t.name, async (c) => {
        const r = await c.query(
          `SELECT cl.relname, a.attname, format_type(a.atttypid, a.atttypmod) AS type
             FROM pg_attribute a JOIN pg_class cl ON cl.oid = a.attrelid JOIN pg_namespace n ON n.oid = cl.relnamespace
            WHERE n.nspname = 'public' AND cl.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped`,
        );
        return new Map(r.rows.map((x) => [`${x.relname}.${x.attname}`, x.type as string]));
      });
    }
    sets.push({ database: s.database, files, columnTypes });
  }
  return sets;
}
