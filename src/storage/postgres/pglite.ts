import { PGlite } from "@electric-sql/pglite";
import { drizzle, type PgliteDatabase } from "drizzle-orm/pglite";
import { migrate } from "drizzle-orm/pglite/migrator";
import * as schema from "../schema-pg/index.js";
import { PG_MIGRATIONS_FOLDER } from "./migrate.js";
import { NUMBER_PARSERS } from "./number-parsers.js";

type PgliteDb = PgliteDatabase<typeof schema> & { $client: PGlite };

/**
 * An in-memory PostgreSQL (PGlite: PostgreSQL compiled to WebAssembly, in this process) with the
 * migrations applied and numbers read as openPostgres reads them: the PostgreSQL dialect in tests
 * without a server. One connection, so no advisory lock is needed. For tests only
 * (@electric-sql/pglite is a dev dependency).
 */
export async function openPglite(): Promise<PgliteDb> {
  const client = new PGlite({ parsers: { ...NUMBER_PARSERS } });
  const db = drizzle({ client, schema });
  await migrate(db, { migrationsFolder: PG_MIGRATIONS_FOLDER });
  return db;
}

export async function closePglite(db: PgliteDb): Promise<void> {
  await db.$client.close();
}
