import type { PGlite } from "@electric-sql/pglite";
import type pg from "pg";
import { createCore, type PairwiseCore } from "../../src/app.js";
import { ManualClock } from "../../src/clock.js";
import { silentLogger } from "../../src/logger.js";
import { seededRandom } from "../../src/random.js";
import { postgresDb } from "../../src/storage/postgres/database.js";
import type { PostgresDb } from "../../src/storage/postgres/handle.js";
import { pgliteDb } from "../../src/storage/postgres/pglite.js";
import { freshPostgres, type TestPostgres } from "./postgres.js";

/** A core on a fresh PostgreSQL database (a real server with PAIRWISE_TEST_POSTGRES_URL, else PGlite), as createTestCore makes one on SQLite. */
export interface PostgresTestCore extends PairwiseCore {
  clock: ManualClock;
  services: PairwiseCore["services"] & { db: PostgresDb };
  postgres: TestPostgres;
  /** Closes the connections and drops the database. */
  close(): Promise<void>;
}

/** The repos' view of a test database: node-postgres's pool on a server, the PGlite instance otherwise. */
function repoDbOf(postgres: TestPostgres): PostgresDb {
  return postgres.kind === "pglite" ? pgliteDb(postgres.client as PGlite) : postgresDb(postgres.client as pg.Pool);
}

/** Mirrors createTestCore (test/helpers/core.ts): the real migrations, a manual clock and seeded randomness, on PostgreSQL. */
export async function createPostgresTestCore(options: { seed?: number; start?: string } = {}): Promise<PostgresTestCore> {
  const postgres = await freshPostgres();
  const db = repoDbOf(postgres);
  const clock = new ManualClock(options.start ?? "2026-01-05T09:00:00Z");
  const core = createCore({ db, clock, logger: silentLogger(), random: seededRandom(options.seed ?? 42), leads: [], timezone: "UTC" });
  return { ...core, services: { ...core.services, db }, clock, postgres, close: () => postgres.close() };
}
