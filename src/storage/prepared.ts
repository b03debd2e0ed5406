import type { Statement } from "better-sqlite3";
import { sqliteOnly, type Db, type SqliteDb } from "./database.js";

const cache = new WeakMap<object, Map<string, Statement<unknown[], unknown>>>();

/**
 * A prepared statement for `sql` on this database, compiled once and reused. Compiling costs tens
 * of microseconds, which the vote path cannot spend on every click.
 *
 * Give the parameters and the row shape as type arguments so that reads come back typed, with no
 * cast at the call site: `prepared<[number], { id: number }>(db, "SELECT id FROM t WHERE x = ?")`.
 * The row type is a promise the SQL must keep; keep both next to each other, inside a repo.
 *
 * `db` is the live database or an import's staging database (storage/staging-database.ts). SQLite
 * only: SQL that runs on both databases goes through storage/statement.ts.
 */
export function prepared<Params extends unknown[] = unknown[], Row = unknown>(db: Db | Pick<SqliteDb, "$client">, sql: string): Statement<Params, Row> {
  const sqlite = "$client" in db ? db : sqliteOnly(db, "a query not yet written for both databases");
  let statements = cache.get(db);
  if (!statements) {
    statements = new Map();
    cache.set(db, statements);
  }
  let statement = statements.get(sql);
  if (!statement) {
    statement = sqlite.$client.prepare(sql);
    statements.set(sql, statement);
  }
  return statement as unknown as Statement<Params, Row>;
}
