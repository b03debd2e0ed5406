import type { Choice } from "../../domain/choice.js";
import type { CampaignRow } from "../../storage/repos/campaigns.repo.js";
import { latestVerdictOfPair } from "../../storage/repos/ai-judgments.repo.js";
import type { ServiceContext } from "../context.js";
import { campaignSettings } from "../find-campaign.js";

/** The AI judge's verdict as a card may show it, by the campaign's `aiJudge.show`. */
export interface JudgeHint {
  show: "after_vote" | "before_vote";
  choice: Choice;
  confidence: number;
  /** False when the judge's two readings disagreed: there is no suggestion to give then. */
  ordersAgree: boolean;
}

/**
 * What an annotator may see of the judge's verdict on a regular item: nothing when the campaign
 * says `never` (the default, no anchoring) or the pair is not scored yet; otherwise the verdict,
 * for the card to show after the vote or as a suggestion before it. Gold and calibration items
 * never get one (the judge does not score them).
 */
export async function judgeHint(ctx: ServiceContext, campaign: CampaignRow, comparison: { id: number; kind: string }): Promise<JudgeHint | undefined> {
  const show = campaignSettings(campaign).aiJudge?.show ?? "never";
  if (show === "never" || comparison.kind !== "regular") return undefined;
  const verdict = await latestVerdictOfPair(ctx.db, comparison.id);
  return verdict ? { show, choice: verdict.choice, confidence: verdict.confidence, ordersAgree: verdict.ordersAgree } : undefined;
}
