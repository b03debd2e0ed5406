/**
 * A PostgreSQL database as the repos see it: a pool of connections that answer text queries with
 * positional parameters. node-postgres's Pool is one (postgres/database.ts); PGlite, which has a
 * single connection, is made into a pool of one (postgres/pglite.ts, tests only).
 */

/** One query's answer: its rows and how many rows it changed. */
export interface PgResult {
  rows: unknown[];
  /** Rows an INSERT/UPDATE/DELETE changed (node-postgres's rowCount, PGlite's affectedRows). */
  changes: number;
}

/** Something that runs one SQL text with `$1..$n` parameters. */
export interface PgQueryable {
  /**
   * `name`, when given, makes it a named prepared statement: parsed (and its plan cached) once per
   * connection, then only bound and run (node-postgres); the same name always goes with the same
   * text. Drivers without them (PGlite) ignore it.
   */
  query(text: string, params: readonly unknown[], name?: string): Promise<PgResult>;
}

/** A server-side cursor over one query's rows (storage/stream-rows.ts): read them a batch at a time. */
export interface PgCursor {
  /** Up to `count` more rows; none once all were read. */
  read(count: number): Promise<unknown[]>;
  close(): Promise<void>;
}

/** A connection taken from the pool for a transaction; `release(error)` closes it instead of pooling it. */
export interface PgConnection extends PgQueryable {
  release(error?: Error): void;
  /** Opens a cursor on this connection (node-postgres with pg-cursor); absent where the driver has none (PGlite). */
  cursor?(text: string, params: readonly unknown[]): PgCursor;
  /**
   * Told when the connection fails while it is held between queries (a session kept for a lock:
   * storage/claims.ts); until `release`. Absent where the driver has no such event (PGlite).
   */
  onError?(listener: (error: Error) => void): void;
}

/** The pool: queries outside a transaction go to any connection; `connect` takes one for a transaction. */
interface PgPool extends PgQueryable {
  connect(): Promise<PgConnection>;
}

/** The PostgreSQL variant of `Db` (storage/database.ts). */
export interface PostgresDb {
  readonly dialect: "postgres";
  readonly pool: PgPool;
  /**
   * True where every connection is one session of this process (PGlite): a session lock there
   * cannot tell processes apart, nor be held without holding the only connection.
   */
  readonly oneSession?: boolean;
}

/**
 * A named prepared statement whose result columns changed since it was prepared on this
 * connection (a replica of a newer version migrated a table while this one runs): the server
 * refuses it with "cached plan must not change result type". The cure is a connection without
 * the stale statement: close this one and run the work again.
 */
export function isStalePlan(error: unknown): boolean {
  const e = error as { code?: unknown; message?: unknown } | null;
  return e?.code === "0A000" && typeof e.message === "string" && e.message.includes("cached plan");
}
