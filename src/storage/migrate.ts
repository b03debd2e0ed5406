import type Database from "better-sqlite3";
import { readMigrationFiles } from "drizzle-orm/migrator";

/** drizzle's bookkeeping table: the same rows its own migrator writes, so both agree on a database. */
const JOURNAL = "__drizzle_migrations";

/** How long a process opening the database waits for another one that is migrating it. */
export const MIGRATION_WAIT_MS = 60_000;

function lastApplied(sqlite: Database.Database): number | undefined {
  const table = sqlite.prepare<[string], { 1: number }>("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(JOURNAL);
  if (!table) return undefined;
  const row = sqlite.prepare<[], { created_at: number | string }>(`SELECT created_at FROM "${JOURNAL}" ORDER BY created_at DESC LIMIT 1`).get();
  return row ? Number(row.created_at) : undefined;
}

/**
 * Applies the migrations drizzle-kit generated, serialized across processes: the check of what is
 * applied and the applying happen in one write transaction (BEGIN IMMEDIATE), so a second process
 * opening a fresh database at the same moment waits for the first, then finds nothing left to do.
 * (drizzle's own migrator reads what is applied before its transaction starts, so two processes
 * both ran the first migration and one failed with "table already exists".) A database already up
 * to date is checked without taking the write lock.
 */
export function migrateSerialized(sqlite: Database.Database, migrationsFolder: string): void {
  const migrations = readMigrationFiles({ migrationsFolder });
  const latest = Math.max(...migrations.map((m) => m.folderMillis));
  if ((lastApplied(sqlite) ?? -1) >= latest) return;
  const busyTimeout = sqlite.pragma("busy_timeout", { simple: true }) as number;
  sqlite.pragma(`busy_timeout = ${MIGRATION_WAIT_MS}`);
  try {
    sqlite.exec("BEGIN IMMEDIATE");
    try {
      sqlite.exec(`CREATE TABLE IF NOT EXISTS "${JOURNAL}" (id SERIAL PRIMARY KEY, hash text NOT NULL, created_at numeric)`);
      const applied = lastApplied(sqlite);
      const record = sqlite.prepare<[hash: string, createdAt: number]>(`INSERT INTO "${JOURNAL}" ("hash", "created_at") VALUES (?, ?)`);
      for (const migration of migrations) {
        if (applied !== undefined && applied >= migration.folderMillis) continue;
        for (const statement of migration.sql) if (statement.trim()) sqlite.exec(statement);
        record.run(migration.hash, migration.folderMillis);
      }
      sqlite.exec("COMMIT");
    } catch (error) {
      if (sqlite.inTransaction) sqlite.exec("ROLLBACK");
      throw error;
    }
  } finally {
    sqlite.pragma(`busy_timeout = ${busyTimeout}`);
  }
}
