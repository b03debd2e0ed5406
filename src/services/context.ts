import type { Clock } from "../clock.js";
import type { Logger } from "../logger.js";
import type { Db } from "../storage/database.js";
import { inTransaction, type TransactionOptions } from "../storage/transaction.js";

/** What every service verb gets: the database, time, randomness and a logger, all injected. */
export interface ServiceContext {
  db: Db;
  clock: Clock;
  logger: Logger;
  /** Uniform in [0, 1); seeded in tests so display orders and gold injection repeat. */
  random: () => number;
  /** The team's time zone (PAIRWISE_TIMEZONE), for times a service writes into a message; UTC when absent. */
  timezone?: string;
}

/**
 * Runs `fn` as one unit of work on the context's database (storage/transaction.ts says how, and
 * what `durable: false` risks). When this returns, the work is committed, and (unless
 * `durable: false`) on disk; when `fn` throws, none of it is. `fn` awaits the database only (no
 * network calls inside: the transaction would hold every other caller back meanwhile).
 */
export async function withTransaction<T>(ctx: ServiceContext, fn: () => Promise<T>, options?: TransactionOptions): Promise<T> {
  return await inTransaction(ctx.db, fn, options);
}

/**
 * Runs `work` once the transaction the caller is in has committed (dropped if it rolls back), or on
 * the next turn when there is none: what core's after-reply work goes through (storage/transaction.ts).
 */
export { afterCommit } from "../storage/transaction.js";
