import { randomBytes } from "node:crypto";
import { createServer } from "node:net";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closePostgres, openPostgres, pingPostgres } from "../../../src/storage/postgres/database.js";

/**
 * Opening a real PostgreSQL through node-postgres. The part that needs a server runs when
 * PAIRWISE_TEST_POSTGRES_URL names one on 127.0.0.1 whose user may create databases (CI starts
 * Debian's postgresql for it): each run works in a database of its own, dropped at the end.
 */
const serverUrl = process.env.PAIRWISE_TEST_POSTGRES_URL;

/** A port on 127.0.0.1 that nothing listens on: one the kernel just handed out and was given back. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === "string") throw new Error("no TCP address");
  return address.port;
}

describe("openPostgres without a server", () => {
  it("fails with a message naming the server and DATABASE_URL, never the password", async () => {
    const port = await closedPort();
    const error = await openPostgres(`postgres://pairwise:s3cret-pw@127.0.0.1:${port}/pairwise`).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    const message = (error as Error).message;
    expect(message).toContain(`could not connect to PostgreSQL at postgres://pairwise@127.0.0.1:${port}/pairwise`);
    expect(message).toContain("DATABASE_URL");
    expect(message).not.toContain("s3cret-pw");
  });
});

describe.skipIf(!serverUrl)("openPostgres on a real PostgreSQL (PAIRWISE_TEST_POSTGRES_URL)", () => {
  const database = `pairwise_test_${randomBytes(6).toString("hex")}`;
  let url = "";
  const admin = new pg.Client({ connectionString: serverUrl });

  beforeAll(async () => {
    await admin.connect();
    await admin.query(`CREATE DATABASE ${database}`);
    const parsed = new URL(serverUrl ?? "");
    parsed.pathname = `/${database}`;
    url = parsed.toString();
  });
  afterAll(async () => {
    await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    await admin.end();
  });

  it("waits for the migration lock another process holds, then migrates once", async () => {
    const holder = new pg.Client({ connectionString: url });
    await holder.connect();
    // The lock migratePostgres takes (src/storage/postgres/migrate.ts): "PWIS", 1.
    await holder.query("SELECT pg_advisory_lock($1, $2)", [0x50574953, 1]);
    const opening = openPostgres(url, { poolSize: 2 });
    // Wait (on a condition, not a clock) until the opener is queued behind the lock.
    for (;;) {
      const waiting = await holder.query("SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND classid = $1 AND objid = $2 AND NOT granted", [0x50574953, 1]);
      if (waiting.rowCount === 1) break;
      await new Promise((resolve) => setImmediate(resolve));
    }
    const before = await holder.query("SELECT to_regclass('public.campaigns') AS t");
    expect(before.rows[0].t).toBeNull();
    await holder.query("SELECT pg_advisory_unlock($1, $2)", [0x50574953, 1]);
    await holder.end();
    const db = await opening;
    await pingPostgres(db);
    await closePostgres(db);
  });

  it("lets several replicas start at once: all open, the migration is applied once", async () => {
    const dbs = await Promise.all(Array.from({ length: 4 }, () => openPostgres(url, { poolSize: 2 })));
    const first = dbs[0];
    if (!first) throw new Error("no database");
    const rows = await first.$client.query("SELECT count(*) AS n FROM drizzle.__drizzle_migrations");
    expect(rows.rows[0].n).toBe(1); // and a number, as the parsers make bigint
    await Promise.all(dbs.map((db) => closePostgres(db)));
  });
});
