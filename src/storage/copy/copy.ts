import { PairwiseError } from "../../errors.js";
import type { Db } from "../database.js";
import { beginSnapshot, countRows, highestIds, readBatch, sourceIdentity, sourceRows, type SourceIdentity } from "./source.js";
import { copyTables, type CopyTable } from "./tables.js";
import {
  digestRows,
  ensureProgressTable,
  hasAnyRow,
  insertBatch,
  markDone,
  readProgress,
  resetIdentity,
  startProgress,
  targetColumns,
  targetDigest,
  type PgTarget,
  type TableDigest,
} from "./target.js";

/** Where a copy is, after each committed batch (and once per table that was already done). */
interface CopyProgress {
  table: string;
  /** Rows on the target so far, over all tables, and rows in the source. */
  copied: number;
  total: number;
}

export interface CopyOptions {
  /** Rows per batch, each batch one PostgreSQL transaction (default 1000). */
  batchSize?: number;
  /** Called after each committed batch; an error thrown here stops the copy there (the tests interrupt it so). */
  onBatch?: (progress: CopyProgress) => void;
}

export interface CopyResult {
  source: SourceIdentity;
  /** Whether an earlier, unfinished copy of the same source was taken up. */
  resumed: boolean;
  /** Rows sent in this run (rows an earlier run copied are skipped, not sent again). */
  rowsSent: number;
  batches: number;
}

/** One table's verification: row counts and checksums of both sides. */
export interface TableCheck {
  table: string;
  source: TableDigest;
  target: TableDigest;
  ok: boolean;
}

/** The key of a row in the progress record: JSON of its key values, integers as digit strings. */
const encodeKey = (row: unknown[], table: CopyTable): string =>
  JSON.stringify(table.key.map((k) => row[table.columns.findIndex((c) => c.name === k.name)]).map((v) => (typeof v === "bigint" ? v.toString() : v)));
const decodeKey = (text: string, table: CopyTable): unknown[] =>
  (JSON.parse(text) as unknown[]).map((v, i) => (table.key[i]!.kind === "integer" && typeof v === "string" ? BigInt(v) : v));

/**
 * Refuses a target that holds another database's copy, or rows that no copy put there; says what
 * a resumed copy will take up. The schema must be the one this version migrates to.
 */
async function checkTarget(target: PgTarget, tables: CopyTable[], source: SourceIdentity): Promise<boolean> {
  const present = await targetColumns(target);
  for (const table of tables) {
    const columns = present.get(table.name);
    const missing = table.columns.filter((c) => !columns?.has(c.name)).map((c) => c.name);
    if (missing.length > 0)
      throw new PairwiseError(
        "CONFLICT",
        `The PostgreSQL database has no ${columns ? `column ${missing.join(", ")} in table ${table.name}` : `table ${table.name}`}: its schema is not the one this version of pairwise uses. Run the copy with the same version as the bot, against a database migrated by it.`,
      );
  }
  const progress = await readProgress(target);
  const other = progress.find((p) => p.source.fingerprint !== source.fingerprint);
  if (other)
    throw new PairwiseError(
      "CONFLICT",
      `The PostgreSQL database already holds a copy of another SQLite database (${other.source.path}), so copying ${source.path} into it could mix the two. Copy into an empty database (createdb a new one), or resume with --from ${other.source.path}.`,
    );
  if (progress.length > 0) return true;
  const filled: string[] = [];
  for (const table of tables) if (await hasAnyRow(target, table)) filled.push(table.name);
  if (filled.length > 0)
    throw new PairwiseError(
      "CONFLICT",
      `The PostgreSQL database already holds data that no copy put there (in ${filled.slice(0, 5).join(", ")}${filled.length > 5 ? ", …" : ""}), and its ids could clash with the copied ones. Copy into an empty database (createdb a new one).`,
    );
  return false;
}

/**
 * Copies every table of an SQLite database into a PostgreSQL one that carries the same schema:
 * parents before children, in batches of one transaction each, resuming after the last batch an
 * earlier run committed (recorded on the target in pairwise_copy_progress). Then sets each identity
 * past the largest id SQLite gave out. Call `verifyCopy` afterwards.
 */
export async function copyDatabase(source: Db, sourcePath: string, target: PgTarget, options: CopyOptions = {}): Promise<CopyResult> {
  const batchSize = options.batchSize ?? 1000;
  const tables = copyTables();
  const identity = await sourceIdentity(source, sourcePath);
  await ensureProgressTable(target);
  const resumed = await checkTarget(target, tables, identity);
  await startProgress(target, identity, tables);
  const progress = new Map((await readProgress(target)).map((p) => [p.table, p]));
  const endSnapshot = beginSnapshot(source);
  let rowsSent = 0;
  let batches = 0;
  try {
    const total = tables.reduce((sum, t) => sum + countRows(source, t), 0);
    let copied = [...progress.values()].reduce((sum, p) => sum + p.rowsCopied, 0);
    for (const table of tables) {
      const record = progress.get(table.name)!;
      if (record.done) {
        options.onBatch?.({ table: table.name, copied, total });
        continue;
      }
      let after = record.lastKey === null ? undefined : decodeKey(record.lastKey, table);
      for (;;) {
        const rows = readBatch(source, table, after, batchSize);
        if (rows.length === 0) {
          await markDone(target, table);
          break;
        }
        const lastKey = encodeKey(rows.at(-1)!, table);
        await insertBatch(target, table, rows, lastKey, rows.length < batchSize).catch((error: unknown) => {
          throw new PairwiseError(
            "STORAGE",
            `Copying ${table.name} (the rows after key ${record.lastKey ?? "the start"}) failed in PostgreSQL: ${(error as Error).message}. Fix the cause and run the same command again: the copy resumes there.`,
            { cause: error },
          );
        });
        record.lastKey = lastKey;
        rowsSent += rows.length;
        copied += rows.length;
        batches++;
        options.onBatch?.({ table: table.name, copied, total });
        if (rows.length < batchSize) break;
        after = decodeKey(lastKey, table);
      }
    }
  } finally {
    endSnapshot();
  }
  const givenOut = highestIds(source);
  for (const table of tables) await resetIdentity(target, table, givenOut.get(table.name) ?? 0);
  return { source: identity, resumed, rowsSent, batches };
}

/**
 * Compares every table on both sides: the row count and a SHA-256 over the rows read in key order
 * and written in one canonical form (booleans as booleans, integers as digits, blobs as hex), so a
 * changed, missing or extra row on either side changes the result.
 */
export async function verifyCopy(source: Db, target: PgTarget, onTable?: (checked: number, tables: number, table: string) => void): Promise<TableCheck[]> {
  const checks: TableCheck[] = [];
  const tables = copyTables();
  const endSnapshot = beginSnapshot(source);
  try {
    for (const table of tables) {
      onTable?.(checks.length, tables.length, table.name);
      const from = digestRows(sourceRows(source, table));
      const to = await targetDigest(target, table);
      checks.push({ table: table.name, source: from, target: to, ok: from.rows === to.rows && from.sha256 === to.sha256 });
    }
  } finally {
    endSnapshot();
  }
  return checks;
}
