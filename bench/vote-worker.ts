import { once } from "node:events";
import { silentLogger } from "../src/logger.js";
import { BOT_BUSY_TIMEOUT_MS } from "../src/storage/busy.js";
import { startCheckpointer } from "../src/storage/checkpointer.js";
import { openStore } from "../src/storage/open-store.js";
import { concurrentPairs } from "./vote-loop.js";

/**
 * One voting process of bench/postgres.ts, as one bot replica: opens the database (a PostgreSQL
 * URL or an SQLite file, as the bot does), says `ready`, waits for a line on stdin so every process
 * of a run starts together, runs its annotators' next + vote pairs, and prints what it did as JSON.
 *
 * Arguments: <postgres://… | sqlite file> <annotators> <pairs each> <name prefix>
 */
async function main(): Promise<void> {
  const [target = "", loops = "32", pairsPerLoop = "50", prefix = "W"] = process.argv.slice(2);
  const postgres = target.startsWith("postgres");
  const store = await openStore(postgres ? { url: target, path: "" } : { path: target, busyTimeoutMs: BOT_BUSY_TIMEOUT_MS });
  // As the bot runs SQLite: WAL checkpoints on a thread of their own.
  const checkpointer = store.sqlite ? startCheckpointer(store.sqlite, target, silentLogger()) : undefined;
  process.stdout.write("ready\n");
  await once(process.stdin, "data");
  const startedAt = Date.now();
  const result = await concurrentPairs(store.db, { loops: Number(loops), pairsPerLoop: Number(pairsPerLoop), prefix });
  const endedAt = Date.now();
  await checkpointer?.stop();
  await store.close();
  process.stdout.write(`${JSON.stringify({ ...result, startedAt, endedAt })}\n`);
}

await main();
