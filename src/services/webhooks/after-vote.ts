import type { CampaignRow } from "../../storage/repos/campaigns.repo.js";
import { countDownApiBatch } from "../../storage/repos/api-batches.repo.js";
import { annotatorIdentityById } from "../../storage/repos/annotator-identity.repo.js";
import { itemCompletion } from "../../storage/repos/item-completion.repo.js";
import type { ServiceContext } from "../context.js";
import type { QualityOutcome } from "../quality/after-judgment.js";
import { emitEvent } from "./events.js";
import { annotatorNamer } from "../../io/export/annotator-name.js";

/**
 * The events a new judgment can cause, written in the vote's own transaction (the outbox rule):
 * `item.completed` when this judgment brought the item to its target overlap (after the quality
 * rules had their say: an item they extended is not complete), `batch.completed` when it was the
 * last item of an API batch, and `annotator.flagged` when the judgment flagged its annotator.
 * Costs one primary-key read on a vote that completes nothing.
 */
export async function emitVoteEvents(
  ctx: ServiceContext,
  v: { campaign: CampaignRow; comparisonId: number; annotatorId: number; judgmentId: number; quality: QualityOutcome },
): Promise<void> {
  const now = ctx.clock.now().getTime();
  const base = { campaignId: v.campaign.id, campaign: v.campaign.name, now };
  if (v.quality.goldFlag || (v.quality.anomalies && v.quality.anomalies.length > 0)) {
    const reason = v.quality.goldFlag ? "gold_accuracy" : v.quality.anomalies![0]!;
    // Named as exports and reports name people: a pseudonym, never a platform user id.
    const who = (await annotatorIdentityById(ctx.db, v.annotatorId))!;
    await emitEvent(ctx.db, {
      ...base,
      type: "annotator.flagged",
      key: `${v.judgmentId}:${reason}`,
      data: { annotator: (await annotatorNamer(ctx.db))(who), judgment_id: v.judgmentId, reason },
    });
  }
  const item = await itemCompletion(ctx.db, v.comparisonId);
  if (!item || item.kind !== "regular" || item.doneCount !== item.targetOverlap) return;
  const batch = item.importBatchId;
  await emitEvent(ctx.db, {
    ...base,
    type: "item.completed",
    key: String(v.comparisonId),
    data: { item_id: item.externalId, judgments: item.doneCount, batch_id: batch },
  });
  if (batch !== null && (await countDownApiBatch(ctx.db, batch, now))) {
    await emitEvent(ctx.db, { ...base, type: "batch.completed", key: String(batch), data: { batch_id: batch } });
  }
}
