import Database from "better-sqlite3";
import { isSqlite, type Db, type SqliteDb } from "./database.js";
import type { PgConnection, PgCursor, PostgresDb } from "./postgres/handle.js";
import { translatePlaceholders } from "./statement.js";
import { onConnection } from "./transaction.js";

/** Rows a PostgreSQL cursor fetches per round trip: few enough to stay small in memory, many enough that the round trips cost little. */
const CURSOR_BATCH = 500;

/**
 * Streams the rows of a read-only query, one at a time, in constant memory: for exports of a
 * million judgments. `param` is the one positional `?` parameter, or the object of the `@name`
 * parameters. The SQL must run on both databases, as for storage/statement.ts.
 *
 * SQLite: the rows come from a read-only connection of their own, opened for this stream and
 * closed when it ends (or when the caller stops early). Two reasons. A cursor left open on the
 * bot's connection while the caller awaits (a file write waiting to drain) would make every write
 * meanwhile fail (better-sqlite3 refuses writes while a cursor is open on the connection), so a
 * vote arriving during a chat export would be refused. And in WAL mode a reader of its own sees
 * one snapshot from start to end, so an export is consistent even while votes arrive. An
 * in-memory database (the tests, the playground) has no file to open again: its rows are read at
 * once, in one step on its one connection, and then handed out one by one.
 *
 * PostgreSQL: a pooled connection of its own, in a REPEATABLE READ, READ ONLY transaction (one
 * snapshot from the first row to the last, whatever lands meanwhile), read through a server-side
 * cursor a batch at a time. Where the driver has no cursor (PGlite, one connection, tests only)
 * the rows are read in one step in that transaction, which then ends at once: holding PGlite's
 * only connection while the caller awaits would stall every write meanwhile. Do not call it from
 * inside a transaction on PGlite (its one connection is taken).
 */
export function streamRows<Row>(db: Db, sql: string, param: number | Record<string, unknown>): AsyncGenerator<Row> {
  return isSqlite(db) ? streamSqlite<Row>(db, sql, param) : streamPostgres<Row>(db, sql, param);
}

async function* streamSqlite<Row>(db: SqliteDb, sql: string, param: number | Record<string, unknown>): AsyncGenerator<Row> {
  const main = db.$client;
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

async function* streamPostgres<Row>(db: PostgresDb, sql: string, param: number | Record<string, unknown>): AsyncGenerator<Row> {
  const { text, names } = translatePlaceholders(sql);
  const values = names ? names.map((name) => namedValue(param, name, sql)) : [param];
  const connection = await db.pool.connect();
  if (!connection.cursor) {
    yield* (await readInOneStep(connection, text, values)) as Row[];
    return;
  }
  let cursor: PgCursor | undefined;
  let finished = false;
  let failed = false;
  let broken: Error | undefined;
  try {
    await connection.query(BEGIN_SNAPSHOT, []);
    cursor = connection.cursor(text, values);
    for (let batch = await cursor.read(CURSOR_BATCH); batch.length > 0; batch = await cursor.read(CURSOR_BATCH)) yield* batch as Row[];
    await cursor.close();
    await connection.query("COMMIT", []);
    finished = true;
  } catch (error) {
    failed = true;
    throw error;
  } finally {
    if (!finished) {
      // The caller stopped early (broke out of its loop), or a read failed: end the read-only
      // transaction; a connection that cannot end it is closed rather than pooled again.
      try {
        if (!failed) await cursor?.close();
        await connection.query("ROLLBACK", []);
      } catch (error) {
        broken = asError(error);
      }
    }
    connection.release(broken);
  }
}

/** One snapshot, read-only: what a long read sees from its first row to its last. */
const BEGIN_SNAPSHOT = "BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY";

/** Every row at once, in the read-only snapshot transaction, and the connection back at once (PGlite). */
async function readInOneStep(connection: PgConnection, text: string, values: unknown[]): Promise<unknown[]> {
  let broken: Error | undefined;
  try {
    await connection.query(BEGIN_SNAPSHOT, []);
    const { rows } = await connection.query(text, values);
    await connection.query("COMMIT", []);
    return rows;
  } catch (error) {
    await connection.query("ROLLBACK", []).catch((rollbackError: unknown) => {
      broken = asError(rollbackError);
    });
    throw error;
  } finally {
    connection.release(broken);
  }
}

function namedValue(param: number | Record<string, unknown>, name: string, sql: string): unknown {
  if (typeof param === "object" && name in param) return param[name];
  throw new Error(`streamRows parameter @${name} was not given (SQL: ${sql.slice(0, 80)})`);
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}
