import { mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import Database from "better-sqlite3";
import { drizzle, type BetterSQLite3Database } from "drizzle-orm/better-sqlite3";
import { PACKAGE_ROOT } from "../paths.js";
import { MIGRATION_WAIT_MS, migrateSerialized } from "./migrate.js";
import { prepared } from "./prepared.js";
import type { PostgresDb } from "./postgres/handle.js";
import * as schema from "./schema/index.js";
import { onConnection } from "./transaction.js";

/** The embedded default: better-sqlite3 behind drizzle, one connection per process. */
export type SqliteDb = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

/**
 * The database the services pass around: SQLite (the default) or PostgreSQL (#20). Only storage
 * looks inside; repos run their SQL through storage/statement.ts, which runs on either.
 */
export type Db = SqliteDb | PostgresDb;

/** Which database this is. */
export function isSqlite(db: Db | Pick<SqliteDb, "$client">): db is SqliteDb {
  return "$client" in db;
}

/**
 * The SQLite database behind `db`, for code that has not been made to run on PostgreSQL yet: it
 * fails there with a message saying so, rather than with a driver error.
 */
export function sqliteOnly(db: Db, what = "this operation"): SqliteDb {
  if (isSqlite(db)) return db;
  throw new Error(`${what} does not run on PostgreSQL yet (issue #20): use SQLite (no DATABASE_URL) for it`);
}

/** The migrations drizzle-kit generated, shipped with the code. */
export const MIGRATIONS_FOLDER = join(PACKAGE_ROOT, "migrations");

/**
 * Every pragma in one place.
 * - WAL: readers never block the writer, and a commit is one append to the log.
 * - synchronous=FULL: the WAL is fsynced at each commit, so a judgment acknowledged after its
 *   transaction commits survives a power cut or SIGKILL (NORMAL may lose the last commits on power loss).
 * - busy_timeout: the CLI and the bot may share the file; wait rather than fail with SQLITE_BUSY.
 *   The bot waits only briefly inside a call (its event loop stands still meanwhile) and retries
 *   off the loop instead (`busyTimeoutMs`, storage/busy.ts).
 * - foreign_keys: SQLite leaves them off by default.
 * - journal_size_limit: the WAL file shrinks back to 64 MiB after a burst instead of keeping its
 *   largest size.
 *
 * Two are changed elsewhere, each for one reason: a transaction run with `durable: false`
 * (storage/transaction.ts, handing out an item) commits with synchronous=NORMAL, and the bot moves
 * checkpoints to a thread of its own (wal_autocheckpoint=0, storage/checkpointer.ts).
 */
export function applyPragmas(sqlite: Database.Database, options: { memory: boolean; busyTimeoutMs?: number }): void {
  // Switching a fresh file to WAL takes a lock another process opening it may hold: wait for it.
  sqlite.pragma(`busy_timeout = ${MIGRATION_WAIT_MS}`);
  if (!options.memory) retryWhileBusy(() => sqlite.pragma("journal_mode = WAL"), MIGRATION_WAIT_MS);
  sqlite.pragma("synchronous = FULL");
  sqlite.pragma(`busy_timeout = ${options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS}`);
  sqlite.pragma("foreign_keys = ON");
  if (!options.memory) sqlite.pragma("journal_size_limit = 67108864");
  sqlite.pragma("temp_store = MEMORY");
  sqlite.pragma("cache_size = -65536"); // 64 MiB page cache
  // Reads through a memory map instead of a read() call per page: the vote path reads a few
  // random pages of a large file on every click.
  if (!options.memory) sqlite.pragma("mmap_size = 1073741824");
}

/**
 * Runs `step` again while SQLite answers SQLITE_BUSY without having waited: switching a fresh file
 * to WAL while another process is switching or opening it fails at once, because SQLite does not
 * call the busy handler for that lock. Sleeps synchronously (this only runs while opening).
 */
function retryWhileBusy<T>(step: () => T, waitMs: number): T {
  const deadline = Date.now() + waitMs;
  const sleeper = new Int32Array(new SharedArrayBuffer(4));
  for (let attempt = 0; ; attempt++) {
    try {
      return step();
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      const busy = typeof code === "string" && code.startsWith("SQLITE_BUSY");
      if (!busy || Date.now() >= deadline) throw error;
      Atomics.wait(sleeper, 0, 0, Math.min(5 + attempt * 5, 50) * (0.5 + Math.random()));
    }
  }
}

/** How long a call waits for another process's write lock unless told otherwise (the CLI, tests). */
const DEFAULT_BUSY_TIMEOUT_MS = 5000;

/**
 * Opens (creating if needed) the SQLite database at `path`, applies the pragmas and runs the
 * migrations (serialized with any other process opening it). `:memory:` gives a private in-memory
 * database, as the tests use. `busyTimeoutMs`: how long a call waits for the write lock.
 */
export function openDatabase(path: string, options: { busyTimeoutMs?: number } = {}): SqliteDb {
  const memory = path === ":memory:";
  if (!memory) mkdirSync(dirname(path), { recursive: true });
  const sqlite = new Database(path);
  applyPragmas(sqlite, { memory, ...options });
  retryWhileBusy(() => migrateSerialized(sqlite, MIGRATIONS_FOLDER), MIGRATION_WAIT_MS);
  return drizzle({ client: sqlite, schema }) as SqliteDb;
}

/** Closes the database, checkpointing the WAL into the main file. */
export function closeDatabase(db: SqliteDb): void {
  if (db.$client.open) db.$client.close();
}

/** Throws unless the database answers a read (the health checks). Reads never wait for a writer in WAL mode. */
export async function pingDatabase(db: Db): Promise<void> {
  if (!isSqlite(db)) {
    await db.pool.query("SELECT 1", []);
    return;
  }
  return onConnection(db, () => {
    if (!db.$client.open) throw new Error("the database is closed");
    prepared<[]>(db, "SELECT 1").get();
  });
}

/** Attaches an import's staging database file as `staging` (the import-batches repo reads it there). */
export function attachStaging(db: Db, path: string): Promise<void> {
  return onConnection(db, () => {
    prepared<[string]>(db, "ATTACH DATABASE ? AS staging").run(path);
  });
}

export function detachStaging(db: Db): Promise<void> {
  return onConnection(db, () => {
    prepared<[]>(db, "DETACH DATABASE staging").run();
  });
}
