import { Worker } from "node:worker_threads";
import type { Logger } from "../logger.js";
import type { SqliteDb } from "./database.js";

/** How often the checkpointer looks at the WAL when it is caught up. */
const CHECKPOINT_INTERVAL_MS = 10;
/** SQLite's own default, restored when the checkpointer is stopped or fails. */
const AUTO_CHECKPOINT_PAGES = 1000;

export interface Checkpointer {
  /** Stops the thread and closes its connection; the bot's connection checkpoints inline again. */
  stop(): Promise<void>;
}

/**
 * Moves WAL checkpoints off the vote path. By default the commit that pushes the WAL past 1,000
 * pages copies them into the database file and fsyncs it, inside somebody's vote: 2-10 ms, the
 * whole p99 of a vote. Here a worker thread with its own connection runs PASSIVE checkpoints as
 * the WAL fills, on the other core, while the bot's connection never checkpoints. Durability is
 * unchanged: a commit is durable once its WAL frames are fsynced, whoever copies them later.
 *
 * If the thread fails, the bot's connection goes back to checkpointing inline, and says so.
 */
export function startCheckpointer(db: SqliteDb, path: string, logger: Logger): Checkpointer {
  const client = db.$client;
  client.pragma("wal_autocheckpoint = 0");
  const inline = () => {
    if (client.open) client.pragma(`wal_autocheckpoint = ${AUTO_CHECKPOINT_PAGES}`);
  };
  const worker = new Worker(new URL("./checkpoint-worker.mjs", import.meta.url), { workerData: { path, intervalMs: CHECKPOINT_INTERVAL_MS } });
  // The bot's servers keep the process alive, not this thread.
  worker.unref();
  worker.on("message", (message: { error?: string }) => {
    if (message.error) logger.warn({ error: message.error }, "background checkpoint failed; retrying");
  });
  worker.on("error", (error) => {
    logger.error({ err: error }, "background checkpointer stopped; checkpointing inline");
    inline();
  });
  const exited = new Promise<void>((resolve) => worker.once("exit", () => resolve()));
  return {
    async stop() {
      // Held open again until it has closed its connection, or the process could exit first.
      worker.ref();
      worker.postMessage("stop");
      await exited;
      inline();
    },
  };
}
