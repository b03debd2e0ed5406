import { z } from "zod";
import type { Choice } from "../../domain/choice.js";
import { PairwiseError } from "../../errors.js";
import type { CampaignRow } from "../../storage/repos/campaigns.repo.js";
import { findComparison, type ComparisonRecord } from "../../storage/repos/comparisons.repo.js";
import {
  decidedItems,
  humanVotesOfItem,
  recordLeadDecision,
  verdictOfJudgeOnPair,
  type ItemHumanVote,
  type PairVerdictOfJudge,
} from "../../storage/repos/judge-review.repo.js";
import { withTransaction, type ServiceContext } from "../context.js";
import { requireCampaignById } from "../find-campaign.js";
import { confidentMajorityAgainst, judgeDisagreements, pickJudge, reviewOrder } from "./disagreements.js";

/*
 * A lead's review of the pairs where the AI judge disagrees with a confident human majority (the
 * judge report lists them): one pair at a time, in the report's order (the judge's most confident
 * first), each confirmed for the humans, decided for the judge, or skipped. A decision is the
 * lead's adjudication of the item (reason `judge`), which exports take as its final label.
 *
 * The walk keeps no state: each step names the pair it came from, and the next is the first pair
 * after it in review order that has no final answer yet.
 */

/** How a lead who reads the report reaches the review, for the report's text (CLI and chat). */
export const judgeReviewHint = (campaign: string): string =>
  `Review them one at a time (confirm the humans, side with the judge, or skip): \`/pairwise adjudicate ${campaign} judge\` in Slack, Discord or the terminal playground, or the "Review disagreements" button under the report in chat.`;

/** One pair for the lead to decide, with where it stands in the review. */
export interface JudgeReviewCase {
  campaign: CampaignRow;
  comparison: ComparisonRecord;
  judge: PairVerdictOfJudge;
  /** People's judgments of the pair, oldest first, without who made them. */
  votes: ItemHumanVote[];
  /** The confident human majority the judge goes against. */
  majority: Choice;
  /** 1-based place of this pair among all the disagreements, and how many there are. */
  position: number;
  total: number;
  /** How many of them already have a lead's final answer. */
  decided: number;
}

/** The next step of a review: a pair to decide, or the end. */
export type JudgeReviewStep =
  | { kind: "case"; case: JudgeReviewCase }
  | {
      kind: "done";
      campaign: CampaignRow;
      /** False when no AI judge has scored the campaign. */
      scored: boolean;
      total: number;
      decided: number;
      /** True when the lead went through the pairs (a step came after one), false when nothing was left to start with. */
      walked: boolean;
    };

/**
 * The first pair after `after` (a comparison id; none: from the start) in review order that has
 * no lead's final answer yet, or the end of the review.
 */
export async function nextJudgeReview(ctx: ServiceContext, input: { campaignId: number; after?: number }): Promise<JudgeReviewStep> {
  const campaign = await requireCampaignById(ctx, input.campaignId);
  const { judge, disagreements, verdicts } = await judgeDisagreements(ctx, campaign);
  const decided = await decidedItems(ctx.db, campaign.id);
  const decidedCount = disagreements.filter((d) => decided.has(d.comparisonId)).length;
  const walked = input.after !== undefined;
  // Where the walk resumes: after the pair it came from, by that pair's place in review order (it
  // may have left the list since, when its votes changed).
  const from = input.after === undefined ? undefined : verdicts.get(input.after);
  const cursor = from && { confidence: from.confidence, comparisonId: from.comparisonId };
  const index = disagreements.findIndex((d) => !decided.has(d.comparisonId) && (!cursor || reviewOrder(cursor, d) < 0));
  const next = disagreements[index];
  if (!judge || !next) return { kind: "done", campaign, scored: judge !== undefined, total: disagreements.length, decided: decidedCount, walked };
  const judged = await verdictOfJudgeOnPair(ctx.db, next.comparisonId, judge.judgeId);
  const comparison = await findComparison(ctx.db, next.comparisonId);
  if (!judged || !comparison) throw new PairwiseError("NOT_FOUND", "That pair no longer exists. Start the review again.");
  return {
    kind: "case",
    case: {
      campaign,
      comparison,
      judge: judged,
      votes: await humanVotesOfItem(ctx.db, next.comparisonId),
      majority: next.majority,
      position: index + 1,
      total: disagreements.length,
      decided: decidedCount,
    },
  };
}

/** The campaign of a pair named by a button, looked up here (a payload only names the pair). */
export async function campaignOfPair(ctx: ServiceContext, comparisonId: number): Promise<CampaignRow> {
  const comparison = await findComparison(ctx.db, comparisonId);
  if (!comparison) throw new PairwiseError("NOT_FOUND", "This pair no longer exists. Start the review again with `/pairwise adjudicate <campaign> judge`.");
  return await requireCampaignById(ctx, comparison.campaignId);
}

export const DecideJudgeReviewInput = z.object({
  comparisonId: z.number().int().positive(),
  /** `humans`: the confident human majority is the final label; `judge`: the judge's verdict is. */
  side: z.enum(["humans", "judge"]),
  /** The lead, as platform:user. */
  lead: z.string().min(1),
});

/** What became of a decision. */
export type JudgeReviewDecision =
  | { status: "recorded"; campaign: CampaignRow; choice: Choice }
  /** Another lead (or an earlier adjudication) gave the pair its final answer first; that answer stands. */
  | { status: "already_decided"; campaign: CampaignRow }
  /** The pair is no longer a disagreement with a confident majority (new votes, or a new judge): nothing recorded. */
  | { status: "changed"; campaign: CampaignRow };

/**
 * Records a lead's decision on a disagreement as the item's adjudication, with a note saying which
 * side the lead took against which, for the export's resolution log. The choice comes from the
 * stored votes and verdict at the moment of the decision, never from the button.
 */
export async function decideJudgeReview(ctx: ServiceContext, input: z.input<typeof DecideJudgeReviewInput>): Promise<JudgeReviewDecision> {
  const { comparisonId, side, lead } = DecideJudgeReviewInput.parse(input);
  const campaign = await campaignOfPair(ctx, comparisonId);
  return await withTransaction(ctx, async (): Promise<JudgeReviewDecision> => {
    const { judge } = await pickJudge(ctx, campaign);
    const verdict = judge && (await verdictOfJudgeOnPair(ctx.db, comparisonId, judge.judgeId));
    const votes = await humanVotesOfItem(ctx.db, comparisonId);
    const majority = verdict && confidentMajorityAgainst(verdict.choice, votes);
    if (!verdict || !majority) return { status: "changed", campaign };
    const choice = side === "judge" ? verdict.choice : majority;
    const tally = tallyText(votes);
    const judgeText = `the AI judge ${verdict.model} (${verdict.choice}, ${Math.round(verdict.confidence * 100)}% confident)`;
    const note =
      side === "judge"
        ? `Judge review: sided with ${judgeText} against the human majority (${tally}).`
        : `Judge review: confirmed the human majority (${tally}) against ${judgeText}.`;
    const recorded = await recordLeadDecision(ctx.db, { campaignId: campaign.id, comparisonId, choice, note, lead, at: ctx.clock.now().getTime() });
    return recorded ? { status: "recorded", campaign, choice } : { status: "already_decided", campaign };
  });
}

/** People's votes by choice, most first: "b 2, a 1". */
function tallyText(votes: readonly ItemHumanVote[]): string {
  const counts = new Map<Choice, number>();
  for (const v of votes) counts.set(v.choice, (counts.get(v.choice) ?? 0) + 1);
  return [...counts.entries()]
    .sort((x, y) => y[1] - x[1])
    .map(([choice, n]) => `${choice} ${n}`)
    .join(", ");
}
