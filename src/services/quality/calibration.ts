import type { Choice } from "../../domain/choice.js";
import { ensureAssignmentIds } from "../../storage/repos/assignment-ids.js";
import { PUBLISHED_ONLY } from "../../storage/repos/import-batches.repo.js";
import { ensureAnnotator, type AnnotatorIdentity, type AnnotatorRow } from "../../storage/repos/annotators.repo.js";
import { insertAssignment } from "../../storage/repos/assignments.repo.js";
import type { CampaignRow } from "../../storage/repos/campaigns.repo.js";
import { findComparison } from "../../storage/repos/comparisons.repo.js";
import { prepared } from "../../storage/prepared.js";
import { campaignSettings } from "../find-campaign.js";
import { withTransaction, type ServiceContext } from "../context.js";
import type { AssignmentView } from "../next-assignment.js";
import { kappaAgainstReference } from "./calibration-score.js";

/** Calibration items per personal calibration (the qualification gate, recalibration) when the campaign sets none. */
export const DEFAULT_CALIBRATION_ITEMS = 10;

export interface CalibrationResult {
  kappa: number;
  accuracy: number;
  /** Items answered, of the `of` items in the set. */
  answered: number;
  of: number;
  /** Every item answered, and kappa at or above the threshold. */
  passed: boolean;
  threshold: number;
}

/** Scores an annotator's answers on the given calibration items against their references. */
export function scoreCalibration(ctx: ServiceContext, campaign: CampaignRow, annotatorId: number, itemIds: readonly number[]): CalibrationResult {
  const threshold = campaignSettings(campaign).thresholds.calibrationKappa;
  if (itemIds.length === 0) return { kappa: 0, accuracy: 0, answered: 0, of: 0, passed: false, threshold };
  const rows = prepared(
    ctx.db,
    "SELECT j.choice AS answer, x.gold_answer AS reference FROM judgments j JOIN comparisons x ON x.id = j.comparison_id WHERE j.annotator_id = ? AND j.comparison_id IN (SELECT value FROM json_each(?)) AND x.gold_answer IS NOT NULL",
  ).all(annotatorId, JSON.stringify(itemIds)) as { answer: Choice; reference: Choice }[];
  const { kappa, accuracy, n } = kappaAgainstReference(rows);
  // A set counts only when finished: one right answer out of ten is not a kappa of 1.
  return { kappa, accuracy, answered: n, of: itemIds.length, passed: n === itemIds.length && kappa >= threshold, threshold };
}

/** Who must calibrate before regular work: new annotators behind the gate, and anyone flagged. */
export function mustCalibrate(annotator: AnnotatorRow, campaign: CampaignRow): boolean {
  if (annotator.status === "needs_calibration") return true;
  return annotator.status === "new" && campaignSettings(campaign).qualificationGate;
}

export type CalibrationStep =
  | { kind: "item"; view: AssignmentView; answered: number; of: number }
  | { kind: "result"; result: CalibrationResult; statusChanged: boolean }
  /** A round's items are all answered; results come at the round's close. */
  | { kind: "round_done"; answered: number }
  | { kind: "none" };

/**
 * The personal calibration path (qualification gate, recalibration): hands out calibration items
 * the annotator has not answered, up to the campaign's count; once they are all answered, scores
 * them (Cohen's kappa against the references) and qualifies or flags the annotator. `none` when
 * the campaign has no calibration items to give.
 */
export function calibrationStep(
  ctx: ServiceContext,
  input: { campaign: CampaignRow; annotator: AnnotatorIdentity; round?: { itemIds: readonly number[] } },
): CalibrationStep {
  const now = ctx.clock.now();
  const settings = campaignSettings(input.campaign);
  const onlyItems = input.round?.itemIds;
  const want = onlyItems?.length ?? settings.calibration?.items ?? DEFAULT_CALIBRATION_ITEMS;
  ensureAssignmentIds(ctx.db);
  return withTransaction(ctx, () => {
    const annotator = ensureAnnotator(ctx.db, input.annotator, now);
    const scope = onlyItems ? JSON.stringify(onlyItems) : null;
    // Calibration answers that count: a round's items whenever answered; otherwise those given
    // since the last calibration result, so a retake is scored on new answers.
    const since = onlyItems ? 0 : (annotator.calibratedAt?.getTime() ?? 0);
    const answered = (
      prepared(
        ctx.db,
        `SELECT j.comparison_id AS id FROM judgments j JOIN comparisons x ON x.id = j.comparison_id WHERE j.annotator_id = ? AND x.campaign_id = ? AND x.kind = 'calibration' AND j.created_at >= ? AND (? IS NULL OR x.id IN (SELECT value FROM json_each(?))) ORDER BY j.id DESC`,
      ).all(annotator.id, input.campaign.id, since, scope, scope) as { id: number }[]
    ).map((r) => r.id);
    const finish = (): CalibrationStep => {
      if (onlyItems) return { kind: "round_done", answered: sinceLastResult.length };
      const result = scoreCalibration(ctx, input.campaign, annotator.id, sinceLastResult);
      const changed = recordCalibration(ctx, annotator.id, result.passed, now.getTime());
      return { kind: "result", result, statusChanged: changed };
    };
    const open = prepared(
      ctx.db,
      "SELECT a.* FROM assignments a JOIN comparisons x ON x.id = a.comparison_id WHERE a.annotator_id = ? AND a.campaign_id = ? AND a.status = 'open' AND a.kind = 'calibration' AND a.lease_ends_at > ? LIMIT 1",
    ).get(annotator.id, input.campaign.id, now.getTime()) as { id: number } | undefined;
    const sinceLastResult = answered.slice(0, want);
    if (!open && sinceLastResult.length >= want) return finish();
    if (open) {
      const assignment = prepared(ctx.db, "SELECT * FROM assignments WHERE id = ?").get(open.id) as Record<string, unknown>;
      return { kind: "item", view: viewOf(ctx, input.campaign, annotator, assignment, true), answered: sinceLastResult.length, of: want };
    }
    const pick = prepared(
      ctx.db,
      `SELECT c.id FROM comparisons c WHERE c.campaign_id = ? AND c.kind = 'calibration' AND ${PUBLISHED_ONLY} AND (? IS NULL OR c.id IN (SELECT value FROM json_each(?))) AND NOT EXISTS (SELECT 1 FROM assignments a WHERE a.annotator_id = ? AND a.comparison_id = c.id) ORDER BY c.active_count ASC, c.id DESC LIMIT 1`,
    ).get(input.campaign.id, scope, scope, annotator.id) as { id: number } | undefined;
    if (!pick) {
      if (sinceLastResult.length === 0) return { kind: "none" };
      // Out of items before reaching the count: score what there is.
      return finish();
    }
    const assignment = insertAssignment(ctx.db, {
      campaignId: input.campaign.id,
      comparisonId: pick.id,
      annotatorId: annotator.id,
      kind: "calibration",
      displayOrder: ctx.random() < 0.5 ? "ab" : "ba",
      shownAt: now.getTime(),
      leaseEndsAt: now.getTime() + settings.leaseMinutes * 60_000,
    });
    return {
      kind: "item",
      view: { campaign: input.campaign, annotator, assignment, comparison: findComparison(ctx.db, pick.id)!, resumed: false },
      answered: sinceLastResult.length,
      of: want,
    };
  });
}

/** Qualifies or flags an annotator after a calibration, and starts the window for the next one. */
export function recordCalibration(ctx: ServiceContext, annotatorId: number, passed: boolean, at: number): boolean {
  const next = passed ? "qualified" : "needs_calibration";
  const changed =
    prepared(ctx.db, "UPDATE annotators SET status = ? WHERE id = ? AND status <> ? AND status <> 'suspended'").run(next, annotatorId, next).changes > 0;
  prepared(ctx.db, "UPDATE annotators SET calibrated_at = ? WHERE id = ?").run(at, annotatorId);
  return changed;
}

function viewOf(ctx: ServiceContext, campaign: CampaignRow, annotator: AnnotatorRow, raw: Record<string, unknown>, resumed: boolean): AssignmentView {
  const assignment = {
    id: raw.id as number,
    campaignId: raw.campaign_id as number,
    comparisonId: raw.comparison_id as number,
    annotatorId: raw.annotator_id as number,
    kind: raw.kind as "calibration",
    displayOrder: raw.display_order as "ab" | "ba",
    status: raw.status as "open",
    shownAt: raw.shown_at as number,
    leaseEndsAt: raw.lease_ends_at as number,
    completedAt: raw.completed_at as number | null,
  };
  return { campaign, annotator, assignment, comparison: findComparison(ctx.db, assignment.comparisonId)!, resumed };
}
