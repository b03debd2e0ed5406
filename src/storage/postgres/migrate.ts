import { join } from "node:path";
import { drizzle } from "drizzle-orm/node-postgres";
import { migrate } from "drizzle-orm/node-postgres/migrator";
import type { Pool } from "pg";
import { PACKAGE_ROOT } from "../../paths.js";
import { ADVISORY_LOCK_NAMESPACE, ADVISORY_LOCKS } from "./advisory-locks.js";

/** The migrations drizzle-kit generated from schema-pg (drizzle.pg.config.ts), shipped with the code. */
export const PG_MIGRATIONS_FOLDER = join(PACKAGE_ROOT, "migrations-pg");

/** The advisory lock the migrations run under (advisory-locks.ts lists them all). */
const LOCK_NAMESPACE = ADVISORY_LOCK_NAMESPACE;
const MIGRATIONS_LOCK = ADVISORY_LOCKS.migrations;

/**
 * Applies the pending PostgreSQL migrations once, however many processes start at the same
 * moment: each takes a session advisory lock on one pooled connection first, so the second
 * replica waits until the first has finished, then finds nothing left to do. drizzle's migrator
 * creates its bookkeeping table (`drizzle.__drizzle_migrations`) with IF NOT EXISTS outside its
 * transaction, which two processes racing would both attempt: the lock is what makes it safe.
 */
export async function migratePostgres(pool: Pool): Promise<void> {
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    await client.query("SELECT pg_advisory_lock($1, $2)", [LOCK_NAMESPACE, MIGRATIONS_LOCK]);
    try {
      await migrate(drizzle({ client }), { migrationsFolder: PG_MIGRATIONS_FOLDER });
    } finally {
      await client.query("SELECT pg_advisory_unlock($1, $2)", [LOCK_NAMESPACE, MIGRATIONS_LOCK]);
    }
  } catch (error) {
    // A connection in an unknown state is closed rather than pooled: closing also drops the lock.
    broken = error instanceof Error ? error : new Error(String(error));
    throw error;
  } finally {
    client.release(broken);
  }
}
