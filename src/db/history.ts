import { quoteLiteral } from './targets';

/**
 * The migration history is the admin's: the service role may read it (SELECT) but never write
 * it (no INSERT/UPDATE/DELETE/TRUNCATE), so it cannot forge a checksum or delete a row. The
 * default privileges give DML on every new table; this takes it back on the version table, if
 * it exists (a DO block: one statement, safe before the first migration).
 */
export function historyLockdownSql(versionTable: string, role: string): string {
  const lit = quoteLiteral(versionTable);
  return `DO $$ BEGIN
  IF to_regclass(${lit}) IS NOT NULL THEN
    EXECUTE format('REVOKE ALL ON %I FROM PUBLIC', ${lit});
    EXECUTE format('REVOKE INSERT, UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON %I FROM %I', ${lit}, ${quoteLiteral(role)});
    EXECUTE format('GRANT SELECT ON %I TO %I', ${lit}, ${quoteLiteral(role)});
  END IF;
END $$`;
}
