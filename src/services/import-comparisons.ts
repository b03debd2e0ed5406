import { createHash } from "node:crypto";
import { rmSync } from "node:fs";
import { basename, join } from "node:path";
import type { ImportedItem } from "../domain/comparison.js";
import { PairwiseError } from "../errors.js";
import { readImportFile, type ImportOptions, type ImportReport } from "../io/import/index.js";
import type { ImportOutcome } from "../io/import/summary.js";
import { createStagingDir, removeStaleStaging } from "../io/staging.js";
import { retryWhileBusy } from "../storage/busy.js";
import { closeStagingDatabase, createStagingDatabase, inStagingTransaction, type StagingDb } from "../storage/staging-database.js";
import { hasSameTexts, stagedItemHead, stageItem, stageJudgments } from "../storage/repos/staged-items.repo.js";
import type { HeldClaim } from "../storage/claims.js";
import {
  beginImportBatch,
  claimNewBatch,
  closeStagedImport,
  dropStagedClashes,
  openStagedImport,
  markBatchPublished,
  publishingBatchOf,
  publishStagedChunk,
  stagedClashes,
  stagedDifferingClashes,
  stagedGoldCount,
} from "../storage/repos/import-batches.repo.js";
import { campaignSettings, requireCampaign } from "./find-campaign.js";
import { withTransaction, type ServiceContext } from "./context.js";
import { CHUNK_BUSY_DEADLINE_MS, pause, PUBLISH_CHUNK_ROWS, PUBLISH_PAUSE_MS, removeBatch, removeInterruptedImports } from "./interrupted-imports.js";

export interface ImportComparisonsInput {
  campaign: string;
  path: string;
  /** Name shown in messages (the attachment name when the file came from chat). */
  fileLabel?: string;
  format?: ImportOptions["format"];
  /** Import the judgments that come with rows (PandaLM's labels). Default true. */
  includeJudgments?: boolean;
  /** Skip rows whose id is already in the campaign instead of failing. */
  skipExisting?: boolean;
  /**
   * Rows whose id the campaign already has with the same prompt and responses are skipped (a
   * retried API request); a row whose id is taken by different content still fails the import.
   */
  skipIdentical?: boolean;
  /**
   * Runs inside the transaction that marks the batch published, so what it records (the API's
   * batch and its events) exists exactly when the batch does, whatever a crash interrupts.
   */
  onPublish?: (batchId: number, counts: { imported: number; skippedExisting: number }) => Promise<void> | void;
  /** Only the first N rows (samples, demos). */
  limit?: number;
  onProgress?: (bytesRead: number, totalBytes: number, rows: number) => void;
}

export interface ImportResult extends ImportOutcome {
  batchId: number;
  rows: number;
}

/**
 * Imports a file of comparisons into a campaign, all or nothing.
 *
 * Rows stream from the file into a private staging database on disk (so a 1 GB file needs little
 * memory and the live database is not locked while the file is read); then one transaction on the
 * live database checks ids against the campaign and copies everything in. A bad row, a duplicate
 * id or an id the campaign already has fails the import before anything is written.
 */
export async function importComparisons(ctx: ServiceContext, input: ImportComparisonsInput): Promise<ImportResult> {
  const campaign = await requireCampaign(ctx, input.campaign);
  if (campaign.status === "closed") throw new PairwiseError("CONFLICT", `Campaign "${campaign.name}" is closed; it takes no new items.`);
  const settings = campaignSettings(campaign);
  const fileLabel = input.fileLabel ?? basename(input.path);
  const includeJudgments = input.includeJudgments ?? true;

  // An import killed mid-way (kill -9) left half its rows and its staging folder: the next import removes them.
  await removeInterruptedImports(ctx);
  const stale = removeStaleStaging();
  if (stale.length > 0) ctx.logger.info({ removed: stale }, "removed staging folders of interrupted imports");
  const dir = createStagingDir();
  let staging: StagingDb | undefined;
  try {
    staging = createStagingDatabase(join(dir, "staging.db"));
    const readOptions: ImportOptions = { fileLabel, random: ctx.random };
    if (input.format) readOptions.format = input.format;
    if (input.onProgress) {
      const onProgress = input.onProgress;
      let rowsSoFar = 0;
      readOptions.onProgress = (read: number, total: number) => onProgress(read, total, rowsSoFar);
      readOptions.onRow = () => {
        rowsSoFar++;
      };
    }
    const { items, report } = readImportFile(input.path, readOptions);
    const staged = await stage(staging, items, { includeJudgments, limit: input.limit, fileLabel, unit: () => report.unit });
    closeStagingDatabase(staging);

    const result = await publish(ctx, {
      campaignId: campaign.id,
      overlap: settings.overlap,
      stagingPath: staging.path,
      fileLabel,
      report,
      skipExisting: input.skipExisting ?? false,
      skipIdentical: input.skipIdentical ?? false,
      ...(input.onPublish ? { onPublish: input.onPublish } : {}),
    });
    return { ...result, rows: staged.rows, repeatedRows: staged.repeated, report };
  } finally {
    if (staging) closeStagingDatabase(staging);
    rmSync(dir, { recursive: true, force: true });
  }
}

async function stage(
  staging: StagingDb,
  items: AsyncIterable<ImportedItem>,
  options: { includeJudgments: boolean; limit: number | undefined; fileLabel: string; unit: () => "line" | "record" },
): Promise<{ rows: number; repeated: number }> {
  let rows = 0;
  let repeated = 0;
  let batch: ImportedItem[] = [];
  // Batches keep the staging writes fast without holding more than a few thousand rows.
  const flush = (chunk: ImportedItem[]) =>
    inStagingTransaction(staging, () => {
      for (const item of chunk) {
        const generated = item.externalId === undefined;
        const externalId = item.externalId ?? contentId(item);
        if (!stageItem(staging, item, externalId, generated)) {
          const first = stagedItemHead(staging, externalId)!;
          if (generated && first.generated) {
            repeated++; // the same prompt and responses again, without ids: imported once
            continue;
          }
          // A file with one row per judgment (the raw export): the item again, with another judgment.
          if (item.repeats && hasSameTexts(first, item)) {
            if (options.includeJudgments) stageJudgments(staging, externalId, item.judgments);
            continue;
          }
          throw new PairwiseError(
            "VALIDATION",
            options.unit() === "record"
              ? `${options.fileLabel}, record ${item.line}, field "id": duplicate id "${externalId}" (first used at record ${first.line}). Give every row its own id.`
              : `${options.fileLabel}:${item.line}, field "id": duplicate id "${externalId}" (first used at line ${first.line}). Give every row its own id.`,
            { location: { file: options.fileLabel, line: item.line, field: "id" } },
          );
        }
        if (options.includeJudgments) stageJudgments(staging, externalId, item.judgments);
      }
    });
  for await (const item of items) {
    if (options.limit !== undefined && rows >= options.limit) break;
    rows++;
    batch.push(item);
    if (batch.length >= 2000) {
      flush(batch);
      batch = [];
    }
  }
  flush(batch);
  return { rows, repeated };
}

/** A stable id for rows that came without one: the same content always gets the same id. */
function contentId(item: ImportedItem): string {
  const hash = createHash("sha256");
  hash.update(JSON.stringify(item.prompt)).update("\u0000").update(item.responseA).update("\u0000").update(item.responseB);
  return `h-${hash.digest("hex").slice(0, 16)}`;
}

/**
 * Publishes the staged rows into the campaign: checks ids against it (and makes sure no other
 * import of it is being published), records the batch as `publishing`, copies the rows in short
 * transactions with a pause between them, then marks the batch `published`. Until then nothing
 * hands out its items; if copying fails, the rows already in are removed, and if the process dies,
 * the next start removes them (removeInterruptedImports). All or nothing, without holding the
 * write lock for more than one chunk at a time.
 */
async function publish(
  ctx: ServiceContext,
  o: {
    campaignId: number;
    overlap: number;
    stagingPath: string;
    fileLabel: string;
    report: ImportReport;
    skipExisting: boolean;
    skipIdentical: boolean;
    onPublish?: ImportComparisonsInput["onPublish"];
  },
): Promise<Omit<ImportResult, "rows" | "repeatedRows" | "report">> {
  const db = ctx.db;
  const now = ctx.clock.now().getTime();
  const staged = await openStagedImport(db, o.stagingPath);
  // PostgreSQL: the batch is this process's, held by a session the database ends if the process dies.
  let claim: HeldClaim | undefined;
  try {
    const begun = await withTransaction(ctx, async () => {
      let skippedExisting = 0;
      if (o.skipIdentical) {
        const differing = (await stagedDifferingClashes(db, staged, o.campaignId, 1))[0];
        if (differing) {
          throw new PairwiseError(
            "CONFLICT",
            `${o.fileLabel}:${differing.line}, field "id": the campaign already has an item "${differing.id}" with another prompt or other responses. Give new items new ids.`,
            { location: { file: o.fileLabel, line: differing.line, field: "id" } },
          );
        }
        skippedExisting = await dropStagedClashes(db, staged, o.campaignId);
      }
      const clashes = await stagedClashes(db, staged, o.campaignId, 5);
      if (clashes.length > 0) {
        if (!o.skipExisting) {
          const list = clashes.map((c) => `"${c.id}" (line ${c.line})`).join(", ");
          throw new PairwiseError(
            "CONFLICT",
            `${o.fileLabel}:${clashes[0]!.line}, field "id": the campaign already has ${list}${clashes.length === 5 ? " and maybe more" : ""}. Was this file imported before? Use --skip-existing to import only the new rows.`,
            { location: { file: o.fileLabel, line: clashes[0]!.line, field: "id" } },
          );
        }
        skippedExisting = await dropStagedClashes(db, staged, o.campaignId);
      }
      const other = await publishingBatchOf(db, o.campaignId);
      if (other)
        throw new PairwiseError("CONFLICT", `Another import into this campaign (${other.fileName}) is being written right now. Try again when it is done.`);
      const format = `${o.report.container}/${o.report.shape}`;
      // Claimed before the batch is committed, so no other process's cleanup finds it unclaimed (a retried transaction claims anew).
      await claim?.release();
      const reserved = await claimNewBatch(db);
      claim = reserved?.claim;
      const batchId = await beginImportBatch(db, staged, {
        ...(reserved ? { id: reserved.id } : {}),
        campaignId: o.campaignId,
        fileName: o.fileLabel,
        format,
        rows: o.report.rows,
        report: JSON.stringify(o.report),
        now,
        ownerPid: process.pid,
      });
      return { batchId, skippedExisting, gold: await stagedGoldCount(db, staged) };
    });
    let imported = 0;
    let judgments = 0;
    try {
      for (let afterLine = 0; ; ) {
        const next = { batchId: begun.batchId, campaignId: o.campaignId, overlap: o.overlap, afterLine, limit: PUBLISH_CHUNK_ROWS, now };
        await stillClaimed(claim);
        const chunk = await retryWhileBusy(
          async () => await withTransaction(ctx, async () => await publishStagedChunk(db, staged, next)),
          Date.now() + CHUNK_BUSY_DEADLINE_MS,
        );
        if (chunk.rows === 0) break;
        imported += chunk.rows;
        judgments += chunk.judgments;
        afterLine = chunk.lastLine;
        await pause(PUBLISH_PAUSE_MS);
      }
      await stillClaimed(claim);
      await retryWhileBusy(
        async () =>
          await withTransaction(ctx, async () => {
            await markBatchPublished(db, begun.batchId);
            // Awaited inside the transaction: what it records commits with the batch (on PostgreSQL its statements are real I/O).
            await o.onPublish?.(begun.batchId, { imported, skippedExisting: begun.skippedExisting });
          }),
        Date.now() + CHUNK_BUSY_DEADLINE_MS,
      );
    } catch (error) {
      await removeBatch(ctx, begun.batchId).catch((cleanup: unknown) =>
        ctx.logger.error({ err: cleanup, batch: begun.batchId }, "could not remove a failed import's rows; the next start will"),
      );
      throw error;
    }
    return { batchId: begun.batchId, imported, gold: begun.gold, judgments, skippedExisting: begun.skippedExisting };
  } finally {
    await claim?.release();
    await closeStagedImport(db, staged);
  }
}

/**
 * Throws when the session that holds the batch for this import has ended: another process's
 * cleanup may be removing the batch now, so writing on (or marking it published) would be wrong.
 */
async function stillClaimed(claim: HeldClaim | undefined): Promise<void> {
  if (claim && !(await claim.alive())) {
    throw new PairwiseError("STORAGE", "The import lost its connection to the database while writing; nothing of it was kept. Run it again.");
  }
}
