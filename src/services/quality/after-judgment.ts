import { prepared } from "../../storage/prepared.js";
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
import { humanJudgment } from "../../storage/human-judgments.js";
import type { ComparisonKind } from "../../domain/comparison.js";

/**
 * An annotator's last 25 gold answers since their last calibration or requalification (the
 * annotator's `calibrated_at`, 0 before any), right or wrong: a fresh start is not undone by the
 * answers that led to it. Read through the partial index
 * judgments_gold_recent: 25 index entries whatever the annotator's history (joining every past
 * judgment to its comparison took 30 ms for an annotator with 100,000 of them).
 */
export const RECENT_GOLD_ANSWERS = `SELECT j.choice = x.gold_answer AS correct FROM judgments j JOIN comparisons x ON x.id = j.comparison_id
  WHERE j.annotator_id = ? AND j.campaign_id = ? AND j.kind = 'gold' AND j.updated_at > ? AND ${humanJudgment("j")} ORDER BY j.updated_at DESC, j.id DESC LIMIT 25`;

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
export function afterJudgment(
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
  },
): QualityOutcome {
  const settings = campaignSettings(input.campaign);
  const now = ctx.clock.now().getTime();
  const outcome: QualityOutcome = {};
  if (input.judgmentId !== undefined) {
    const anomalies = detectAnomalies(ctx, input.judgmentId, input.textChars);
    if (anomalies.length > 0) outcome.anomalies = anomalies;
    // Every flagged judgment, and a sample of the rest, gets a second pair of eyes.
    if (input.kind === "regular") {
      if (anomalies.length > 0) maybeQueueReview(ctx, { campaign: input.campaign, judgmentId: input.judgmentId, reason: anomalies[0]! });
      else if (input.fresh) maybeQueueReview(ctx, { campaign: input.campaign, judgmentId: input.judgmentId, reason: "sample" });
    }
  }

  if (input.kind === "regular") {
    const item = prepared(ctx.db, "SELECT target_overlap AS target FROM comparisons WHERE id = ?").get(input.comparisonId) as { target: number };
    const judgments = prepared(ctx.db, `SELECT choice, difficulty, confidence FROM judgments WHERE comparison_id = ? AND ${humanJudgment()}`).all(
      input.comparisonId,
    ) as { choice: Choice; difficulty: string | null; confidence: number | null }[];
    if (settings.aiJudge && item.target < settings.overlap && judgments.length >= item.target && judgeOverturned(ctx, input.comparisonId, judgments)) {
      // The pair was confident enough for fewer humans; a confirming human disagreed with the judge.
      setTargetOverlap(ctx.db, input.comparisonId, settings.overlap);
      outcome.item = { kind: "extend", reason: "a confirming human overturned the AI judge's confident verdict" };
      return outcome;
    }
    const result = itemOutcome(judgments, item.target, settings.maxOverlap);
    if (result?.kind === "extend") {
      prepared(ctx.db, "UPDATE comparisons SET target_overlap = target_overlap + 1, full = 0 WHERE id = ? AND target_overlap < ?").run(
        input.comparisonId,
        settings.maxOverlap,
      );
    } else if (result?.kind === "adjudicate") {
      prepared(
        ctx.db,
        "INSERT INTO adjudications (campaign_id, comparison_id, reason, created_at) VALUES (?, ?, 'split', ?) ON CONFLICT (comparison_id) DO NOTHING",
      ).run(input.campaign.id, input.comparisonId, now);
    }
    if (result) outcome.item = result;
  }

  if (input.kind === "gold") {
    const since =
      (prepared(ctx.db, "SELECT calibrated_at AS at FROM annotators WHERE id = ?").get(input.annotatorId) as { at: number | null } | undefined)?.at ?? 0;
    const recent = prepared(ctx.db, RECENT_GOLD_ANSWERS).all(input.annotatorId, input.campaign.id, since) as { correct: number }[];
    const standing = goldStanding(
      recent.map((r) => r.correct === 1),
      settings.thresholds.goldAccuracy,
    );
    if (standing.belowThreshold) {
      const changed = prepared(ctx.db, "UPDATE annotators SET status = 'needs_calibration' WHERE id = ? AND status IN ('new', 'qualified')").run(
        input.annotatorId,
      ).changes;
      if (changed === 1) outcome.goldFlag = standing;
    }
  }
  return outcome;
}

/** Whether the humans on a pair the judge routed as confident disagree with its verdict (read only for pairs below the overlap). */
function judgeOverturned(ctx: ServiceContext, comparisonId: number, judgments: readonly { choice: Choice }[]): boolean {
  const verdict = latestVerdictOfPair(ctx.db, comparisonId);
  return (
    verdict?.route === "confident" &&
    overturnsJudge(
      judgments.map((j) => j.choice),
      verdict.choice,
    )
  );
}
