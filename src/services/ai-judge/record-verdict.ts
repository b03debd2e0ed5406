import { combineOrders, type OrderVerdict, type PairVerdict } from "../../domain/ai-judge/combine.js";
import { routePair, type Route } from "../../domain/ai-judge/routing.js";
import type { AiJudgeSettings } from "../../domain/ai-judge/settings.js";
import type { CampaignSettings } from "../../domain/campaign-settings.js";
import type { DisplayOrder } from "../../domain/choice.js";
import { insertAiJudgment } from "../../storage/repos/ai-judgments.repo.js";
import { findComparison, setTargetOverlap } from "../../storage/repos/comparisons.repo.js";
import type { JudgeAnswerRow } from "../../storage/repos/judge-answers.repo.js";
import { withTransaction, type ServiceContext } from "../context.js";

/**
 * How a run's writes commit: not fsynced one by one (a run stores three a pair; at one fsync each it
 * spent most of its time waiting for the disk). They survive a crash or SIGKILL of the process; a
 * power cut can lose the last of them whole, and the next run asks for those pairs again. Nothing
 * here was promised to a person, and the run's end (or any vote meanwhile) makes them durable.
 */
export const PRESCORE_WRITE = { durable: false } as const;

export interface RecordedVerdict {
  verdict: PairVerdict;
  route: Route;
  targetBefore: number;
  targetAfter: number;
}

const toOrderVerdict = (row: JudgeAnswerRow): OrderVerdict => ({
  order: row.displayOrder,
  choice: row.choice,
  probability: row.probability ?? undefined,
  rubric: JSON.parse(row.rubricScores) as OrderVerdict["rubric"],
});

/**
 * Combines a pair's two answers into the judge's verdict and, in one short transaction, stores it
 * as a judgment with source `ai` and routes the pair: its target of human judgments rises
 * (borderline), falls (confident, when the campaign says so) or stays. Undefined when this judge
 * already has a verdict on the pair (another run stored it first).
 */
export async function recordVerdict(
  ctx: ServiceContext,
  input: {
    campaignId: number;
    comparisonId: number;
    judge: { id: number; model: string; promptVersion: string };
    runId: number | null;
    guidelineVersionId: number | null;
    answers: Record<DisplayOrder, JudgeAnswerRow>;
    settings: CampaignSettings;
    ai: AiJudgeSettings;
  },
): Promise<RecordedVerdict | undefined> {
  const verdict = combineOrders(toOrderVerdict(input.answers.ab), toOrderVerdict(input.answers.ba));
  return await withTransaction(
    ctx,
    async () => {
      const item = await findComparison(ctx.db, input.comparisonId);
      if (!item) return undefined;
      const { route, target } = routePair({
        ordersAgree: verdict.ordersAgree,
        confidence: verdict.confidence,
        currentTarget: item.targetOverlap,
        overlap: input.settings.overlap,
        maxOverlap: input.settings.maxOverlap,
        judge: input.ai,
      });
      const judgmentId = await insertAiJudgment(ctx.db, {
        campaignId: input.campaignId,
        comparisonId: input.comparisonId,
        judgeId: input.judge.id,
        runId: input.runId,
        guidelineVersionId: input.guidelineVersionId,
        choice: verdict.choice,
        rationale: input.answers.ab.explanation,
        rubricScores: verdict.rubric,
        model: input.judge.model,
        promptVersion: input.judge.promptVersion,
        ordersAgree: verdict.ordersAgree,
        confidence: verdict.confidence,
        route,
        targetBefore: item.targetOverlap,
        targetAfter: target,
        at: ctx.clock.now().getTime(),
      });
      if (judgmentId === undefined) return undefined;
      if (target !== item.targetOverlap) await setTargetOverlap(ctx.db, item.id, target);
      return { verdict, route, targetBefore: item.targetOverlap, targetAfter: target };
    },
    PRESCORE_WRITE,
  );
}
