import type { Db } from "../database.js";
import { statement } from "../statement.js";
import { onConnection } from "../transaction.js";

/** A batch as the API reports it: the import batch, with the API's bookkeeping when it came through the API. */
export interface BatchRow {
  id: number;
  campaignId: number;
  campaign: string;
  fileName: string;
  format: string;
  status: "publishing" | "published";
  createdAt: number;
  firstComparisonId: number | null;
  viaApi: boolean;
  alreadyPresent: number;
  completedAt: number | null;
}

export function findBatch(db: Db, id: number): Promise<BatchRow | undefined> {
  return onConnection(db, async () => {
    // `IS NOT NULL` is 0/1 on SQLite, a boolean on PostgreSQL.
    const raw = await statement<[number], Omit<BatchRow, "viaApi"> & { viaApi: number | boolean }>(
      db,
      `SELECT b.id, b.campaign_id AS "campaignId", c.name AS campaign, b.file_name AS "fileName", b.format, b.status, b.created_at AS "createdAt",
            b.first_comparison_id AS "firstComparisonId", a.import_batch_id IS NOT NULL AS "viaApi", coalesce(a.already_present, 0) AS "alreadyPresent", a.completed_at AS "completedAt"
     FROM import_batches b JOIN campaigns c ON c.id = b.campaign_id LEFT JOIN api_batches a ON a.import_batch_id = b.id WHERE b.id = ?`,
    ).get(id);
    return raw ? { ...raw, viaApi: raw.viaApi === 1 || raw.viaApi === true } : undefined;
  });
}

/** A campaign's batches (every import, through the API or the CLI), newest first. */
export function batchIdsOf(db: Db, campaignId: number, limit: number, beforeId?: number): Promise<number[]> {
  return onConnection(db, async () => {
    const rows = await statement<[number, number, number], { id: number }>(
      db,
      "SELECT id FROM import_batches WHERE campaign_id = ? AND id < ? ORDER BY id DESC LIMIT ?",
    ).all(campaignId, beforeId ?? Number.MAX_SAFE_INTEGER, limit);
    return rows.map((r) => r.id);
  });
}

/** The API batch of this campaign made from the same request bytes, if any (a retried POST). */
export function findBatchByBody(db: Db, campaignId: number, bodySha256: string): Promise<number | undefined> {
  return onConnection(db, async () => {
    const row = await statement<[number, string], { id: number }>(
      db,
      "SELECT import_batch_id AS id FROM api_batches WHERE campaign_id = ? AND body_sha256 = ? ORDER BY import_batch_id LIMIT 1",
    ).get(campaignId, bodySha256);
    return row?.id;
  });
}

/** Items of a batch, complete (as many judgments as their target), and judgments so far. */
export function batchProgress(db: Db, batchId: number, firstComparisonId: number | null): Promise<{ items: number; complete: number; judgments: number }> {
  return onConnection(db, async () => {
    if (firstComparisonId === null) return { items: 0, complete: 0, judgments: 0 };
    const row = await statement<[number, number], { items: number; complete: number; judgments: number }>(
      db,
      `SELECT count(*) AS items, coalesce(sum(CASE WHEN done_count >= target_overlap THEN 1 ELSE 0 END), 0) AS complete, coalesce(sum(done_count), 0) AS judgments
     FROM comparisons WHERE id >= ? AND import_batch_id = ? AND kind = 'regular'`,
    ).get(firstComparisonId, batchId);
    return row!;
  });
}

/** Records a batch that came through the API; `remaining` counts its items still short of their overlap. */
export function insertApiBatch(
  db: Db,
  b: { importBatchId: number; campaignId: number; tokenId: number | null; bodySha256: string; items: number; alreadyPresent: number; now: number },
): Promise<{ remaining: number }> {
  return onConnection(db, async () => {
    const first = await firstComparisonOf(db, b.importBatchId);
    const remaining = first === null ? 0 : await batchProgressRemaining(db, b.importBatchId, first);
    await statement<[number, number, number | null, string, number, number, number, number]>(
      db,
      "INSERT INTO api_batches (import_batch_id, campaign_id, token_id, body_sha256, items, already_present, remaining, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
    ).run(b.importBatchId, b.campaignId, b.tokenId, b.bodySha256, b.items, b.alreadyPresent, remaining, b.now);
    return { remaining };
  });
}

async function firstComparisonOf(db: Db, batchId: number): Promise<number | null> {
  return (await statement<[number], { id: number | null }>(db, "SELECT first_comparison_id AS id FROM import_batches WHERE id = ?").get(batchId))!.id;
}

async function batchProgressRemaining(db: Db, batchId: number, first: number): Promise<number> {
  return (await statement<[number, number], { n: number }>(
    db,
    "SELECT count(*) AS n FROM comparisons WHERE id >= ? AND import_batch_id = ? AND kind = 'regular' AND done_count < target_overlap",
  ).get(first, batchId))!.n;
}

/**
 * One item of an API batch reached its overlap: counts it down. Returns true when this was the
 * batch's last item (checked against the items themselves, since an item whose target was raised
 * after it completed can complete twice), and marks the batch complete.
 */
export function countDownApiBatch(db: Db, batchId: number, now: number): Promise<boolean> {
  return onConnection(db, async () => {
    const row = await statement<[number], { remaining: number }>(
      db,
      "UPDATE api_batches SET remaining = remaining - 1 WHERE import_batch_id = ? AND completed_at IS NULL RETURNING remaining",
    ).get(batchId);
    if (!row || row.remaining > 0) return false;
    const first = await firstComparisonOf(db, batchId);
    const actual = first === null ? 0 : await batchProgressRemaining(db, batchId, first);
    if (actual > 0) {
      await statement<[number, number]>(db, "UPDATE api_batches SET remaining = ? WHERE import_batch_id = ?").run(actual, batchId);
      return false;
    }
    await statement<[number, number]>(db, "UPDATE api_batches SET completed_at = ? WHERE import_batch_id = ?").run(now, batchId);
    return true;
  });
}

export function markApiBatchComplete(db: Db, batchId: number, now: number): Promise<void> {
  return onConnection(db, async () => {
    await statement<[number, number]>(db, "UPDATE api_batches SET completed_at = ? WHERE import_batch_id = ? AND completed_at IS NULL").run(now, batchId);
  });
}
