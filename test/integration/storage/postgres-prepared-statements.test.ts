import type pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { postgresDb } from "../../../src/storage/postgres/database.js";
import type { PostgresDb } from "../../../src/storage/postgres/handle.js";
import { statement } from "../../../src/storage/statement.js";
import { inTransaction } from "../../../src/storage/transaction.js";
import { freshPostgres, TEST_POSTGRES_URL, type TestPostgres } from "../../helpers/postgres.js";

/*
 * On a real server, storage/statement.ts runs each text as a named prepared statement, prepared
 * once per pooled connection. A table whose columns change while those are prepared (a replica of
 * a newer version migrating while this one runs) makes the server refuse them ("cached plan must
 * not change result type"): the statement must still answer, with the new columns, inside and
 * outside a transaction. PGlite has no named statements: the test needs a server.
 */
describe.skipIf(!TEST_POSTGRES_URL)("named prepared statements on a real PostgreSQL", () => {
  let pgTest: TestPostgres;
  let db: PostgresDb;
  beforeAll(async () => {
    pgTest = await freshPostgres();
    db = postgresDb(pgTest.client as pg.Pool);
    await statement(db, "CREATE TABLE prepared_probe (id INTEGER PRIMARY KEY)").run();
    await statement(db, "INSERT INTO prepared_probe (id) VALUES (1)").run();
  });
  afterAll(async () => {
    await pgTest.close();
  });

  it("answers with the table's new columns after it changed under statements prepared on every pooled connection", async () => {
    const read = () => statement<[], Record<string, unknown>>(db, "SELECT * FROM prepared_probe ORDER BY id");
    // Prepare it on every connection of the pool (4 in tests): as many at once, outside and inside transactions.
    await Promise.all(Array.from({ length: 8 }, () => read().all()));
    await Promise.all(Array.from({ length: 4 }, () => inTransaction(db, () => read().all())));

    await statement(db, "ALTER TABLE prepared_probe ADD COLUMN label TEXT NOT NULL DEFAULT 'x'").run();

    for (let i = 0; i < 6; i++) expect(await read().all()).toEqual([{ id: 1, label: "x" }]);
    const inside = await Promise.all(Array.from({ length: 6 }, () => inTransaction(db, () => read().all())));
    for (const rows of inside) expect(rows).toEqual([{ id: 1, label: "x" }]);
  });
});
