import type { PairwiseCore } from "../../../../src/app.js";
import type { ManualClock } from "../../../../src/clock.js";
import { closeDatabase, type Db } from "../../../../src/storage/database.js";
import { statement } from "../../../../src/storage/statement.js";
import { createTestCore } from "../../../helpers/core.js";
import { createPostgresTestCore } from "../../../helpers/postgres-core.js";
import { TEST_POSTGRES_URL } from "../../../helpers/postgres.js";

/*
 * The pipeline's PostgreSQL tests run the same steps on an SQLite core and a PostgreSQL core
 * (PGlite in `npm test`, the server CI starts when PAIRWISE_TEST_POSTGRES_URL is set) and expect
 * the same results, read through SQL both databases run.
 */

/** A core on either database, as the tests use it. */
export interface AnyCore extends PairwiseCore {
  clock: ManualClock;
  services: PairwiseCore["services"] & { db: Db };
  close(): Promise<void>;
}

export const POSTGRES = TEST_POSTGRES_URL ? "PostgreSQL (server)" : "PostgreSQL (PGlite)";

/** The two databases, by name, for `describe.each`. */
export const DIALECTS: [string, () => Promise<AnyCore>][] = [
  [
    "SQLite",
    async () => {
      const core = createTestCore();
      return { ...core, close: async () => closeDatabase(core.services.db) };
    },
  ],
  [POSTGRES, () => createPostgresTestCore()],
];

/** Rows of a query on the core's database (SQL both databases run). */
export function rows<Row>(core: { services: { db: Db } }, sql: string, ...params: unknown[]): Promise<Row[]> {
  return statement<unknown[], Row>(core.services.db, sql).all(...params);
}

/** A count (`SELECT count(*) AS n …`). */
export async function count(core: { services: { db: Db } }, sql: string, ...params: unknown[]): Promise<number> {
  return (await rows<{ n: number }>(core, sql, ...params))[0]!.n;
}

/** Cores made by a test file, closed after each test. */
export function coreKeeper(): { make(factory: () => Promise<AnyCore>): Promise<AnyCore>; closeAll(): Promise<void> } {
  let open: AnyCore[] = [];
  return {
    async make(factory) {
      const core = await factory();
      open.push(core);
      return core;
    },
    async closeAll() {
      for (const core of open) await core.close();
      open = [];
    },
  };
}
