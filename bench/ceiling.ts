import { rmSync } from "node:fs";
import { join } from "node:path";
import Database from "better-sqlite3";
import { applyPragmas } from "../src/storage/database.js";
import { nowMs } from "./stats-util.js";

/**
 * The ceiling: raw better-sqlite3 single-row inserts, each its own committed transaction, with
 * the bot's own pragmas (WAL, synchronous=FULL). Nothing the bot does per vote can beat this.
 */
export function measureInsertCeiling(dir: string, rows = 5000): { perSecond: number; usEach: number } {
  const path = join(dir, "ceiling.db");
  rmSync(path, { force: true });
  const db = new Database(path);
  applyPragmas(db, { memory: false });
  db.exec("CREATE TABLE t (id INTEGER PRIMARY KEY, campaign_id INTEGER, choice TEXT, created_at INTEGER)");
  const insert = db.prepare("INSERT INTO t (campaign_id, choice, created_at) VALUES (?, ?, ?)");
  for (let i = 0; i < 200; i++) insert.run(1, "a", Date.now()); // warm up
  const start = nowMs();
  for (let i = 0; i < rows; i++) insert.run(1, i % 2 ? "a" : "b", Date.now());
  const elapsed = nowMs() - start;
  db.close();
  return { perSecond: (rows / elapsed) * 1000, usEach: (elapsed / rows) * 1000 };
}
