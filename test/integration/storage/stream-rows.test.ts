import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { closeDatabase, openDatabase, type SqliteDb } from "../../../src/storage/database.js";
import { streamRows } from "../../../src/storage/stream-rows.js";
import { inTransaction, onConnection } from "../../../src/storage/transaction.js";

let dir: string | undefined;
let db: SqliteDb | undefined;
afterEach(() => {
  if (db) closeDatabase(db);
  db = undefined;
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

function fileDatabase(): SqliteDb {
  dir = mkdtempSync(join(tmpdir(), "pairwise-stream-"));
  db = openDatabase(join(dir, "p.db"));
  db.$client.exec("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT NOT NULL)");
  const insert = db.$client.prepare("INSERT INTO t (v) VALUES (?)");
  for (let i = 0; i < 100; i++) insert.run(`row ${i}`);
  return db;
}

describe("streaming a long read", () => {
  it("lets the bot write while the stream is open (an export during votes), and reads one snapshot", async () => {
    const db = fileDatabase();
    const seen: string[] = [];
    for await (const row of streamRows<{ v: string }>(db, "SELECT v FROM t WHERE id > ? ORDER BY id", 0)) {
      seen.push(row.v);
      // A vote arrives while the export waits for its file to drain.
      if (seen.length === 10) await inTransaction(db, async () => onConnection(db, () => db.$client.prepare("INSERT INTO t (v) VALUES ('late')").run()));
    }
    expect(seen).toHaveLength(100);
    expect(seen).not.toContain("late");
    expect(db.$client.prepare("SELECT count(*) AS n FROM t").get()).toEqual({ n: 101 });
  });

  it("on an in-memory database (tests, the playground) reads at once, so writes during the stream work there too", async () => {
    const memory = openDatabase(":memory:");
    db = memory;
    memory.$client.exec("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT NOT NULL); INSERT INTO t (v) VALUES ('a'), ('b')");
    const seen: string[] = [];
    for await (const row of streamRows<{ v: string }>(memory, "SELECT v FROM t WHERE id > ? ORDER BY id", 0)) {
      seen.push(row.v);
      await onConnection(memory, () => memory.$client.prepare("INSERT INTO t (v) VALUES ('late')").run());
    }
    expect(seen).toEqual(["a", "b"]);
  });
});
