import { createHash } from "node:crypto";
import { existsSync, realpathSync } from "node:fs";
import Database from "better-sqlite3";
import { PairwiseError } from "../../errors.js";
import { sqliteOnly, type Db } from "../database.js";
import { pseudonymSalt } from "../repos/meta.repo.js";
import type { CopyTable } from "./tables.js";
import { canonical } from "./values.js";

/** Which SQLite database a copy comes from: its path, and a fingerprint that tells it from any other. */
export interface SourceIdentity {
  path: string;
  fingerprint: string;
}

const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;

/**
 * Checks that `path` is a Pairwise SQLite database, read-only, so that a wrong path is neither
 * created nor changed. (It is then opened as every command opens it, which brings an older
 * database's schema up to date.)
 */
export function checkCopySource(path: string): void {
  const fix = "Pass the database to copy with --from <path>, or set DATABASE_PATH.";
  if (!existsSync(path)) throw new PairwiseError("NOT_FOUND", `There is no database at ${path}. ${fix}`);
  let probe: Database.Database | undefined;
  try {
    probe = new Database(path, { readonly: true, fileMustExist: true });
    const has = probe.prepare<[string], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' AND name = ?");
    if (!has.get("__drizzle_migrations") || !has.get("campaigns"))
      throw new PairwiseError("VALIDATION", `${path} is an SQLite database but not a Pairwise one (it has no campaigns or migrations table). ${fix}`);
  } catch (error) {
    if (error instanceof PairwiseError) throw error;
    throw new PairwiseError("VALIDATION", `${path} is not an SQLite database (${(error as Error).message}). ${fix}`);
  } finally {
    probe?.close();
  }
}

/**
 * The source's identity. The fingerprint is a hash of the database's pseudonymization salt, a
 * random secret made once per database (and made now if it never was: the copy carries it over, so
 * pseudonyms stay the same on PostgreSQL). A copy of the file elsewhere has the same fingerprint,
 * a fresh database at the same path a different one.
 */
export async function sourceIdentity(db: Db, path: string): Promise<SourceIdentity> {
  const salt = await pseudonymSalt(db);
  return { path: realpathSync(path), fingerprint: createHash("sha256").update(`pairwise db copy source:${salt}`).digest("hex") };
}

/**
 * Holds one read transaction over the whole copy, so every table is read from the same snapshot
 * (WAL mode: the bot may keep writing meanwhile, but the copy should be made with it stopped).
 */
export function beginSnapshot(db: Db): () => void {
  sourceClient(db).exec("BEGIN");
  // A deferred transaction takes its snapshot at the first read.
  sourceClient(db).prepare("SELECT count(*) FROM sqlite_master").get();
  return () => {
    if (sourceClient(db).inTransaction) sourceClient(db).exec("COMMIT");
  };
}

/**
 * The largest id SQLite ever gave out per table (AUTOINCREMENT's sqlite_sequence), which is past
 * max(id) when the newest rows were deleted: PostgreSQL's identities start after it, so no id is
 * ever given twice, as SQLite promised.
 */
export function highestIds(db: Db): Map<string, number> {
  const rows = sourceClient(db).prepare<[], { name: string; seq: number }>("SELECT name, seq FROM sqlite_sequence").all();
  return new Map(rows.map((r) => [r.name, Number(r.seq)]));
}

export function countRows(db: Db, table: CopyTable): number {
  return Number(
    sourceClient(db)
      .prepare(`SELECT count(*) AS n FROM ${quote(table.name)}`)
      .pluck()
      .get(),
  );
}

/** Up to `limit` rows after `after` (a key, in the key's column order), in key order, integers as bigint. */
export function readBatch(db: Db, table: CopyTable, after: unknown[] | undefined, limit: number): unknown[][] {
  const columns = table.columns.map((c) => quote(c.name)).join(", ");
  const key = table.key.map((c) => quote(c.name)).join(", ");
  const where = after ? `WHERE (${key}) > (${after.map(() => "?").join(", ")})` : "";
  const statement = sourceClient(db)
    .prepare(`SELECT ${columns} FROM ${quote(table.name)} ${where} ORDER BY ${key} LIMIT ?`)
    .raw()
    .safeIntegers();
  return statement.all(...(after ?? []), limit) as unknown[][];
}

/** Each row of the table in key order, as the checksum hashes it. */
export function* sourceRows(db: Db, table: CopyTable): Generator<(string | boolean | null)[]> {
  const columns = table.columns.map((c) => quote(c.name)).join(", ");
  const key = table.key.map((c) => quote(c.name)).join(", ");
  const statement = sourceClient(db)
    .prepare(`SELECT ${columns} FROM ${quote(table.name)} ORDER BY ${key}`)
    .raw()
    .safeIntegers();
  for (const row of statement.iterate() as Iterable<unknown[]>) yield row.map((v, i) => canonical(table.columns[i]!.kind, v));
}

/** The copy reads an SQLite database: the one a DATABASE_URL-less Pairwise runs on. */
function sourceClient(db: Db) {
  return sqliteOnly(db, "the source of pairwise db copy").$client;
}
