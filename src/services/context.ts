import type { Clock } from "../clock.js";
import type { Logger } from "../logger.js";
import type { Db } from "../storage/database.js";
import { prepared } from "../storage/prepared.js";

/** What every service verb gets: the database, time, randomness and a logger, all injected. */
export interface ServiceContext {
  db: Db;
  clock: Clock;
  logger: Logger;
  /** Uniform in [0, 1); seeded in tests so display orders and gold injection repeat. */
  random: () => number;
}

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
 * Runs `fn` in one SQLite transaction (BEGIN IMMEDIATE, so a writer never upgrades mid-way and
 * deadlocks). better-sqlite3 is synchronous: when this returns, the transaction is committed,
 * and (unless `durable: false`) on disk.
 */
export function withTransaction<T>(ctx: ServiceContext, fn: () => T, options: TransactionOptions = {}): T {
  const client = ctx.db.$client;
  // A nested call runs inside its caller's transaction and takes the caller's durability.
  if (options.durable !== false || client.inTransaction) return client.transaction(fn).immediate();
  prepared(ctx.db, "PRAGMA synchronous = NORMAL").run();
  try {
    return client.transaction(fn).immediate();
  } finally {
    prepared(ctx.db, "PRAGMA synchronous = FULL").run();
  }
}
