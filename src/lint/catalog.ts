/**
 * The rule table of `migrate lint`: every code with its title, why it is a hazard, the safe
 * alternative, its family, and what `migrate plan --locks` can see of it (the evidence that
 * confirms a finding: a table rewrite, a lock that blocks writes or reads, or nothing a lock
 * trace shows, as for a change that breaks running clients).
 *
 * Codes are stable: Q001–Q006 are the first version's, the others were added by family.
 */
export type RuleFamily = 'breaking' | 'rewrite' | 'index' | 'constraint' | 'partition' | 'hygiene';
/** What a lock trace shows when the hazard is real. */
export type Evidence = 'rewrite' | 'blocking-lock' | 'none';

export interface RuleInfo {
  code: string;
  family: RuleFamily;
  title: string;
  why: string;
  safe: string;
  evidence: Evidence;
  /** A rule about the cost of touching existing rows: not a finding on a table known to be empty. */
  sizeMatters: boolean;
}

const rule = (code: string, family: RuleFamily, evidence: Evidence, sizeMatters: boolean, title: string, why: string, safe: string): RuleInfo => ({
  code,
  family,
  title,
  why,
  safe,
  evidence,
  sizeMatters,
});

export const RULES: RuleInfo[] = [
  rule(
    'Q001',
    'breaking',
    'none',
    false,
    'DROP TABLE',
    'The data is gone, and every running service that still reads or writes the table fails at once. A rollback of the deploy cannot bring it back.',
    'Stop using the table in every service first and deploy; drop it in a later migration (after a backup), acknowledging the finding.',
  ),
  rule(
    'Q002',
    'breaking',
    'none',
    false,
    'DROP COLUMN',
    'The data is gone, and a running service whose queries name the column (or an ORM that selects every column it knows) fails.',
    'Remove every use of the column and deploy; drop it in a later migration, acknowledging the finding.',
  ),
  rule(
    'Q003',
    'rewrite',
    'rewrite',
    true,
    'column type change that rewrites the table',
    'Most type changes rewrite the whole table and rebuild its indexes while holding ACCESS EXCLUSIVE: no read or write gets through until it ends. A longer varchar, varchar to text, or a numeric with more precision and the same scale keep the bytes (these pass when the live type is known).',
    'Add a new column of the new type, backfill it in batches, switch the readers, then drop the old one; or make only changes that keep the bytes.',
  ),
  rule(
    'Q004',
    'breaking',
    'blocking-lock',
    false,
    'NOT NULL added without a default, or SET NOT NULL without a validated CHECK',
    'ADD COLUMN … NOT NULL without a default fails on a table with rows and breaks running inserts that do not name the column. SET NOT NULL scans the whole table under ACCESS EXCLUSIVE unless a validated CHECK (col IS NOT NULL) proves it already.',
    'Add the column with a constant default (no rewrite since PostgreSQL 11). For SET NOT NULL: ADD CONSTRAINT … CHECK (col IS NOT NULL) NOT VALID, VALIDATE CONSTRAINT in a later migration, then SET NOT NULL (no scan) and drop the CHECK. Knex: .alter({ alterNullable: false }) avoids the DROP/SET NOT NULL round trip.',
  ),
  rule(
    'Q005',
    'index',
    'blocking-lock',
    true,
    'CREATE INDEX without CONCURRENTLY on an existing table',
    'A plain CREATE INDEX holds a SHARE lock for the whole build: every INSERT, UPDATE and DELETE on the table waits until the index is built.',
    'CREATE INDEX CONCURRENTLY in a migration with export const config = { transaction: false } (src/migrate/helpers.ts createIndexConcurrently is safe to run again).',
  ),
  rule(
    'Q006',
    'breaking',
    'none',
    false,
    'renaming a referenced column',
    'A foreign key or a cross-database reference declared in the registry names the column: other services and the audit keep using the old name and break.',
    'Add the new column, write both, move the readers (and the registry reference), then drop the old column.',
  ),
  rule(
    'Q007',
    'index',
    'blocking-lock',
    true,
    'DROP INDEX without CONCURRENTLY',
    "DROP INDEX takes ACCESS EXCLUSIVE on the index's table: it waits for every running query on the table and blocks every new one behind it.",
    'DROP INDEX CONCURRENTLY in a non-transactional migration (helpers.ts dropIndexConcurrently).',
  ),
  rule(
    'Q008',
    'index',
    'blocking-lock',
    true,
    'REINDEX without CONCURRENTLY',
    'REINDEX locks out writes to the table (and reads that would use the index) for the whole rebuild.',
    'REINDEX … CONCURRENTLY (PostgreSQL 12+) in a non-transactional migration.',
  ),
  rule(
    'Q009',
    'index',
    'none',
    false,
    'CONCURRENTLY in a migration that runs in a transaction',
    'CREATE/DROP INDEX CONCURRENTLY, REINDEX CONCURRENTLY and DETACH PARTITION CONCURRENTLY cannot run inside a transaction block: the migration fails when it is applied.',
    'export const config = { transaction: false } in that migration (and make it safe to run again).',
  ),
  rule(
    'Q010',
    'constraint',
    'blocking-lock',
    true,
    'CHECK constraint added without NOT VALID',
    'Adding a CHECK validates every row while holding ACCESS EXCLUSIVE on the table.',
    'ADD CONSTRAINT … CHECK (…) NOT VALID (instant), then ALTER TABLE … VALIDATE CONSTRAINT in a later migration (SHARE UPDATE EXCLUSIVE: reads and writes go on).',
  ),
  rule(
    'Q011',
    'constraint',
    'blocking-lock',
    true,
    'FOREIGN KEY added without NOT VALID',
    'Adding a foreign key locks both tables (SHARE ROW EXCLUSIVE: writes wait on the table and on the one it references) and checks every row while holding those locks.',
    'ADD CONSTRAINT … FOREIGN KEY … NOT VALID, then VALIDATE CONSTRAINT in a later migration (it does not block writes).',
  ),
  rule(
    'Q012',
    'constraint',
    'blocking-lock',
    true,
    'ADD UNIQUE / PRIMARY KEY builds its index under lock',
    'ADD UNIQUE or ADD PRIMARY KEY builds a unique index while holding ACCESS EXCLUSIVE on the table.',
    'CREATE UNIQUE INDEX CONCURRENTLY first (non-transactional migration), then ADD CONSTRAINT … UNIQUE USING INDEX / PRIMARY KEY USING INDEX (instant).',
  ),
  rule(
    'Q013',
    'rewrite',
    'rewrite',
    true,
    'ADD COLUMN with a volatile default (or serial, identity, stored generated)',
    'A constant default is stored once in the catalog (PostgreSQL 11+), but a volatile one (random(), gen_random_uuid(), clock_timestamp(), nextval() of serial and identity columns) or a stored generated column fills every row: the table is rewritten under ACCESS EXCLUSIVE.',
    'Add the column without a default (or with a constant one), set the default for new rows, and backfill existing rows in batches.',
  ),
  rule(
    'Q014',
    'rewrite',
    'rewrite',
    true,
    'VACUUM FULL',
    'VACUUM FULL rewrites the whole table and its indexes under ACCESS EXCLUSIVE.',
    'Plain VACUUM (no lock on reads and writes), or pg_repack / pg_squeeze outside migrations.',
  ),
  rule(
    'Q015',
    'rewrite',
    'rewrite',
    true,
    'CLUSTER',
    'CLUSTER rewrites the whole table in index order under ACCESS EXCLUSIVE.',
    'Leave physical order alone, or use pg_repack --order-by outside migrations.',
  ),
  rule(
    'Q016',
    'breaking',
    'none',
    false,
    'renaming a table',
    'Every running service that names the table fails as soon as the migration commits.',
    'Create the new table (or a view with the old name over the renamed table), move the services, then drop the old name.',
  ),
  rule(
    'Q017',
    'breaking',
    'none',
    false,
    'renaming a column',
    'Every running query that names the column fails as soon as the migration commits (Q006 is the stronger finding when a foreign key or registry reference names it).',
    'Add the new column, write both, move the readers, then drop the old one.',
  ),
  rule(
    'Q018',
    'breaking',
    'none',
    false,
    'DROP DATABASE',
    "A migration runs inside one database; dropping a database from it destroys another service's data.",
    'Databases are made and removed by the registry (quenty-db create), never by a migration.',
  ),
  rule(
    'Q019',
    'breaking',
    'blocking-lock',
    false,
    'TRUNCATE … CASCADE',
    'CASCADE also empties every table with a foreign key to the truncated ones, which the statement does not name, under ACCESS EXCLUSIVE on all of them.',
    'TRUNCATE only the named tables (RESTRICT, the default), or DELETE in batches.',
  ),
  rule(
    'Q020',
    'partition',
    'blocking-lock',
    true,
    'ATTACH PARTITION without a CHECK that matches the bound',
    'ATTACH PARTITION scans the whole table to prove its rows fit the bound, holding ACCESS EXCLUSIVE on it (and on the DEFAULT partition); the parent is locked SHARE UPDATE EXCLUSIVE.',
    'Add a CHECK constraint that implies the bound (NOT VALID, then VALIDATE) before attaching: PostgreSQL skips the scan. Drop the CHECK afterwards.',
  ),
  rule(
    'Q021',
    'partition',
    'blocking-lock',
    false,
    'DETACH PARTITION without CONCURRENTLY',
    'A plain DETACH takes ACCESS EXCLUSIVE on the parent: every query on the partitioned table waits. PostgreSQL 14+ can detach CONCURRENTLY, except when the parent has a DEFAULT partition.',
    'DETACH PARTITION … CONCURRENTLY in a non-transactional migration where allowed; otherwise a short lock_timeout with retries (quenty-db partitions retention does this).',
  ),
  rule(
    'Q022',
    'partition',
    'blocking-lock',
    true,
    'index on a partitioned parent built without the per-partition concurrent path',
    'CREATE INDEX on a partitioned table builds it on every partition in one statement, each under a SHARE lock, and CONCURRENTLY is not allowed on the parent.',
    'CREATE INDEX … ON ONLY parent, then CREATE INDEX CONCURRENTLY on each partition and ALTER INDEX … ATTACH PARTITION (helpers.ts createIndexConcurrently does it).',
  ),
  rule(
    'Q023',
    'partition',
    'blocking-lock',
    true,
    'adding a partition while DEFAULT holds its rows',
    'CREATE TABLE … PARTITION OF (or ATTACH) on a parent with a DEFAULT partition scans DEFAULT under ACCESS EXCLUSIVE to check that none of its rows belong to the new partition, and fails if some do.',
    'Move those rows out of DEFAULT first (quenty-db partitions ensure does it in one short transaction per month), or add partitions ahead of time so DEFAULT stays empty.',
  ),
  rule(
    'Q024',
    'hygiene',
    'none',
    false,
    'a migration that takes locks sets no lock_timeout',
    'A DDL statement queues behind any long-running query on its table, and every query that arrives after it queues behind the DDL: one slow report becomes an outage.',
    "Run it with quenty-db migrate, which sets lock_timeout for every migration (config.lockTimeout, QUENTY_MIGRATION_LOCK_TIMEOUT) and retries; plain SQL: SET lock_timeout = '5s' first.",
  ),
  rule(
    'Q025',
    'hygiene',
    'none',
    false,
    'identifier longer than 63 bytes',
    'PostgreSQL truncates identifiers to 63 bytes without an error: two long names can become the same, and the name in the database differs from the one in the code.',
    'Use a shorter name (at most 63 bytes in UTF-8).',
  ),
  rule(
    'Q026',
    'hygiene',
    'none',
    false,
    'ALTER TYPE … ADD VALUE without BEFORE/AFTER',
    'The new value sorts after every existing one, which decides ORDER BY and < > comparisons on the enum silently; and it cannot be used in the same transaction that adds it.',
    'Say where it goes with BEFORE or AFTER, and use the new value only in a later migration.',
  ),
  rule(
    'Q027',
    'hygiene',
    'none',
    false,
    'BEGIN / COMMIT inside a migration',
    'The migration engine decides the transaction (one per migration, or none with config.transaction = false). A COMMIT inside it ends that transaction early: the rest runs outside it and the version row is no longer recorded atomically.',
    'Remove BEGIN/COMMIT; use export const config = { transaction: false } for statements that cannot run in a transaction.',
  ),
];

export const RULE_BY_CODE: Record<string, RuleInfo> = Object.fromEntries(RULES.map((r) => [r.code, r]));

/** The short text of each code (kept for the first version's callers). */
export const LINT_RULES: Record<string, string> = Object.fromEntries(RULES.map((r) => [r.code, `${r.title}: ${r.why.split('. ')[0].replace(/\.$/, '')}`]));
export type LintCode = string;
