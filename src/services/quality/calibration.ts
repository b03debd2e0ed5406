import { ensureAssignmentIds } from "../../storage/repos/assignment-ids.js";
import { ensureAnnotator, type AnnotatorIdentity, type AnnotatorRow } from "../../storage/repos/annotators.repo.js";
import { findAssignment, insertAssignment } from "../../storage/repos/assignments.repo.js";
import type { CampaignRow } from "../../storage/repos/campaigns.repo.js";
import { findComparison } from "../../storage/repos/comparisons.repo.js";
import { campaignSettings } from "../find-campaign.js";
import { withTransaction, type ServiceContext } from "../context.js";
import type { AssignmentView } from "../next-assignment.js";
import { kappaAgainstReference } from "./calibration-score.js";
import {
  answeredCalibrationItems,
  answersAgainstReference,
  openCalibrationAssignmentId,
  pickCalibrationItem,
} from "../../storage/repos/calibration-items.repo.js";
import { recordCalibrationOutcome } from "../../storage/repos/annotator-standing.repo.js";

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
export async function scoreCalibration(
  ctx: ServiceContext,
  campaign: CampaignRow,
  annotatorId: number,
  itemIds: readonly number[],
): Promise<CalibrationResult> {
  const threshold = campaignSettings(campaign).thresholds.calibrationKappa;
  if (itemIds.length === 0) return { kappa: 0, accuracy: 0, answered: 0, of: 0, passed: false, threshold };
  const rows = await answersAgainstReference(ctx.db, annotatorId, itemIds);
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
export async function calibrationStep(
  ctx: ServiceContext,
  input: { campaign: CampaignRow; annotator: AnnotatorIdentity; round?: { itemIds: readonly number[] } },
): Promise<CalibrationStep> {
  const now = ctx.clock.now();
  const settings = campaignSettings(input.campaign);
  const onlyItems = input.round?.itemIds;
  const want = onlyItems?.length ?? settings.calibration?.items ?? DEFAULT_CALIBRATION_ITEMS;
  await ensureAssignmentIds(ctx.db);
  return await withTransaction(ctx, async () => {
    const annotator = await ensureAnnotator(ctx.db, input.annotator, now);
    // Calibration answers that count: a round's items whenever answered; otherwise those given
    // since the last calibration result, so a retake is scored on new answers.
    const since = onlyItems ? 0 : (annotator.calibratedAt?.getTime() ?? 0);
    const answered = await answeredCalibrationItems(ctx.db, { annotatorId: annotator.id, campaignId: input.campaign.id, since, onlyItems });
    const finish = async (): Promise<CalibrationStep> => {
      if (onlyItems) return { kind: "round_done", answered: sinceLastResult.length };
      const result = await scoreCalibration(ctx, input.campaign, annotator.id, sinceLastResult);
      const changed = await recordCalibration(ctx, annotator.id, result.passed, now.getTime());
      return { kind: "result", result, statusChanged: changed };
    };
    const open = await openCalibrationAssignmentId(ctx.db, { annotatorId: annotator.id, campaignId: input.campaign.id, now: now.getTime() });
    const sinceLastResult = answered.slice(0, want);
    if (open === undefined && sinceLastResult.length >= want) return await finish();
    if (open !== undefined) {
      const assignment = (await findAssignment(ctx.db, open))!;
      const view = { campaign: input.campaign, annotator, assignment, comparison: (await findComparison(ctx.db, assignment.comparisonId))!, resumed: true };
      return { kind: "item", view, answered: sinceLastResult.length, of: want };
    }
    const pick = await pickCalibrationItem(ctx.db, { campaignId: input.campaign.id, annotatorId: annotator.id, onlyItems });
    if (pick === undefined) {
      if (sinceLastResult.length === 0) return { kind: "none" };
      // Out of items before reaching the count: score what there is.
      return await finish();
    }
    const assignment = await insertAssignment(ctx.db, {
      campaignId: input.campaign.id,
      comparisonId: pick,
      annotatorId: annotator.id,
      kind: "calibration",
      displayOrder: ctx.random() < 0.5 ? "ab" : "ba",
      shownAt: now.getTime(),
      leaseEndsAt: now.getTime() + settings.leaseMinutes * 60_000,
    });
    return {
      kind: "item",
      view: { campaign: input.campaign, annotator, assignment, comparison: (await findComparison(ctx.db, pick))!, resumed: false },
      answered: sinceLastResult.length,
      of: want,
    };
  });
}

/** Qualifies or flags an annotator after a calibration, and starts the window for the next one. */
export async function recordCalibration(ctx: ServiceContext, annotatorId: number, passed: boolean, at: number): Promise<boolean> {
  return await recordCalibrationOutcome(ctx.db, annotatorId, passed ? "qualified" : "needs_calibration", at);
}
