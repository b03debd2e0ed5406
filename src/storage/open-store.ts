import type pg from "pg";
import { PairwiseError } from "../errors.js";
import type { Logger } from "../logger.js";
import { closeDatabase, openDatabase, pingDatabase, type Db, type SqliteDb } from "./database.js";

/**
 * The database a process works on, opened and migrated, with what the composition root needs
 * around it: a health ping, a close, and on PostgreSQL the pool the scheduler's leadership keeps a
 * connection of.
 */
export interface Store {
  readonly db: Db;
  /** `sqlite` (one file, one process writing) or `postgres` (shared by replicas). */
  readonly kind: "sqlite" | "postgres";
  /** Where the data is, for messages: the file, or the server without its password. */
  readonly where: string;
  /** The SQLite handle, for the WAL checkpointer (SQLite only). */
  readonly sqlite?: SqliteDb;
  /** node-postgres's pool (PostgreSQL only): scheduler leadership holds one of its connections. */
  readonly pool?: pg.Pool;
  /** Throws unless the database answers a query (the health checks). */
  ping(): Promise<void>;
  /** Closes the connections; a PostgreSQL pool waits for the queries under way. */
  close(): Promise<void>;
}

/** Which database to open: `url` (PostgreSQL) when given, else the SQLite file at `path`. */
export interface StoreTarget {
  url?: string | undefined;
  path: string;
  /** PostgreSQL: connections in this process's pool. */
  poolSize?: number | undefined;
  /** SQLite: how long a call waits for the write lock (storage/busy.ts). */
  busyTimeoutMs?: number;
  /** Told about a pooled PostgreSQL connection that failed while idle. */
  logger?: Pick<Logger, "warn">;
}

/**
 * Opens the configured database and applies its pending migrations. PostgreSQL's modules load
 * only when a URL is given, so SQLite deployments never load the driver.
 */
export async function openStore(target: StoreTarget): Promise<Store> {
  if (target.url) {
    const [{ openPostgres, postgresDb, describeUrl }] = await Promise.all([import("./postgres/database.js")]);
    let drizzled: Awaited<ReturnType<typeof openPostgres>>;
    try {
      drizzled = await openPostgres(target.url, {
        ...(target.poolSize ? { poolSize: target.poolSize } : {}),
        onIdleError: (error) => target.logger?.warn({ err: error }, "a pooled PostgreSQL connection failed while idle; the next query opens a new one"),
      });
    } catch (error) {
      // openPostgres words its failures for the operator (server named, password left out).
      throw new PairwiseError("STORAGE", `DATABASE_URL: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    }
    const pool = drizzled.$client;
    const db = postgresDb(pool);
    let closed: Promise<void> | undefined;
    return {
      db,
      kind: "postgres",
      where: describeUrl(target.url),
      pool,
      ping: () => pingDatabase(db),
      close: () => {
        closed ??= pool.end();
        return closed;
      },
    };
  }
  const sqlite = openDatabase(target.path, target.busyTimeoutMs === undefined ? {} : { busyTimeoutMs: target.busyTimeoutMs });
  return {
    db: sqlite,
    kind: "sqlite",
    where: target.path,
    sqlite,
    ping: () => pingDatabase(sqlite),
    close: () => {
      closeDatabase(sqlite);
      return Promise.resolve();
    },
  };
}
