import type { Statement } from "better-sqlite3";
import type { Db } from "./database.js";

const cache = new WeakMap<Db, Map<string, Statement>>();

/**
 * A prepared statement for `sql` on this database, compiled once and reused. Compiling costs tens
 * of microseconds, which the vote path cannot spend on every click.
 */
export function prepared(db: Db, sql: string): Statement {
  let statements = cache.get(db);
  if (!statements) {
    statements = new Map();
    cache.set(db, statements);
  }
  let statement = statements.get(sql);
  if (!statement) {
    statement = db.$client.prepare(sql);
    statements.set(sql, statement);
  }
  return statement;
}
