import { randomBytes } from "node:crypto";
import type { PGlite } from "@electric-sql/pglite";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import pg from "pg";
import { closePostgres, openPostgres } from "../../src/storage/postgres/database.js";
import { closePglite, openPglite } from "../../src/storage/postgres/pglite.js";
import type * as schema from "../../src/storage/schema-pg/index.js";

/** A PostgreSQL database of a test's own, migrated, and how to get rid of it. */
export interface TestPostgres {
  db: PgDatabase<PgQueryResultHKT, typeof schema>;
  /** The driver's client: node-postgres's pool on a real server, the PGlite instance otherwise. */
  client: pg.Pool | PGlite;
  /** The database's URL on a real server (for a command or a second process); undefined on PGlite. */
  url: string | undefined;
  /** Which PostgreSQL this is, for test names and messages. */
  kind: "server" | "pglite";
  /** Closes the connections and, on a real server, drops the database. */
  close(): Promise<void>;
}

/** The server CI starts (.ci/run), if any: `postgres://user:password@127.0.0.1:port/db`. */
export const TEST_POSTGRES_URL = process.env.PAIRWISE_TEST_POSTGRES_URL || undefined;

/**
 * A fresh, migrated PostgreSQL database for a test (or a test file: call it in beforeAll and close
 * it in afterAll).
 *
 * - With PAIRWISE_TEST_POSTGRES_URL set (CI: .ci/run starts Debian's PostgreSQL on 127.0.0.1 and
 *   sets it), a real server: a database of its own named `pairwise_test_<random hex>`, created
 *   through the URL's database (its role needs CREATEDB) and dropped again by `close` (WITH FORCE,
 *   so a connection a failed test left open does not keep it). Tests in parallel forks never share
 *   one.
 * - Without it (a developer's `npm test`), PGlite: PostgreSQL compiled to WebAssembly, in memory in
 *   this process, gone when closed.
 *
 * Either way the database holds the migrations of migrations-pg and nothing else.
 */
export async function freshPostgres(): Promise<TestPostgres> {
  if (!TEST_POSTGRES_URL) {
    const db = await openPglite();
    return { db, client: db.$client, url: undefined, kind: "pglite", close: () => closePglite(db) };
  }
  const name = `pairwise_test_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: TEST_POSTGRES_URL });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(TEST_POSTGRES_URL);
  url.pathname = `/${name}`;
  const db = await openPostgres(url.toString(), { poolSize: 4 });
  return {
    db,
    client: db.$client,
    url: url.toString(),
    kind: "server",
    async close() {
      await closePostgres(db);
      const cleanup = new pg.Client({ connectionString: TEST_POSTGRES_URL });
      await cleanup.connect();
      try {
        await cleanup.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await cleanup.end();
      }
    },
  };
}
