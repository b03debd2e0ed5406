import { afterEach, describe, expect, it } from "vitest";
import { closeDatabase, openDatabase, type SqliteDb } from "../../../src/storage/database.js";
import { inTransaction, onConnection } from "../../../src/storage/transaction.js";

let open: SqliteDb[] = [];
afterEach(() => {
  for (const db of open) closeDatabase(db);
  open = [];
});

function database(): SqliteDb {
  const db = openDatabase(":memory:");
  db.$client.exec("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT NOT NULL)");
  open.push(db);
  return db;
}

const insert = (db: SqliteDb, v: string) => onConnection(db, () => db.$client.prepare("INSERT INTO t (v) VALUES (?)").run(v));
const rows = (db: SqliteDb) => (db.$client.prepare("SELECT v FROM t ORDER BY id").all() as { v: string }[]).map((r) => r.v);

/** A promise the test resolves when it chooses: holds a transaction open across the event loop. */
function gate(): { opened: Promise<void>; open(): void } {
  let open = () => {};
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

describe("the one SQLite connection, shared by callers that await", () => {
  it("a step from outside waits while a transaction is open, and is not undone when that transaction rolls back", async () => {
    const db = database();
    const held = gate();
    const tx = inTransaction(db, async () => {
      await insert(db, "inside");
      await held.opened;
      throw new Error("refused");
    });
    let ranOutside = false;
    const outside = insert(db, "outside").then(() => (ranOutside = true));
    // Let every queued callback run: the outside step still waits for the transaction.
    await new Promise((resolve) => setImmediate(resolve));
    expect(ranOutside).toBe(false);
    held.open();
    await expect(tx).rejects.toThrow("refused");
    await outside;
    expect(rows(db)).toEqual(["outside"]);
  });

  it("the transaction's own work runs in it however deep it awaits, without waiting for itself", async () => {
    const db = database();
    await expect(
      inTransaction(db, async () => {
        await new Promise((resolve) => setImmediate(resolve));
        await Promise.all([insert(db, "a"), insert(db, "b")]);
        expect(rows(db)).toEqual(["a", "b"]);
        throw new Error("undo");
      }),
    ).rejects.toThrow("undo");
    expect(rows(db)).toEqual([]);
  });

  it("a transaction inside a transaction is a savepoint: its failure undoes only its own writes", async () => {
    const db = database();
    await inTransaction(db, async () => {
      await insert(db, "outer");
      await inTransaction(db, async () => {
        await insert(db, "inner");
        throw new Error("inner refused");
      }).catch(() => undefined);
      await inTransaction(db, async () => insert(db, "second inner"));
    });
    expect(rows(db)).toEqual(["outer", "second inner"]);
  });

  it("transactions take turns in arrival order, and a step that waited runs before the next transaction", async () => {
    const db = database();
    const order: string[] = [];
    const held = gate();
    const first = inTransaction(db, async () => {
      order.push("first begins");
      await held.opened;
      await insert(db, "first");
      order.push("first ends");
    });
    const step = insert(db, "step").then(() => order.push("step"));
    const second = inTransaction(db, async () => {
      order.push("second begins");
      await insert(db, "second");
      order.push("second ends");
    });
    await new Promise((resolve) => setImmediate(resolve));
    held.open();
    await Promise.all([first, step, second]);
    expect(order).toEqual(["first begins", "first ends", "step", "second begins", "second ends"]);
    expect(rows(db)).toEqual(["first", "step", "second"]);
  });

  it("a step that throws rejects its own promise and leaves the connection free", async () => {
    const db = database();
    await expect(onConnection(db, () => db.$client.prepare("INSERT INTO missing (v) VALUES (1)").run())).rejects.toThrow(/no such table/);
    await inTransaction(db, async () => insert(db, "after"));
    expect(rows(db)).toEqual(["after"]);
  });
});
