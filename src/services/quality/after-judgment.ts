import type { Choice } from "../../domain/choice.js";
import { goldStanding, itemOutcome, type GoldStanding, type ItemOutcome } from "../../domain/item-outcome.js";
import type { CampaignRow } from "../../storage/repos/campaigns.repo.js";
import { campaignSettings } from "../find-campaign.js";
import type { ServiceContext } from "../context.js";
import { detectAnomalies, type AnomalyKind } from "./detect-anomalies.js";
import { maybeQueueReview } from "./peer-review.js";
import { overturnsJudge } from "../../domain/ai-judge/routing.js";
import { latestVerdictOfPair } from "../../storage/repos/ai-judgments.repo.js";
import { setTargetOverlap } from "../../storage/repos/comparisons.repo.js";
import type { ComparisonKind } from "../../domain/comparison.js";
import type { JudgmentRecord } from "../../storage/repos/judgments.repo.js";
import { extendItemOverlap, itemTargetAndVotes, recentGoldAnswers } from "../../storage/repos/quality-checks.repo.js";
import { queueAdjudication } from "../../storage/repos/adjudications.repo.js";
import { calibratedAtOf, flagForCalibration } from "../../storage/repos/annotator-standing.repo.js";

export interface QualityOutcome {
  /** Anomalies found in this judgment (flagged, left out of exports by default). */
  anomalies?: AnomalyKind[];
  item?: ItemOutcome;
  /** Set when this gold answer moved the annotator to needs_calibration. */
  goldFlag?: GoldStanding;
}

/**
 * Runs the quality rules after a judgment is written, inside the same transaction: adaptive
 * overlap (extend, settle, or send to adjudication) and gold accuracy (flag the annotator when it
 * falls under the campaign's threshold). Returns what happened so the caller can tell people.
 */
export async function afterJudgment(
  ctx: ServiceContext,
  input: {
    campaign: CampaignRow;
    comparisonId: number;
    annotatorId: number;
    kind: ComparisonKind;
    judgmentId?: number;
    /** A judgment recorded just now (not a change): it may be sampled for peer review. */
    fresh?: boolean;
    /** Characters of prompt and responses, when the caller has them (saves reading the texts again). */
    textChars?: number;
    /** The judgment (`judgmentId`'s) as inserted just now, when the caller holds it: with `textChars`, not read again. */
    judgment?: JudgmentRecord;
  },
): Promise<QualityOutcome> {
  const settings = campaignSettings(input.campaign);
  const now = ctx.clock.now().getTime();
  const outcome: QualityOutcome = {};
  if (input.judgmentId !== undefined) {
    const anomalies = await detectAnomalies(ctx, input.judgmentId, input.textChars, input.judgment);
    if (anomalies.length > 0) outcome.anomalies = anomalies;
    // Every flagged judgment, and a sample of the rest, gets a second pair of eyes.
    if (input.kind === "regular") {
      if (anomalies.length > 0) await maybeQueueReview(ctx, { campaign: input.campaign, judgmentId: input.judgmentId, reason: anomalies[0]! });
      else if (input.fresh) await maybeQueueReview(ctx, { campaign: input.campaign, judgmentId: input.judgmentId, reason: "sample" });
    }
  }

  if (input.kind === "regular") {
    const { target, votes: judgments } = (await itemTargetAndVotes(ctx.db, input.comparisonId))!;
    if (settings.aiJudge && target < settings.overlap && judgments.length >= target && (await judgeOverturned(ctx, input.comparisonId, judgments))) {
      // The pair was confident enough for fewer humans; a confirming human disagreed with the judge.
      await setTargetOverlap(ctx.db, input.comparisonId, settings.overlap);
      outcome.item = { kind: "extend", reason: "a confirming human overturned the AI judge's confident verdict" };
      return outcome;
    }
    const result = itemOutcome(judgments, target, settings.maxOverlap);
    if (result?.kind === "extend") {
      await extendItemOverlap(ctx.db, input.comparisonId, settings.maxOverlap);
    } else if (result?.kind === "adjudicate") {
      await queueAdjudication(ctx.db, { campaignId: input.campaign.id, comparisonId: input.comparisonId, reason: "split", at: now });
    }
    if (result) outcome.item = result;
  }

  if (input.kind === "gold") {
    // The window starts at the annotator's last calibration or requalification (0 before any).
    const since = (await calibratedAtOf(ctx.db, input.annotatorId)) ?? 0;
    const standing = goldStanding(
      await recentGoldAnswers(ctx.db, { annotatorId: input.annotatorId, campaignId: input.campaign.id, since }),
      settings.thresholds.goldAccuracy,
    );
    if (standing.belowThreshold && (await flagForCalibration(ctx.db, input.annotatorId))) outcome.goldFlag = standing;
  }
  return outcome;
}

/** Whether the humans on a pair the judge routed as confident disagree with its verdict (read only for pairs below the overlap). */
async function judgeOverturned(ctx: ServiceContext, comparisonId: number, judgments: readonly { choice: Choice }[]): Promise<boolean> {
  const verdict = await latestVerdictOfPair(ctx.db, comparisonId);
  return (
    verdict?.route === "confident" &&
    overturnsJudge(
      judgments.map((j) => j.choice),
      verdict.choice,
    )
  );
}
