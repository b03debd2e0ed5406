import { z } from "zod";
import type { Choice, DisplayOrder } from "../../domain/choice.js";
import { PairwiseError } from "../../errors.js";
import { ensureAnnotator, findAnnotator, type AnnotatorIdentity } from "../../storage/repos/annotators.repo.js";
import type { CampaignRow } from "../../storage/repos/campaigns.repo.js";
import { findCampaignById } from "../../storage/repos/campaigns.repo.js";
import { findComparison, type ComparisonRecord } from "../../storage/repos/comparisons.repo.js";
import { campaignSettings } from "../find-campaign.js";
import { withTransaction, type ServiceContext } from "../context.js";
import { claimPeerReview, findPeerReview, judgmentUnderReview, queuePeerReview, recordPeerReviewVerdict } from "../../storage/repos/peer-reviews.repo.js";
import { upsertJudgmentFlag } from "../../storage/repos/judgment-flags.repo.js";
import { queueAdjudication } from "../../storage/repos/adjudications.repo.js";

/** Sends a judgment to peer review: always when flagged, otherwise at the campaign's rate. */
export async function maybeQueueReview(ctx: ServiceContext, input: { campaign: CampaignRow; judgmentId: number; reason: string | "sample" }): Promise<boolean> {
  if (input.reason === "sample" && ctx.random() >= campaignSettings(input.campaign).peerReviewRate) return false;
  const reason = input.reason === "sample" ? "sampled" : input.reason;
  return await queuePeerReview(ctx.db, { campaignId: input.campaign.id, judgmentId: input.judgmentId, reason, at: ctx.clock.now().getTime() });
}

export interface ReviewCase {
  reviewId: number;
  campaign: CampaignRow;
  comparison: ComparisonRecord;
  /** The order the original annotator saw, so "Response 1" means the same to both. */
  displayOrder: DisplayOrder;
  choice: Choice;
  rationale: string | null;
  leaseEndsAt: number;
}

/** Who may review: qualified annotators; with the qualification gate off, anyone not suspended or flagged. */
function mayReview(status: string, gate: boolean): boolean {
  return status === "qualified" || (!gate && status === "new");
}

/**
 * Claims the oldest waiting review this annotator may take: not their own judgment, not an item
 * they judged themselves. A claim is leased like an assignment, so an abandoned one goes back.
 */
export async function claimReview(ctx: ServiceContext, input: { campaign: CampaignRow; annotator: AnnotatorIdentity }): Promise<ReviewCase | undefined> {
  const settings = campaignSettings(input.campaign);
  const now = ctx.clock.now();
  return await withTransaction(ctx, async () => {
    const reviewer = await ensureAnnotator(ctx.db, input.annotator, now);
    if (!mayReview(reviewer.status, settings.qualificationGate)) return undefined;
    // The reviewer's own earlier claim comes back first.
    const row = await claimPeerReview(ctx.db, {
      campaignId: input.campaign.id,
      reviewerId: reviewer.id,
      now: now.getTime(),
      leaseEndsAt: now.getTime() + settings.leaseMinutes * 60_000,
    });
    if (!row) return undefined;
    const j = (await judgmentUnderReview(ctx.db, row.judgmentId))!;
    return {
      reviewId: row.id,
      campaign: input.campaign,
      comparison: (await findComparison(ctx.db, j.comparisonId))!,
      displayOrder: j.displayOrder ?? "ab",
      choice: j.choice,
      rationale: j.rationale,
      leaseEndsAt: row.leaseEndsAt,
    };
  });
}

export const RecordReviewInput = z.object({
  reviewId: z.number().int().positive(),
  verdict: z.enum(["agree", "disagree"]),
  note: z.string().trim().max(2000).optional(),
});

/**
 * Records a reviewer's verdict. A disagreement needs a note, flags the judgment and sends the item
 * to the leads' adjudication queue. Only the reviewer who claimed it may answer.
 */
export async function recordReview(
  ctx: ServiceContext,
  annotator: AnnotatorIdentity,
  raw: z.input<typeof RecordReviewInput>,
): Promise<{ campaign: CampaignRow; status: "recorded" | "already_recorded" }> {
  const input = RecordReviewInput.parse(raw);
  if (input.verdict === "disagree" && (input.note ?? "").length < 3) {
    throw new PairwiseError("VALIDATION", "Say briefly why you disagree.", { fieldErrors: { note: "Say briefly why you disagree (at least 3 characters)." } });
  }
  const now = ctx.clock.now().getTime();
  return await withTransaction(ctx, async () => {
    const review = await findPeerReview(ctx.db, input.reviewId);
    if (!review) throw new PairwiseError("NOT_FOUND", "This review no longer exists.");
    const me = await findAnnotator(ctx.db, annotator);
    if (!me || review.reviewerId !== me.id)
      throw new PairwiseError("FORBIDDEN", "This review was given to someone else. Ask for your own with `/pairwise next`.");
    const campaign = (await findCampaignById(ctx.db, review.campaignId))!;
    if (review.status === "agreed" || review.status === "disagreed") return { campaign, status: "already_recorded" };
    await recordPeerReviewVerdict(ctx.db, { id: review.id, status: input.verdict === "agree" ? "agreed" : "disagreed", note: input.note ?? null, at: now });
    if (input.verdict === "disagree") {
      await upsertJudgmentFlag(ctx.db, { judgmentId: review.judgmentId, kind: "peer_disagreed", detail: `a peer reviewer disagreed: ${input.note}`, at: now });
      await queueAdjudication(ctx.db, { campaignId: review.campaignId, comparisonId: review.comparisonId, reason: "review", at: now });
    }
    return { campaign, status: "recorded" };
  });
}
