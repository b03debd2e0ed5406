import { estimateTokens, promptVersionOf } from "../../domain/ai-judge/prompt.js";
import { DEFAULT_AI_JUDGE, type AiJudgeSettings } from "../../domain/ai-judge/settings.js";
import type { CampaignSettings } from "../../domain/campaign-settings.js";
import { DISPLAY_ORDERS } from "../../domain/choice.js";
import { PairwiseError } from "../../errors.js";
import { findJudgeAnnotator, unscoredPairs } from "../../storage/repos/ai-judgments.repo.js";
import { latestGuidelineVersion, type CampaignRow } from "../../storage/repos/campaigns.repo.js";
import { findComparison } from "../../storage/repos/comparisons.repo.js";
import { answersOfPair } from "../../storage/repos/judge-answers.repo.js";
import type { ServiceContext } from "../context.js";
import { campaignSettings, requireCampaign } from "../find-campaign.js";
import { orderMessages } from "./score-pair.js";

/** A campaign's judge as it is configured: the campaign file's `aiJudge:` over PAIRWISE_JUDGE_MODEL. */
export interface JudgeChoice {
  campaign: CampaignRow;
  settings: CampaignSettings;
  ai: AiJudgeSettings;
  model: string;
  promptVersion: string;
}

/** Resolves which judge scores a campaign, or says what to set. */
export async function judgeOf(ctx: ServiceContext, campaignName: string, defaultModel: string | undefined): Promise<JudgeChoice> {
  const campaign = await requireCampaign(ctx, campaignName);
  const settings = campaignSettings(campaign);
  const ai = settings.aiJudge ?? DEFAULT_AI_JUDGE;
  const model = ai.model ?? defaultModel;
  if (!model) {
    throw new PairwiseError(
      "CONFIG",
      `No judge model for "${campaign.name}": set PAIRWISE_JUDGE_MODEL (for example PAIRWISE_JUDGE_MODEL=qwen2.5:7b-instruct), or aiJudge.model in the campaign file.`,
    );
  }
  return { campaign, settings, ai, model, promptVersion: promptVersionOf(ai.promptTemplate) };
}

/** What a dry run reports: the work and an estimate of its tokens, without calling the server. */
export interface PrescoreEstimate {
  pairs: number;
  requests: number;
  /** About four characters a token (see estimateTokens); the server's count will differ somewhat. */
  promptTokens: number;
  /** The most the answers can take: aiJudge.maxTokens per request. */
  completionTokensMax: number;
}

/** The pairs a run would score: regular pairs this judge has not scored (only one import batch's, if given). */
export async function pairsToScore(
  ctx: ServiceContext,
  judge: JudgeChoice,
  options: { limit?: number | undefined; batchId?: number | undefined },
): Promise<{ judgeId: number | undefined; pairs: number[] }> {
  const judgeId = await findJudgeAnnotator(ctx.db, judge);
  const pairs = await unscoredPairs(ctx.db, { campaignId: judge.campaign.id, judgeId: judgeId ?? -1, batchId: options.batchId, limit: options.limit });
  return { judgeId, pairs };
}

/** Counts the requests a run would make (orders a stopped run already got are not asked again) and estimates their tokens. */
export async function estimatePrescore(
  ctx: ServiceContext,
  judge: JudgeChoice,
  plan: { judgeId: number | undefined; pairs: number[] },
): Promise<PrescoreEstimate> {
  const guideline = await latestGuidelineVersion(ctx.db, judge.campaign.id);
  const scoring = { settings: judge.settings, ai: judge.ai, guideline: guideline ? { id: guideline.id, text: guideline.text } : undefined };
  let requests = 0;
  let promptTokens = 0;
  for (const id of plan.pairs) {
    const item = await findComparison(ctx.db, id);
    if (!item) continue;
    const have = new Set(plan.judgeId === undefined ? [] : (await answersOfPair(ctx.db, id, plan.judgeId)).map((a) => a.displayOrder));
    for (const order of DISPLAY_ORDERS) {
      if (have.has(order)) continue;
      requests++;
      // A few tokens per message for the chat template's role markers.
      promptTokens += orderMessages(scoring, item, order).reduce((n, m) => n + estimateTokens(m.content) + 4, 0);
    }
  }
  return { pairs: plan.pairs.length, requests, promptTokens, completionTokensMax: requests * judge.ai.maxTokens };
}
