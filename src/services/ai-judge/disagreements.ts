import type { Choice } from "../../domain/choice.js";
import { majorityLabel } from "../../io/export/aggregate.js";
import { aiVerdictsOfJudge, judgesOfCampaign, type AiVerdictRow } from "../../storage/repos/ai-judgments.repo.js";
import type { CampaignRow } from "../../storage/repos/campaigns.repo.js";
import { humanVotesOfCampaign, type HumanVoteRow } from "../../storage/repos/judgments.repo.js";
import type { ServiceContext } from "../context.js";
import { campaignSettings } from "../find-campaign.js";

/** A human majority this strong (with at least two people) is "confident": the judge disagreeing with it is worth a look. */
const CONFIDENT_SHARE = 2 / 3;

/** The judge whose verdicts a campaign's report and review read. */
export interface CampaignJudge {
  judgeId: number;
  model: string;
  promptVersion: string;
}

/** Which judge the report reads: the one the campaign names if it scored pairs, else the one with the most verdicts. */
export async function pickJudge(ctx: ServiceContext, campaign: CampaignRow): Promise<{ judge: CampaignJudge | undefined; others: number }> {
  const judges = await judgesOfCampaign(ctx.db, campaign.id);
  const named = campaignSettings(campaign).aiJudge?.model;
  return { judge: judges.find((j) => j.model === named) ?? judges[0], others: judges.length - 1 };
}

/** People's votes as the majority rule reads them. */
const asVotes = (votes: readonly { choice: Choice }[]) => votes.map((h, i) => ({ annotator: i, choice: h.choice, confidence: null }));

/**
 * The confident human majority the judge's verdict goes against, or undefined when there is none:
 * two people or more, a majority of at least two thirds, and not the judge's choice.
 */
export function confidentMajorityAgainst(judgeChoice: Choice, votes: readonly { choice: Choice }[]): Choice | undefined {
  const majority = majorityLabel(asVotes(votes));
  return majority && votes.length >= 2 && majority.agreement >= CONFIDENT_SHARE && majority.label !== judgeChoice ? majority.label : undefined;
}

/** A pair where the judge disagrees with a confident human majority, for a lead to review. */
export interface JudgeDisagreement {
  item: string;
  comparisonId: number;
  /** People's votes by stored choice. */
  humans: Record<string, number>;
  majority: Choice;
  judge: Choice;
  confidence: number;
  explanation: string | null;
}

export function disagreementOf(v: AiVerdictRow, votes: readonly { choice: Choice }[], majority: Choice): JudgeDisagreement {
  const humans: Record<string, number> = {};
  for (const h of votes) humans[h.choice] = (humans[h.choice] ?? 0) + 1;
  return { item: v.externalId, comparisonId: v.comparisonId, humans, majority, judge: v.choice, confidence: v.confidence, explanation: v.rationale };
}

/** The order a lead reviews them in: the judge's most confident verdicts first, then by item. */
export const reviewOrder = (x: { confidence: number; comparisonId: number }, y: { confidence: number; comparisonId: number }): number =>
  y.confidence - x.confidence || x.comparisonId - y.comparisonId;

/** Every pair of a campaign where the judge disagrees with a confident human majority, in review order, with the judge's verdicts by item. */
export async function judgeDisagreements(
  ctx: ServiceContext,
  campaign: CampaignRow,
): Promise<{ judge: CampaignJudge | undefined; disagreements: JudgeDisagreement[]; verdicts: Map<number, AiVerdictRow> }> {
  const { judge } = await pickJudge(ctx, campaign);
  if (!judge) return { judge, disagreements: [], verdicts: new Map() };
  const verdicts = new Map((await aiVerdictsOfJudge(ctx.db, campaign.id, judge.judgeId)).map((v) => [v.comparisonId, v]));
  const votesByItem = new Map<number, HumanVoteRow[]>();
  for (const v of await humanVotesOfCampaign(ctx.db, campaign.id)) {
    const list = votesByItem.get(v.comparisonId);
    if (list) list.push(v);
    else votesByItem.set(v.comparisonId, [v]);
  }
  const disagreements: JudgeDisagreement[] = [];
  for (const v of verdicts.values()) {
    const votes = votesByItem.get(v.comparisonId) ?? [];
    const majority = confidentMajorityAgainst(v.choice, votes);
    if (majority) disagreements.push(disagreementOf(v, votes, majority));
  }
  return { judge, disagreements: disagreements.sort(reviewOrder), verdicts };
}
