import { toOrderVerdict } from "../../domain/ai-judge/combine.js";
import { judgeMessages } from "../../domain/ai-judge/prompt.js";
import type { AiJudgeSettings } from "../../domain/ai-judge/settings.js";
import type { CampaignSettings } from "../../domain/campaign-settings.js";
import { DISPLAY_ORDERS, type DisplayOrder } from "../../domain/choice.js";
import type { ComparisonRecord } from "../../storage/repos/comparisons.repo.js";
import { findComparison } from "../../storage/repos/comparisons.repo.js";
import { answersOfPair, insertJudgeAnswer, type JudgeAnswerRow } from "../../storage/repos/judge-answers.repo.js";
import { withTransaction, type ServiceContext } from "../context.js";
import { askOrder, type JudgeSession } from "./ask-order.js";
import type { JudgeFailureKind } from "./judge-port.js";
import { PRESCORE_WRITE, recordVerdict, type RecordedVerdict } from "./record-verdict.js";

/** What a run scores pairs with. */
export interface PairScoring {
  ctx: ServiceContext;
  session: JudgeSession;
  campaignId: number;
  settings: CampaignSettings;
  ai: AiJudgeSettings;
  judge: { id: number; model: string; promptVersion: string };
  runId: number;
  guideline: { id: number; text: string } | undefined;
}

export type PairOutcome =
  | ({ kind: "scored"; item: string } & RecordedVerdict)
  | { kind: "failed"; item: string; failure: JudgeFailureKind | "nonsense"; error: string }
  /** Gone, or scored by another run meanwhile. */
  | { kind: "skipped"; item: string }
  | { kind: "aborted"; item: string };

const ORDERS: readonly DisplayOrder[] = DISPLAY_ORDERS;
const ORDER_NAME: Record<DisplayOrder, string> = { ab: "A shown first", ba: "B shown first" };

/** The messages for one order of asking: `ab` shows response A as Response 1. */
export function orderMessages(s: Pick<PairScoring, "settings" | "ai" | "guideline">, item: ComparisonRecord, order: DisplayOrder) {
  return judgeMessages({
    guidelines: s.guideline?.text ?? "",
    rubric: s.settings.rubric,
    prompt: item.prompt,
    first: order === "ab" ? item.responseA : item.responseB,
    second: order === "ab" ? item.responseB : item.responseA,
    template: s.ai.promptTemplate,
  }).messages;
}

/**
 * Scores one pair: asks the orders not answered yet (both, unless a stopped run got one), stores
 * each answer the moment it arrives (so it is never asked again), then records the verdict and
 * routes the pair. A failed order fails the pair with the server's reason; the answered order
 * stays stored for the next run.
 */
export async function scorePair(s: PairScoring, comparisonId: number): Promise<PairOutcome> {
  const item = await findComparison(s.ctx.db, comparisonId);
  if (!item) return { kind: "skipped", item: String(comparisonId) };
  const label = item.externalId;
  const have = new Map((await answersOfPair(s.ctx.db, item.id, s.judge.id)).map((a) => [a.displayOrder, a]));
  const missing = ORDERS.filter((o) => !have.has(o));
  const asked = await Promise.all(missing.map(async (order) => ({ order, outcome: await askOrder(s.session, orderMessages(s, item, order)) })));

  const errors: { order: DisplayOrder; error: string }[] = [];
  let failure: JudgeFailureKind | "nonsense" | undefined;
  for (const { order, outcome } of asked) {
    if (!outcome.ok) {
      errors.push({ order, error: outcome.error });
      if (failure === undefined || failure === "aborted") failure = outcome.kind;
      continue;
    }
    const v = toOrderVerdict(order, outcome.answer, outcome.probability);
    const row = {
      campaignId: s.campaignId,
      comparisonId: item.id,
      judgeId: s.judge.id,
      runId: s.runId,
      displayOrder: order,
      choice: v.choice,
      probability: outcome.probability ?? null,
      explanation: outcome.answer.explanation,
      rubricScores: JSON.stringify(v.rubric),
      raw: outcome.raw,
      via: outcome.answer.via,
      structured: outcome.structured,
      promptTokens: outcome.reply.usage?.promptTokens ?? null,
      completionTokens: outcome.reply.usage?.completionTokens ?? null,
      latencyMs: outcome.latencyMs,
      createdAt: s.ctx.clock.now(),
    };
    await withTransaction(s.ctx, async () => await insertJudgeAnswer(s.ctx.db, row), PRESCORE_WRITE);
  }
  if (failure === "aborted") return { kind: "aborted", item: label };
  if (failure !== undefined) {
    const same = errors.length === 2 && errors[0]!.error === errors[1]!.error;
    const error = same ? `both orders: ${errors[0]!.error}` : errors.map((e) => `${ORDER_NAME[e.order]}: ${e.error}`).join("; ");
    return { kind: "failed", item: label, failure, error };
  }

  const answers = new Map((await answersOfPair(s.ctx.db, item.id, s.judge.id)).map((a) => [a.displayOrder, a]));
  const ab = answers.get("ab") as JudgeAnswerRow;
  const ba = answers.get("ba") as JudgeAnswerRow;
  const recorded = await recordVerdict(s.ctx, {
    campaignId: s.campaignId,
    comparisonId: item.id,
    judge: s.judge,
    runId: s.runId,
    guidelineVersionId: s.guideline?.id ?? null,
    answers: { ab, ba },
    settings: s.settings,
    ai: s.ai,
  });
  return recorded ? { kind: "scored", item: label, ...recorded } : { kind: "skipped", item: label };
}
