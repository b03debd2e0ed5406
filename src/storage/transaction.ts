import type { Db } from "./database.js";
import { prepared } from "./prepared.js";

/** What a caller asks of a transaction; what it takes to deliver it is this module's business. */
export interface TransactionOptions {
  /**
   * `true` (the default): the commit is fsynced before this returns, so what it wrote survives a
   * power cut. Everything a person is told was saved (a vote, a rationale) is written this way.
   *
   * `false`: the commit reaches the OS but is not fsynced; it becomes durable with the next
   * durable commit (the WAL is one file, synced in order) or checkpoint. It survives a crash or
   * SIGKILL of the bot; only a power cut or a kernel crash can lose it, and then it is lost whole
   * (WAL keeps the database consistent). Only for work whose loss costs nothing acknowledged:
   * handing out an item (a lost lease is an item that goes back to the pool, as when it expires).
   */
  durable?: boolean;
}

/**
 * Runs `fn` in one transaction on `db` and returns what it returns; the transaction commits when
 * `fn` returns and rolls back when it throws. Synchronous: when this returns, the transaction is
 * committed and (unless `durable: false`) on disk. A call inside another transaction runs in its
 * caller's transaction and takes the caller's durability.
 *
 * This is the one seam between the services and the database's transactions: services say what
 * they want (one unit of work, durable or not) and never how. A second database (PostgreSQL,
 * issue #20) implements this function and nothing above it changes; there `durable: false` would
 * be `SET LOCAL synchronous_commit = off`.
 *
 * SQLite: BEGIN IMMEDIATE, so a writer never upgrades its lock mid-way and deadlocks; a
 * non-durable transaction commits with `synchronous = NORMAL`, then the connection goes back to
 * FULL (storage/database.ts sets FULL for everything else).
 */
export function inTransaction<T>(db: Db, fn: () => T, options?: TransactionOptions): T {
  const client = db.$client;
  if (options?.durable !== false || client.inTransaction) return client.transaction(fn).immediate();
  prepared<[]>(db, "PRAGMA synchronous = NORMAL").run();
  try {
    return client.transaction(fn).immediate();
  } finally {
    prepared<[]>(db, "PRAGMA synchronous = FULL").run();
  }
}
