import Database from "better-sqlite3";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { GroupCommit, MAX_GROUP } from "../../../src/storage/group-commit.js";
import { BOT_BUSY_TIMEOUT_MS } from "../../../src/storage/busy.js";
import { openDatabase, type SqliteDb } from "../../../src/storage/database.js";
import { waitFor } from "../../helpers/wait-for.js";

let dir: string | undefined;
let open: { close(): void }[] = [];
afterEach(() => {
  for (const c of open) c.close();
  open = [];
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

/** The bot's connection and a second one that sees only what is committed. */
function twoConnections(): { db: SqliteDb; other: Database.Database } {
  dir = mkdtempSync(join(tmpdir(), "pairwise-group-"));
  const path = join(dir, "p.db");
  const db = openDatabase(path, { busyTimeoutMs: BOT_BUSY_TIMEOUT_MS });
  db.$client.exec("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT NOT NULL)");
  const other = new Database(path);
  open.push(db.$client, other);
  return { db, other };
}

const insert = (db: SqliteDb, v: string) => async () => db.$client.prepare("INSERT INTO t (v) VALUES (?)").run(v).lastInsertRowid;
const committed = (other: Database.Database) => (other.prepare("SELECT v FROM t ORDER BY id").all() as { v: string }[]).map((r) => r.v);

describe("GroupCommit", () => {
  it("work that arrives together shares one commit, and each promise settles only after it", async () => {
    const { db, other } = twoConnections();
    const group = new GroupCommit(db);
    const seenByOthers: string[][] = [];
    const a = group.run(insert(db, "a"));
    const b = group.run(insert(db, "b"));
    // While the group runs, another connection sees none of it: it is one transaction.
    const c = group.run(async () => {
      seenByOthers.push(committed(other));
      return await insert(db, "c")();
    });
    const settled = await Promise.all([a, b, c].map((p) => p.then(() => committed(other))));
    expect(seenByOthers).toEqual([[]]);
    for (const rows of settled) expect(rows).toEqual(["a", "b", "c"]);
  });

  it("a piece that throws is undone alone; the others commit", async () => {
    const { db, other } = twoConnections();
    const group = new GroupCommit(db);
    const results = await Promise.allSettled([
      group.run(insert(db, "a")),
      group.run(async () => {
        await insert(db, "b")();
        throw new Error("refused");
      }),
      group.run(insert(db, "c")),
    ]);
    expect(results.map((r) => r.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
    expect((results[1] as PromiseRejectedResult).reason).toEqual(new Error("refused"));
    expect(committed(other)).toEqual(["a", "c"]);
  });

  it("a commit that fails rejects every piece of its group and saves nothing", async () => {
    const { db, other } = twoConnections();
    db.$client.exec("CREATE TABLE child (id INTEGER PRIMARY KEY, parent INTEGER NOT NULL REFERENCES t (id))");
    const group = new GroupCommit(db);
    const results = await Promise.allSettled([
      group.run(insert(db, "a")),
      // A deferred foreign key is checked at COMMIT: the whole group's commit fails.
      group.run(async () => {
        db.$client.pragma("defer_foreign_keys = ON");
        db.$client.prepare("INSERT INTO child (parent) VALUES (999)").run();
      }),
    ]);
    expect(results.map((r) => r.status)).toEqual(["rejected", "rejected"]);
    expect(committed(other)).toEqual([]);
  });

  it(`more than ${MAX_GROUP} pieces at once are carried by several commits, in order`, async () => {
    const { db, other } = twoConnections();
    const group = new GroupCommit(db);
    const n = MAX_GROUP * 2 + 5;
    const ids = await Promise.all(Array.from({ length: n }, (_, i) => group.run(insert(db, String(i)))));
    expect(ids).toEqual(Array.from({ length: n }, (_, i) => i + 1));
    expect(committed(other)).toHaveLength(n);
  });

  it("waits off the event loop while another connection holds the write lock, then commits", async () => {
    const { db, other } = twoConnections();
    const group = new GroupCommit(db);
    other.prepare("BEGIN IMMEDIATE").run();
    let settled = false;
    const saved = group.run(insert(db, "a")).finally(() => (settled = true));
    // The loop keeps turning while the piece waits: timers fire, nothing settles.
    let ticks = 0;
    await waitFor(() => ++ticks >= 20, "the event loop to turn while the lock is held");
    expect(settled).toBe(false);
    other.prepare("COMMIT").run();
    await saved;
    expect(committed(other)).toEqual(["a"]);
  });

  it("a piece still waiting at its deadline is told it was not saved, and is not saved later", async () => {
    const { db, other } = twoConnections();
    const group = new GroupCommit(db);
    other.prepare("BEGIN IMMEDIATE").run();
    const result = await group.run(insert(db, "late"), Date.now() + 200).then(
      () => "saved",
      (error: { code?: string; message: string }) => `${error.code}: ${error.message}`,
    );
    other.prepare("COMMIT").run();
    expect(result).toMatch(/^BUSY: .*not saved.*try again/);
    await group.run(insert(db, "next"));
    expect(committed(other)).toEqual(["next"]);
  });

  it("when a full disk rolls the whole transaction back mid-group, each piece is told what became of it", async () => {
    const { db, other } = twoConnections();
    const group = new GroupCommit(db);
    // Disk full, simulated: the file may not grow past the pages it has, plus one.
    db.$client.pragma(`max_page_count = ${(db.$client.pragma("page_count", { simple: true }) as number) + 1}`);
    const pieces = ["before", "x".repeat(200_000), "after-1", "after-2"];
    const results = await Promise.allSettled(pieces.map((v) => group.run(insert(db, v))));
    const stored = new Set(committed(other));
    results.forEach((result, i) => {
      const value = pieces[i]!;
      // Told saved exactly when it is stored; told not saved exactly when it is not.
      expect(result.status === "fulfilled", `${value.slice(0, 10)}: ${result.status}`).toBe(stored.has(value));
    });
    expect(results[1]!.status).toBe("rejected");
    expect(((results[1] as PromiseRejectedResult).reason as { code: string }).code).toBe("SQLITE_FULL");
    // The rollback took "before" with it; the pieces that had not run yet ran in a group of their own.
    expect(results.map((r) => r.status)).toEqual(["rejected", "rejected", "fulfilled", "fulfilled"]);
  });
});
