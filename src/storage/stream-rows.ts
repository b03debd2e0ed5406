import Database from "better-sqlite3";
import { sqliteOnly, type Db } from "./database.js";
import { onConnection } from "./transaction.js";

/**
 * Streams the rows of a read-only query, one at a time, in constant memory: for exports of a
 * million judgments.
 *
 * The rows come from a read-only connection of their own, opened for this stream and closed when
 * it ends (or when the caller stops early). Two reasons. A cursor left open on the bot's
 * connection while the caller awaits (a file write waiting to drain) would make every write
 * meanwhile fail (better-sqlite3 refuses writes while a cursor is open on the connection), so a
 * vote arriving during a chat export would be refused. And in WAL mode a reader of its own sees
 * one snapshot from start to end, so an export is consistent even while votes arrive.
 *
 * An in-memory database (the tests, the playground) has no file to open again: its rows are
 * read at once, in one step on its one connection, and then handed out one by one.
 */
export async function* streamRows<Row>(db: Db, sql: string, param: number | Record<string, unknown>): AsyncGenerator<Row> {
  const main = sqliteOnly(db, "streaming rows").$client;
  if (main.memory) {
    yield* await onConnection(db, () => main.prepare<[typeof param], Row>(sql).all(param));
    return;
  }
  const reader = new Database(main.name, { readonly: true, fileMustExist: true });
  try {
    reader.pragma("busy_timeout = 5000");
    for (const row of reader.prepare<[typeof param], Row>(sql).iterate(param)) yield row;
  } finally {
    reader.close();
  }
}
