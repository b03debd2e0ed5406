// The background checkpointer's thread (see checkpointer.ts). Plain JavaScript: a worker thread
// does not inherit the TypeScript loader the bot runs under.
import { parentPort, workerData } from "node:worker_threads";
import Database from "better-sqlite3";

const db = new Database(workerData.path, { fileMustExist: true });
db.pragma("busy_timeout = 5000");
db.pragma("synchronous = FULL");
db.pragma("wal_autocheckpoint = 0");

let timer;
function tick() {
  let behind = false;
  try {
    // PASSIVE: copies what it can without waiting for, or blocking, the bot's writes and reads.
    const [{ log, checkpointed }] = db.pragma("wal_checkpoint(PASSIVE)");
    behind = log > checkpointed;
  } catch (error) {
    parentPort.postMessage({ error: String(error) });
  }
  timer = setTimeout(tick, behind ? 1 : workerData.intervalMs);
}

parentPort.on("message", (message) => {
  if (message !== "stop") return;
  clearTimeout(timer);
  db.close();
  parentPort.close();
});
tick();
