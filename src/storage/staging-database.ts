import Database from "better-sqlite3";

/**
 * An import's private staging database: one file on disk that the file's rows stream into before
 * anything touches the live database, so a 1 GB file needs little memory and the live database is
 * not locked while the file is read. The live database then attaches it as `staging`
 * (`attachStaging`, storage/database.ts) and publishes from it (import-batches.repo.ts); its rows
 * are written through staged-items.repo.ts.
 *
 * The import service sees only these functions and the repos. On PostgreSQL the staging database
 * stays this SQLite file: the import-batches repo opens it again ({@link openStagingDatabase}) and
 * copies its rows over in chunks (repos/publish-staged-postgres.ts).
 */
export interface StagingDb {
  /** The file, for attaching it to the live database. */
  readonly path: string;
  readonly $client: Database.Database;
}

/** What the staged rows look like; import-batches.repo.ts reads these tables as `staging.items` and `staging.judgments`. */
const STAGING_SCHEMA = `
  CREATE TABLE items (
    line INTEGER PRIMARY KEY, external_id TEXT NOT NULL, generated INTEGER NOT NULL,
    prompt TEXT NOT NULL, response_a TEXT NOT NULL, response_b TEXT NOT NULL, model_a TEXT, model_b TEXT,
    tags TEXT NOT NULL, metadata TEXT NOT NULL, kind TEXT NOT NULL, gold_answer TEXT, gold_explanation TEXT);
  CREATE UNIQUE INDEX items_external ON items(external_id);
  CREATE TABLE judgments (external_id TEXT NOT NULL, annotator TEXT NOT NULL, choice TEXT NOT NULL);
  CREATE INDEX judgments_external ON judgments(external_id);
`;

/**
 * Creates a staging database at `path` (a new file in the import's own staging folder). No journal
 * and no fsync: the file is thrown away whole if anything fails, so crash safety buys nothing.
 */
export function createStagingDatabase(path: string): StagingDb {
  const client = new Database(path);
  try {
    client.pragma("journal_mode = OFF");
    client.pragma("synchronous = OFF");
    client.exec(STAGING_SCHEMA);
  } catch (error) {
    client.close();
    throw error;
  }
  return { path, $client: client };
}

/** Opens a staging database made by {@link createStagingDatabase} again, after it was closed, to publish its rows from. */
export function openStagingDatabase(path: string): StagingDb {
  const client = new Database(path, { fileMustExist: true });
  client.pragma("journal_mode = OFF");
  return { path, $client: client };
}

/** Closes the staging database (before the live database attaches it, and when done); closing twice is harmless. */
export function closeStagingDatabase(staging: StagingDb): void {
  if (staging.$client.open) staging.$client.close();
}

/** Runs `fn` in one transaction on the staging database: rows are written in batches of a few thousand, each one commit. */
export function inStagingTransaction<T>(staging: StagingDb, fn: () => T): T {
  return staging.$client.transaction(fn)();
}
