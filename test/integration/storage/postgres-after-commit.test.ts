import type { PGlite } from "@electric-sql/pglite";
import type pg from "pg";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { BackgroundWork } from "../../../src/core/background-work.js";
import { afterReply, type DispatchDeps } from "../../../src/core/dispatch-context.js";
import { silentLogger } from "../../../src/logger.js";
import type { Db } from "../../../src/storage/database.js";
import { postgresDb } from "../../../src/storage/postgres/database.js";
import { pgliteDb } from "../../../src/storage/postgres/pglite.js";
import { statement } from "../../../src/storage/statement.js";
import { inTransaction } from "../../../src/storage/transaction.js";
import { freshPostgres, TEST_POSTGRES_URL, type TestPostgres } from "../../helpers/postgres.js";

/*
 * Work a handler starts after its reply while it runs inside a transaction (the vote paths run in
 * a shared commit) must start after that commit, outside it: a bake-off round started during the
 * COMMIT read the state from before the vote on another pooled connection and posted no new pair.
 */

const where = TEST_POSTGRES_URL ? "a PostgreSQL server" : "PGlite";
let postgres: TestPostgres;
let db: Db;
beforeEach(async () => {
  postgres = await freshPostgres();
  db = postgres.kind === "pglite" ? pgliteDb(postgres.client as PGlite) : postgresDb(postgres.client as pg.Pool);
  await statement(db, "CREATE TABLE after_commit_probe (x integer)").run();
});
afterEach(async () => {
  await postgres.close();
});

describe(`work after the reply on ${where}`, () => {
  it("starts once the handler's transaction has committed, and sees what it wrote", async () => {
    const deps = { background: new BackgroundWork(), logger: silentLogger() } as unknown as DispatchDeps;
    let committed = false;
    let seen: { committed: boolean; rows: number } | undefined;
    await inTransaction(db, async () => {
      await statement(db, "INSERT INTO after_commit_probe (x) VALUES (1)").run();
      afterReply(deps, "probe", async () => {
        const rows = (await statement<[], { n: number }>(db, "SELECT CAST(count(*) AS integer) AS n FROM after_commit_probe").get())!.n;
        seen = { committed, rows };
      });
      // More work after the reply was planned: round trips to the server, turns of the event loop.
      for (let i = 0; i < 3; i++) await statement(db, "SELECT 1").get();
    });
    committed = true;
    await deps.background.idle();
    expect(seen).toEqual({ committed: true, rows: 1 });
  });

  it("does not start when the transaction rolls back", async () => {
    const deps = { background: new BackgroundWork(), logger: silentLogger() } as unknown as DispatchDeps;
    let ran = false;
    await expect(
      inTransaction(db, async () => {
        afterReply(deps, "probe", async () => {
          ran = true;
        });
        await statement(db, "SELECT 1").get();
        throw new Error("undone");
      }),
    ).rejects.toThrow("undone");
    await deps.background.idle();
    expect(ran).toBe(false);
  });
});
