import { createHash } from "node:crypto";
import { createWriteStream, rmSync } from "node:fs";
import { join } from "node:path";
import { Transform, type Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { PairwiseError } from "../../errors.js";
import type { ImportOptions } from "../../io/import/index.js";
import { createStagingDir } from "../../io/staging.js";
import {
  batchIdsOf,
  batchProgress,
  findBatch,
  findBatchByBody,
  insertApiBatch,
  markApiBatchComplete,
  type BatchRow,
} from "../../storage/repos/api-batches.repo.js";
import type { ServiceContext } from "../context.js";
import { requireCampaign } from "../find-campaign.js";
import { importComparisons } from "../import-comparisons.js";
import { emitEvent } from "../webhooks/events.js";

/** The largest request body a batch may have; a bigger set of items goes in several batches. */
const MAX_BATCH_BYTES = 512 * 1024 * 1024;

/** What the API says about a batch. */
export interface BatchView {
  id: number;
  campaign: string;
  status: "publishing" | "published";
  /** Items the batch added (its rows minus those the campaign already had). */
  items: number;
  complete: number;
  judgments: number;
  /** Rows whose id the campaign already had with the same content: a retried request, not created twice. */
  already_present: number;
  /** Share of the items complete (1 for a batch with no new items). */
  progress: number;
  created_at: string;
  completed_at: string | null;
}

export async function batchView(ctx: ServiceContext, batch: BatchRow): Promise<BatchView> {
  const p = await batchProgress(ctx.db, batch.id, batch.firstComparisonId);
  return {
    id: batch.id,
    campaign: batch.campaign,
    status: batch.status,
    items: p.items,
    complete: p.complete,
    judgments: p.judgments,
    already_present: batch.alreadyPresent,
    progress: p.items === 0 ? 1 : p.complete / p.items,
    created_at: new Date(batch.createdAt).toISOString(),
    completed_at: batch.completedAt === null ? null : new Date(batch.completedAt).toISOString(),
  };
}

/** A campaign's batches, newest first, each with its progress. */
export async function batchesOf(ctx: ServiceContext, campaignName: string, options: { limit?: number; before?: number } = {}): Promise<BatchView[]> {
  const campaign = await requireCampaign(ctx, campaignName);
  return await Promise.all(
    (await batchIdsOf(ctx.db, campaign.id, Math.min(options.limit ?? 50, 500), options.before)).map(
      async (id) => await batchView(ctx, await requireBatch(ctx, id)),
    ),
  );
}

export async function requireBatch(ctx: ServiceContext, id: number): Promise<BatchRow> {
  const batch = await findBatch(ctx.db, id);
  if (!batch) throw new PairwiseError("NOT_FOUND", `No batch ${id}.`);
  return batch;
}

/**
 * Takes a batch of items from a request body (a JSON array or JSON Lines, in any shape the
 * importer reads), streaming it to a private file and then through the same import as
 * `pairwise import`: the same validation, the same line-and-field errors, all or nothing.
 *
 * Idempotent for retries: the same bytes again give back the first batch; rows whose id the
 * campaign already has with the same content are skipped (counted in `already_present`), and a
 * row whose id is taken by other content fails the batch, naming its line.
 */
export async function ingestBatch(
  ctx: ServiceContext,
  input: { campaign: string; body: Readable; container: "json" | "jsonl"; format?: ImportOptions["format"]; includeJudgments?: boolean; tokenId?: number },
): Promise<{ batch: BatchView; replayed: boolean }> {
  const campaign = await requireCampaign(ctx, input.campaign);
  const dir = createStagingDir();
  const path = join(dir, `body.${input.container}`);
  try {
    const hash = createHash("sha256");
    let bytes = 0;
    const meter = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        bytes += chunk.length;
        if (bytes > MAX_BATCH_BYTES)
          return done(
            new PairwiseError(
              "VALIDATION",
              `The request body is larger than ${MAX_BATCH_BYTES / 1024 / 1024} MiB, the limit for one batch. Send the items in several batches.`,
            ),
          );
        hash.update(chunk);
        done(null, chunk);
      },
    });
    await pipeline(input.body, meter, createWriteStream(path));
    if (bytes === 0) throw new PairwiseError("VALIDATION", "The request body is empty: send the items as a JSON array or as JSON Lines (one item a line).");
    const sha = hash.digest("hex");
    const earlier = await findBatchByBody(ctx.db, campaign.id, sha);
    if (earlier !== undefined) return { batch: await batchView(ctx, await requireBatch(ctx, earlier)), replayed: true };

    const result = await importComparisons(ctx, {
      campaign: campaign.name,
      path,
      fileLabel: "request body",
      ...(input.format ? { format: input.format } : {}),
      includeJudgments: input.includeJudgments ?? true,
      skipIdentical: true,
      // In the publishing transaction: a batch is never published without its API record (and so
      // without its body hash, which is what makes a retry of the same bytes return it).
      onPublish: async (batchId, counts) => {
        const now = ctx.clock.now().getTime();
        const { remaining } = await insertApiBatch(ctx.db, {
          importBatchId: batchId,
          campaignId: campaign.id,
          tokenId: input.tokenId ?? null,
          bodySha256: sha,
          items: counts.imported,
          alreadyPresent: counts.skippedExisting,
          now,
        });
        if (remaining === 0) {
          // Every item came complete (judgments with the file), or none was new: complete at once.
          await markApiBatchComplete(ctx.db, batchId, now);
          await emitEvent(ctx.db, {
            campaignId: campaign.id,
            campaign: campaign.name,
            type: "batch.completed",
            key: String(batchId),
            data: { batch_id: batchId },
            now,
          });
        }
      },
    });
    return { batch: await batchView(ctx, await requireBatch(ctx, result.batchId)), replayed: false };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
