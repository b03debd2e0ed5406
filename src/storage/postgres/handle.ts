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
  query(text: string, params: readonly unknown[]): Promise<PgResult>;
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
