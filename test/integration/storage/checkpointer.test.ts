import Database from "better-sqlite3";
import { copyFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { silentLogger } from "../../../src/logger.js";
import { startCheckpointer } from "../../../src/storage/checkpointer.js";
import { openDatabase } from "../../../src/storage/database.js";
import { waitFor } from "../../helpers/wait-for.js";

let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

/** Rows of `t` in the database file alone, without its WAL: what has been checkpointed. */
function checkpointedRows(path: string): number {
  const copy = `${path}.copy`;
  copyFileSync(path, copy);
  const db = new Database(copy, { readonly: true });
  try {
    const hasTable = db.prepare("SELECT 1 FROM sqlite_master WHERE name = 't'").get();
    return hasTable ? (db.prepare("SELECT count(*) AS n FROM t").get() as { n: number }).n : 0;
  } finally {
    db.close();
    rmSync(copy);
  }
}

describe("background checkpointer", () => {
  it("folds the WAL into the database file from its own thread; the bot's connection never checkpoints", async () => {
    dir = mkdtempSync(join(tmpdir(), "pairwise-ckpt-"));
    const path = join(dir, "p.db");
    const db = openDatabase(path);
    const checkpointer = startCheckpointer(db, path, silentLogger());
    expect(db.$client.pragma("wal_autocheckpoint", { simple: true })).toBe(0);
    db.$client.exec("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)");
    const insert = db.$client.prepare("INSERT INTO t (v) VALUES (?)");
    for (let i = 0; i < 200; i++) insert.run(`row ${i}`);
    await waitFor(() => checkpointedRows(path) === 200, "the checkpointer to copy the rows into the database file", 5000);
    await checkpointer.stop();
    // Stopped: the bot's connection checkpoints inline again, as SQLite does by default.
    expect(db.$client.pragma("wal_autocheckpoint", { simple: true })).toBe(1000);
    db.$client.close();
  });
});
