import { screenChoiceLabel, toScreenChoice } from "../../domain/choice.js";
import type { JudgeReviewSide } from "../action-ids.js";
import { campaignOfPair, decideJudgeReview, nextJudgeReview } from "../../services/ai-judge/judge-review.js";
import { requireCampaignById } from "../../services/find-campaign.js";
import { judgeReviewCard, judgeReviewEnd } from "../cards/judge-review-card.js";
import type { DispatchDeps } from "../dispatch-context.js";
import type { InboundEvent, Reply } from "../events.js";
import { requireCampaignLead } from "../lead-access.js";
import type { MessageView } from "../views.js";

/** The next pair of a lead's review of the judge's disagreements (after the pair `after`), or the end. */
export async function judgeReviewView(deps: DispatchDeps, campaignId: number, after?: number, recorded?: string): Promise<MessageView> {
  const step = await nextJudgeReview(deps.services, after === undefined ? { campaignId } : { campaignId, after });
  return step.kind === "case" ? judgeReviewCard(step.case, recorded) : judgeReviewEnd(step, recorded);
}

/** The judge report's "Review disagreements" button: the first pair to decide, for a lead of the campaign only. */
export async function handleJudgeReviewStart(deps: DispatchDeps, event: InboundEvent, campaignId: number): Promise<Reply> {
  const campaign = await requireCampaignById(deps.services, campaignId);
  await requireCampaignLead(deps, event, campaign);
  return { kind: "update", view: await judgeReviewView(deps, campaign.id) };
}

/**
 * A decision on one pair: the humans' answer or the judge's becomes the item's adjudication, or
 * the pair is skipped; then the next pair. The campaign, and so the right to decide, comes from the
 * stored pair, never from the payload.
 */
export async function handleJudgeDecision(deps: DispatchDeps, event: InboundEvent, comparisonId: number, side: JudgeReviewSide): Promise<Reply> {
  const campaign = await campaignOfPair(deps.services, comparisonId);
  await requireCampaignLead(deps, event, campaign);
  if (side === "skip") return { kind: "update", view: await judgeReviewView(deps, campaign.id, comparisonId) };
  const decision = await decideJudgeReview(deps.services, { comparisonId, side, lead: `${event.user.platform}:${event.user.userId}` });
  let recorded: string;
  switch (decision.status) {
    case "recorded":
      recorded = `Recorded ${side === "humans" ? "the humans' answer" : "the judge's answer"}, ${screenChoiceLabel(toScreenChoice(decision.choice, "ab"))}, as the final label of the previous pair.`;
      break;
    case "already_decided":
      recorded = "Another lead gave the previous pair its final answer first; theirs stands.";
      break;
    case "changed":
      recorded =
        "The previous pair changed since it was shown (new votes, or another judge): nothing was recorded; the next review shows it again if the judge and the humans still disagree.";
      break;
  }
  return { kind: "update", view: await judgeReviewView(deps, campaign.id, comparisonId, recorded) };
}
