import { tryClaim, type HeldClaim } from "../claims.js";
import { attachStaging, detachStaging, isSqlite, type Db } from "../database.js";
import { ROW_LOCK_NAMESPACES, rowLockKey } from "../postgres/advisory-locks.js";
import { humanJudgment } from "../human-judgments.js";
import type { PostgresDb } from "../postgres/handle.js";
import { closeStagingDatabase, openStagingDatabase, type StagingDb } from "../staging-database.js";
import { statement } from "../statement.js";
import { onConnection } from "../transaction.js";
import { dropStagedClashesPg, insertStagedAnnotatorsPg, publishStagedChunkPg, stagedClashesPg } from "./publish-staged-postgres.js";
import { stagedGoldItems } from "./staged-items.repo.js";

/**
 * Rows of an import batch still being copied in are handed to nobody: the pick queries keep
 * this condition on `c` (a comparisons alias), so a batch rolled back after a crash was never shown.
 */
export const PUBLISHED_ONLY = "(c.import_batch_id IS NULL OR c.import_batch_id NOT IN (SELECT id FROM import_batches WHERE status = 'publishing'))";

/**
 * An import's staging database (storage/staging-database.ts) as the live database reaches it
 * while publishing. SQLite: attached as `staging`, and the functions below copy with one SQL
 * statement across both files. PostgreSQL: the file is opened here and its rows are sent over
 * a page at a time (repos/publish-staged-postgres.ts).
 */
export interface StagedImport {
  readonly path: string;
  /** PostgreSQL: the staging file, open; SQLite: undefined (attached instead). */
  readonly file: StagingDb | undefined;
}

/** Makes an import's staging file (closed) reachable from `db`; {@link closeStagedImport} undoes it. */
export async function openStagedImport(db: Db, path: string): Promise<StagedImport> {
  if (isSqlite(db)) {
    await attachStaging(db, path);
    return { path, file: undefined };
  }
  return { path, file: openStagingDatabase(path) };
}

export async function closeStagedImport(db: Db, staged: StagedImport): Promise<void> {
  if (staged.file) closeStagingDatabase(staged.file);
  else await detachStaging(db);
}

/** Staged rows (the attached `staging` database) whose id the campaign already has: the first few, by line. */
export function stagedClashes(db: Db, staged: StagedImport, campaignId: number, limit: number): Promise<{ id: string; line: number }[]> {
  return onConnection(db, () => {
    if (staged.file) return stagedClashesPg(sqlOnPostgres(db), staged.file, campaignId, limit, false);
    const sql = `SELECT s.external_id AS id, s.line AS line FROM staging.items s
    JOIN comparisons c ON c.campaign_id = ? AND c.external_id = s.external_id ORDER BY s.line LIMIT ?`;
    return statement<[number, number], { id: string; line: number }>(db, sql).all(campaignId, limit);
  });
}

/** Staged rows whose id the campaign has for another prompt or other responses (a retry must not hide a real clash). */
export function stagedDifferingClashes(db: Db, staged: StagedImport, campaignId: number, limit: number): Promise<{ id: string; line: number }[]> {
  return onConnection(db, () => {
    if (staged.file) return stagedClashesPg(sqlOnPostgres(db), staged.file, campaignId, limit, true);
    const sql = `SELECT s.external_id AS id, s.line AS line FROM staging.items s
    JOIN comparisons c ON c.campaign_id = ? AND c.external_id = s.external_id
    WHERE c.prompt <> s.prompt OR c.response_a <> s.response_a OR c.response_b <> s.response_b ORDER BY s.line LIMIT ?`;
    return statement<[number, number], { id: string; line: number }>(db, sql).all(campaignId, limit);
  });
}

/** Drops from staging the rows whose id the campaign already has (--skip-existing); returns how many. */
export function dropStagedClashes(db: Db, staged: StagedImport, campaignId: number): Promise<number> {
  return onConnection(db, () => {
    if (staged.file) return dropStagedClashesPg(sqlOnPostgres(db), staged.file, campaignId);
    return statement<[number]>(db, "DELETE FROM staging.items WHERE external_id IN (SELECT external_id FROM comparisons WHERE campaign_id = ?)").run(
      campaignId,
    );
  });
}

export function stagedGoldCount(db: Db, staged: StagedImport): Promise<number> {
  return onConnection(db, async () => {
    if (staged.file) return stagedGoldItems(staged.file);
    return (await statement<[], { n: number }>(db, "SELECT count(*) AS n FROM staging.items WHERE kind <> 'regular'").get())!.n;
  });
}

/**
 * The campaign's batch another process is copying in, if any. Call it in the transaction that then
 * begins the new batch: on PostgreSQL it first takes a transaction lock on the campaign's imports,
 * so two imports into one campaign (on two replicas) check and insert one after the other, and the
 * second sees the first's batch. SQLite's write transactions are serialised already (BEGIN IMMEDIATE).
 */
export function publishingBatchOf(db: Db, campaignId: number): Promise<{ id: number; fileName: string } | undefined> {
  return onConnection(db, async () => {
    if (!isSqlite(db)) {
      await statement<[number, number]>(db, "SELECT pg_advisory_xact_lock(CAST(? AS integer), CAST(? AS integer))").get(
        ROW_LOCK_NAMESPACES.campaignImports,
        rowLockKey(campaignId),
      );
    }
    return await statement<[number], { id: number; fileName: string }>(
      db,
      `SELECT id, file_name AS "fileName" FROM import_batches WHERE campaign_id = ? AND status = 'publishing' ORDER BY id`,
    ).get(campaignId);
  });
}

/**
 * PostgreSQL: the id of a batch about to begin, claimed by this process before the batch row is
 * committed (drawn from the table's sequence, then locked on a session the import keeps until it
 * ends), so that no other process's cleanup ever finds the batch unclaimed while it is written.
 * Call it in the transaction that begins the batch, and pass the id to {@link beginImportBatch}.
 * SQLite: undefined; the batch's owner is told by its process id (one machine).
 */
export async function claimNewBatch(db: Db): Promise<{ id: number; claim: HeldClaim } | undefined> {
  if (isSqlite(db)) return undefined;
  const { id } = (await statement<[], { id: number }>(db, "SELECT nextval(pg_get_serial_sequence('import_batches', 'id')) AS id").get())!;
  const claim = await tryClaim(db, "importBatch", id);
  if (!claim) throw new Error(`import batch ${id} is already claimed by another process; try the import again`);
  return { id, claim };
}

/**
 * Claims a batch left `publishing` if the import writing it is gone, to remove it; undefined
 * while that import lives. PostgreSQL: its session lock is free (the importer's session ended,
 * on whichever host). SQLite: no process on this machine has its owner's id (`ownerAlive`), or
 * it has none.
 */
export async function claimAbandonedBatch(
  db: Db,
  batch: { id: number; ownerPid: number | null },
  ownerAlive: (pid: number) => boolean,
): Promise<HeldClaim | undefined> {
  if (isSqlite(db) && batch.ownerPid !== null && (batch.ownerPid === process.pid || ownerAlive(batch.ownerPid))) return undefined;
  return await tryClaim(db, "importBatch", batch.id);
}

/**
 * Starts a batch in `publishing`, owned by this process (PostgreSQL: under the id
 * {@link claimNewBatch} claimed), and records the external annotators
 * that come with the file (PandaLM's three), one row each.
 */
export function beginImportBatch(
  db: Db,
  staged: StagedImport,
  b: { campaignId: number; fileName: string; format: string; rows: number; report: string; now: number; ownerPid: number; id?: number },
): Promise<number> {
  return onConnection(db, async () => {
    const batch =
      b.id === undefined
        ? (await statement<[number, string, string, number, string, number, number], { id: number }>(
            db,
            "INSERT INTO import_batches (campaign_id, file_name, format, rows, report, created_at, status, owner_pid) VALUES (?, ?, ?, ?, ?, ?, 'publishing', ?) RETURNING id",
          ).get(b.campaignId, b.fileName, b.format, b.rows, b.report, b.now, b.ownerPid))!
        : (await statement<[number, number, string, string, number, string, number, number], { id: number }>(
            db,
            "INSERT INTO import_batches (id, campaign_id, file_name, format, rows, report, created_at, status, owner_pid) VALUES (?, ?, ?, ?, ?, ?, ?, 'publishing', ?) RETURNING id",
          ).get(b.id, b.campaignId, b.fileName, b.format, b.rows, b.report, b.now, b.ownerPid))!;
    if (staged.file) {
      await insertStagedAnnotatorsPg(sqlOnPostgres(db), staged.file, b.now);
      return batch.id;
    }
    await statement<[number]>(
      db,
      `INSERT INTO annotators (platform, workspace_id, user_id, display_name, status, created_at)
     SELECT DISTINCT 'external', 'import', annotator, annotator, 'qualified', ? FROM staging.judgments
     WHERE true ON CONFLICT (platform, workspace_id, user_id) DO NOTHING`,
    ).run(b.now);
    return batch.id;
  });
}

/**
 * Copies the next staged rows (after line `afterLine`, at most `limit`) into the campaign, with
 * the judgments that come with them, counted toward the overlap like any other. One transaction's
 * worth; the caller holds it. Returns what it copied and the last line it reached (0 rows: done).
 */
export function publishStagedChunk(
  db: Db,
  staged: StagedImport,
  c: { batchId: number; campaignId: number; overlap: number; afterLine: number; limit: number; now: number },
): Promise<{ rows: number; judgments: number; lastLine: number }> {
  return onConnection(db, async () => {
    if (staged.file) return publishStagedChunkPg(sqlOnPostgres(db), staged.file, c);
    const lastLine = (await statement<[number, number], { line: number | null }>(
      db,
      "SELECT max(line) AS line FROM (SELECT line FROM staging.items WHERE line > ? ORDER BY line LIMIT ?)",
    ).get(c.afterLine, c.limit))!.line;
    if (lastLine === null) return { rows: 0, judgments: 0, lastLine: c.afterLine };
    const before = (await statement<[], { id: number }>(db, "SELECT coalesce(max(id), 0) AS id FROM comparisons").get())!.id;
    const rows = await statement<[number, number, number, number, number, number]>(
      db,
      `INSERT INTO comparisons (campaign_id, external_id, prompt, response_a, response_b, model_a, model_b, tags, metadata,
       kind, gold_answer, gold_explanation, target_overlap, import_batch_id, created_at)
     SELECT ?, external_id, prompt, response_a, response_b, model_a, model_b, tags, metadata,
       kind, gold_answer, gold_explanation, ?, ?, ? FROM staging.items WHERE line > ? AND line <= ? ORDER BY line`,
    ).run(c.campaignId, c.overlap, c.batchId, c.now, c.afterLine, lastLine);
    await statement<[number, number]>(db, "UPDATE import_batches SET first_comparison_id = coalesce(first_comparison_id, ?) WHERE id = ?").run(
      before + 1,
      c.batchId,
    );
    const judgments = await statement<[number, number, number, number, number]>(
      db,
      `INSERT INTO judgments (campaign_id, comparison_id, annotator_id, kind, choice, source, created_at, updated_at)
     SELECT ?, c.id, a.id, c.kind, j.choice, 'import', ?, ?
     FROM comparisons c
     JOIN staging.judgments j ON j.external_id = c.external_id
     JOIN annotators a ON a.platform = 'external' AND a.workspace_id = 'import' AND a.user_id = j.annotator
     WHERE c.id > ? AND c.import_batch_id = ?
     ON CONFLICT DO NOTHING`,
    ).run(c.campaignId, c.now, c.now, before, c.batchId);
    if (judgments > 0) {
      await statement<[number, number]>(
        db,
        `UPDATE comparisons SET
         done_count = (SELECT count(*) FROM judgments j WHERE j.comparison_id = comparisons.id AND ${humanJudgment("j")}),
         active_count = (SELECT count(*) FROM judgments j WHERE j.comparison_id = comparisons.id AND ${humanJudgment("j")})
       WHERE id > ? AND import_batch_id = ?`,
      ).run(before, c.batchId);
      await statement<[number, number]>(
        db,
        "UPDATE comparisons SET full = CASE WHEN kind = 'regular' AND active_count >= target_overlap THEN 1 ELSE 0 END WHERE id > ? AND import_batch_id = ?",
      ).run(before, c.batchId);
    }
    return { rows, judgments, lastLine };
  });
}

/** The batch's rows are all in: from now on they are handed out like any other. */
export function markBatchPublished(db: Db, batchId: number): Promise<void> {
  return onConnection(db, async () => {
    await statement<[number]>(db, "UPDATE import_batches SET status = 'published', owner_pid = NULL WHERE id = ?").run(batchId);
  });
}

/** Batches left `publishing`, with their owners, to be told from ones still being copied in. */
export function publishingBatches(db: Db): Promise<{ id: number; campaignId: number; fileName: string; ownerPid: number | null }[]> {
  return onConnection(db, () =>
    statement<[], { id: number; campaignId: number; fileName: string; ownerPid: number | null }>(
      db,
      `SELECT id, campaign_id AS "campaignId", file_name AS "fileName", owner_pid AS "ownerPid" FROM import_batches WHERE status = 'publishing' ORDER BY id`,
    ).all(),
  );
}

/**
 * Removes up to `limit` of an unpublished batch's rows (their judgments go with them); returns how
 * many. When none are left, removes the batch itself. One transaction's worth; the caller holds it.
 */
export function removeUnpublishedRows(db: Db, batchId: number, limit: number): Promise<number> {
  return onConnection(db, async () => {
    const batch = await statement<[number], { first: number | null }>(
      db,
      "SELECT first_comparison_id AS first FROM import_batches WHERE id = ? AND status = 'publishing'",
    ).get(batchId);
    if (!batch) return 0;
    const removed =
      batch.first === null
        ? 0
        : await statement<[number, number, number]>(
            db,
            "DELETE FROM comparisons WHERE id IN (SELECT id FROM comparisons WHERE id >= ? AND import_batch_id = ? LIMIT ?)",
          ).run(batch.first, batchId, limit);
    if (removed === 0) await statement<[number]>(db, "DELETE FROM import_batches WHERE id = ?").run(batchId);
    return removed;
  });
}

/** The PostgreSQL database behind `db`, where a staged import was opened for one (its `file` set). */
function sqlOnPostgres(db: Db): PostgresDb {
  if (isSqlite(db)) throw new Error("a staged import opened for PostgreSQL was given an SQLite database");
  return db;
}
