import { rmSync } from "node:fs";
import { join } from "node:path";
import Database from "better-sqlite3";
import { applyPragmas } from "../src/storage/database.js";
import { nowMs } from "./stats-util.js";

/**
 * The ceiling: raw better-sqlite3 single-row inserts, each its own committed transaction, with
 * the bot's own pragmas (WAL, synchronous=FULL). Nothing the bot does per vote can beat this.
 * Measured in blocks between the blocks of the measured work, so both see the same machine load.
 */
export class InsertCeiling {
  private readonly db: Database.Database;
  private readonly insert: Database.Statement;
  private rows = 0;
  private elapsedMs = 0;

  constructor(dir: string) {
    const path = join(dir, "ceiling.db");
    for (const suffix of ["", "-wal", "-shm"]) rmSync(path + suffix, { force: true });
    this.db = new Database(path);
    applyPragmas(this.db, { memory: false });
    this.db.exec("CREATE TABLE t (id INTEGER PRIMARY KEY, campaign_id INTEGER, choice TEXT, created_at INTEGER)");
    this.insert = this.db.prepare("INSERT INTO t (campaign_id, choice, created_at) VALUES (?, ?, ?)");
    for (let i = 0; i < 200; i++) this.insert.run(1, "a", Date.now()); // warm up
  }

  /** Runs one block of `rows` single-row inserts and adds it to the tally. */
  block(rows: number): void {
    const start = nowMs();
    for (let i = 0; i < rows; i++) this.insert.run(1, i % 2 ? "a" : "b", Date.now());
    this.elapsedMs += nowMs() - start;
    this.rows += rows;
  }

  result(): { perSecond: number; usEach: number } {
    return { perSecond: (this.rows / this.elapsedMs) * 1000, usEach: (this.elapsedMs / this.rows) * 1000 };
  }

  close(): void {
    this.db.close();
  }
}
