import type { Clock } from "../clock.js";
import type { Logger } from "../logger.js";
import type { Db } from "../storage/database.js";

/** What every service verb gets: the database, time, randomness and a logger, all injected. */
export interface ServiceContext {
  db: Db;
  clock: Clock;
  logger: Logger;
  /** Uniform in [0, 1); seeded in tests so display orders and gold injection repeat. */
  random: () => number;
}

/**
 * Runs `fn` in one SQLite transaction (BEGIN IMMEDIATE, so a writer never upgrades mid-way and
 * deadlocks). better-sqlite3 is synchronous: when this returns, the commit is on disk.
 */
export function withTransaction<T>(ctx: ServiceContext, fn: () => T): T {
  return ctx.db.$client.transaction(fn).immediate();
}
