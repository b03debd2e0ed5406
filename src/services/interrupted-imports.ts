import { isProcessAlive } from "../io/staging.js";
import { retryWhileBusy } from "../storage/busy.js";
import { claimAbandonedBatch, publishingBatches, removeUnpublishedRows } from "../storage/repos/import-batches.repo.js";
import { withTransaction, type ServiceContext } from "./context.js";

/** Rows copied (or removed) in one transaction: tens of milliseconds, so votes get the write lock in between. */
export const PUBLISH_CHUNK_ROWS = 2000;
/** The pause between chunks, so a writer waiting for the lock (the bot's votes, in this process or another) gets it. */
export const PUBLISH_PAUSE_MS = 10;
/** How long one chunk may wait for a database another process holds. */
export const CHUNK_BUSY_DEADLINE_MS = 60_000;

export const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Removes an unpublished batch's rows in short transactions, then the batch. */
export async function removeBatch(ctx: ServiceContext, batchId: number): Promise<void> {
  const removeChunk = async () => await withTransaction(ctx, async () => await removeUnpublishedRows(ctx.db, batchId, PUBLISH_CHUNK_ROWS));
  while ((await retryWhileBusy(removeChunk, Date.now() + CHUNK_BUSY_DEADLINE_MS)) > 0) await pause(PUBLISH_PAUSE_MS);
}

/**
 * Removes the batches an import left half copied in when its process died (kill -9, a power cut):
 * their rows were never handed out. Batches a live process is still copying are left alone:
 * on PostgreSQL, those whose importer's session still holds their lock (any host); on SQLite,
 * those whose owner's process id runs on this machine.
 * Runs when the bot starts, before each CLI command and before each import; returns the files
 * whose rows it removed.
 */
export async function removeInterruptedImports(ctx: ServiceContext): Promise<string[]> {
  const removed: string[] = [];
  for (const batch of await publishingBatches(ctx.db)) {
    const claim = await claimAbandonedBatch(ctx.db, batch, isProcessAlive);
    if (!claim) continue;
    try {
      await removeBatch(ctx, batch.id);
    } finally {
      await claim.release();
    }
    removed.push(batch.fileName);
  }
  if (removed.length > 0) ctx.logger.warn({ files: removed }, "removed the rows of imports interrupted before they were complete");
  return removed;
}
