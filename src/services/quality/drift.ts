import { listCampaignRows, type CampaignRow } from "../../storage/repos/campaigns.repo.js";
import { campaignSettings } from "../find-campaign.js";
import { withTransaction, type ServiceContext } from "../context.js";
import { recordWeeklyFigures, weeklyBaseline, weeklyFiguresOfCampaign } from "../../storage/repos/drift.repo.js";
import { annotatorIdentityById, flagForRecalibration, type AnnotatorIdentityRecord } from "../../storage/repos/annotator-standing.repo.js";

const WEEK = 7 * 86_400_000;
/** Fewer judgments in a week than this say too little to call a drop. */
const DRIFT_MIN_JUDGMENTS = 10;

/** Monday 00:00 UTC of the week holding `at`. */
function weekStart(at: Date): number {
  const day = Math.floor(at.getTime() / 86_400_000);
  const monday = day - ((day + 3) % 7); // 1970-01-01 was a Thursday
  return monday * 86_400_000;
}

export interface DriftAlert {
  campaign: CampaignRow;
  annotator: AnnotatorIdentityRecord;
  metric: "agreement" | "gold accuracy";
  baseline: number;
  current: number;
}

/**
 * The weekly drift check for the week that just ended: records each annotator's agreement with
 * their peers and gold accuracy, compares them with the four weeks before, and moves anyone whose
 * figure dropped by more than the campaign's `driftThreshold` to needs_calibration, which makes
 * their next items a recalibration rather than only pausing them. Idempotent per week.
 */
export async function checkDrift(ctx: ServiceContext, now: Date): Promise<DriftAlert[]> {
  const end = weekStart(now);
  const start = end - WEEK;
  const alerts: DriftAlert[] = [];
  for (const campaign of await listCampaignRows(ctx.db)) {
    if (campaign.status !== "active") continue;
    const threshold = campaignSettings(campaign).driftThreshold;
    await withTransaction(ctx, async () => {
      for (const r of await weeklyFiguresOfCampaign(ctx.db, campaign.id, start, end)) {
        const inserted = await recordWeeklyFigures(ctx.db, campaign.id, start, r);
        if (!inserted || r.judgments < DRIFT_MIN_JUDGMENTS) continue;
        const base = await weeklyBaseline(ctx.db, {
          campaignId: campaign.id,
          annotatorId: r.annotatorId,
          since: start - 4 * WEEK,
          before: start,
          minJudgments: DRIFT_MIN_JUDGMENTS,
        });
        const drops: [DriftAlert["metric"], number | null, number | null][] = [
          ["agreement", base.agreement, r.agreement],
          ["gold accuracy", base.goldAccuracy, r.gold >= 3 ? r.goldAccuracy : null],
        ];
        const drop = drops.find(([, b, c]) => b !== null && c !== null && b - c > threshold);
        if (!drop) continue;
        if (!(await flagForRecalibration(ctx.db, r.annotatorId, now.getTime()))) continue;
        const a = (await annotatorIdentityById(ctx.db, r.annotatorId))!;
        alerts.push({ campaign, annotator: a, metric: drop[0], baseline: drop[1]!, current: drop[2]! });
      }
    });
  }
  return alerts;
}
