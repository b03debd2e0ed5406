import { prepared } from "../../storage/prepared.js";
import { z } from "zod";
import type { Choice, DisplayOrder } from "../../domain/choice.js";
import { PairwiseError } from "../../errors.js";
import { ensureAnnotator, findAnnotator, type AnnotatorIdentity } from "../../storage/repos/annotators.repo.js";
import type { CampaignRow } from "../../storage/repos/campaigns.repo.js";
import { findCampaignById } from "../../storage/repos/campaigns.repo.js";
import { findComparison, type ComparisonRecord } from "../../storage/repos/comparisons.repo.js";
import { campaignSettings } from "../find-campaign.js";
import { withTransaction, type ServiceContext } from "../context.js";

/** Sends a judgment to peer review: always when flagged, otherwise at the campaign's rate. */
export function maybeQueueReview(ctx: ServiceContext, input: { campaign: CampaignRow; judgmentId: number; reason: string | "sample" }): boolean {
  if (input.reason === "sample" && ctx.random() >= campaignSettings(input.campaign).peerReviewRate) return false;
  const reason = input.reason === "sample" ? "sampled" : input.reason;
  return (
    prepared(ctx.db, "INSERT INTO peer_reviews (campaign_id, judgment_id, reason, created_at) VALUES (?, ?, ?, ?) ON CONFLICT (judgment_id) DO NOTHING").run(
      input.campaign.id,
      input.judgmentId,
      reason,
      ctx.clock.now().getTime(),
    ).changes > 0
  );
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
export function claimReview(ctx: ServiceContext, input: { campaign: CampaignRow; annotator: AnnotatorIdentity }): ReviewCase | undefined {
  const settings = campaignSettings(input.campaign);
  const now = ctx.clock.now();
  return withTransaction(ctx, () => {
    const reviewer = ensureAnnotator(ctx.db, input.annotator, now);
    if (!mayReview(reviewer.status, settings.qualificationGate)) return undefined;
    // The reviewer's own earlier claim comes back first.
    const row = prepared(
      ctx.db,
      `UPDATE peer_reviews SET reviewer_id = @reviewer, status = 'claimed', lease_ends_at = @lease
         WHERE id = (
           SELECT r.id FROM peer_reviews r JOIN judgments j ON j.id = r.judgment_id
           WHERE r.campaign_id = @campaign AND (r.status = 'pending' OR (r.status = 'claimed' AND (r.lease_ends_at < @now OR r.reviewer_id = @reviewer)))
             AND j.annotator_id <> @reviewer
             AND NOT EXISTS (SELECT 1 FROM judgments o WHERE o.comparison_id = j.comparison_id AND o.annotator_id = @reviewer)
           ORDER BY (r.reviewer_id = @reviewer) DESC, r.id LIMIT 1)
         RETURNING id, judgment_id, lease_ends_at`,
    ).get({ reviewer: reviewer.id, lease: now.getTime() + settings.leaseMinutes * 60_000, campaign: input.campaign.id, now: now.getTime() }) as
      | { id: number; judgment_id: number; lease_ends_at: number }
      | undefined;
    if (!row) return undefined;
    const j = prepared(ctx.db, "SELECT comparison_id, choice, display_order, rationale FROM judgments WHERE id = ?").get(row.judgment_id) as {
      comparison_id: number;
      choice: Choice;
      display_order: DisplayOrder | null;
      rationale: string | null;
    };
    return {
      reviewId: row.id,
      campaign: input.campaign,
      comparison: findComparison(ctx.db, j.comparison_id)!,
      displayOrder: j.display_order ?? "ab",
      choice: j.choice,
      rationale: j.rationale,
      leaseEndsAt: row.lease_ends_at,
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
export function recordReview(
  ctx: ServiceContext,
  annotator: AnnotatorIdentity,
  raw: z.input<typeof RecordReviewInput>,
): { campaign: CampaignRow; status: "recorded" | "already_recorded" } {
  const input = RecordReviewInput.parse(raw);
  if (input.verdict === "disagree" && (input.note ?? "").length < 3) {
    throw new PairwiseError("VALIDATION", "Say briefly why you disagree.", { fieldErrors: { note: "Say briefly why you disagree (at least 3 characters)." } });
  }
  const now = ctx.clock.now().getTime();
  return withTransaction(ctx, () => {
    const review = prepared(ctx.db, "SELECT r.*, j.comparison_id FROM peer_reviews r JOIN judgments j ON j.id = r.judgment_id WHERE r.id = ?").get(
      input.reviewId,
    ) as { id: number; campaign_id: number; judgment_id: number; reviewer_id: number | null; status: string; comparison_id: number } | undefined;
    if (!review) throw new PairwiseError("NOT_FOUND", "This review no longer exists.");
    const me = findAnnotator(ctx.db, annotator);
    if (!me || review.reviewer_id !== me.id)
      throw new PairwiseError("FORBIDDEN", "This review was given to someone else. Ask for your own with `/pairwise next`.");
    const campaign = findCampaignById(ctx.db, review.campaign_id)!;
    if (review.status === "agreed" || review.status === "disagreed") return { campaign, status: "already_recorded" };
    prepared(ctx.db, "UPDATE peer_reviews SET status = ?, note = ?, reviewed_at = ? WHERE id = ?").run(
      input.verdict === "agree" ? "agreed" : "disagreed",
      input.note ?? null,
      now,
      review.id,
    );
    if (input.verdict === "disagree") {
      prepared(
        ctx.db,
        "INSERT INTO judgment_flags (judgment_id, kind, detail, created_at) VALUES (?, 'peer_disagreed', ?, ?) ON CONFLICT (judgment_id, kind) DO UPDATE SET detail = excluded.detail",
      ).run(review.judgment_id, `a peer reviewer disagreed: ${input.note}`, now);
      prepared(
        ctx.db,
        "INSERT INTO adjudications (campaign_id, comparison_id, reason, created_at) VALUES (?, ?, 'review', ?) ON CONFLICT (comparison_id) DO NOTHING",
      ).run(review.campaign_id, review.comparison_id, now);
    }
    return { campaign, status: "recorded" };
  });
}
