import { listCampaignRows, type CampaignRow } from "../../storage/repos/campaigns.repo.js";
import { prepared } from "../../storage/prepared.js";
import { campaignSettings } from "../find-campaign.js";
import { withTransaction, type ServiceContext } from "../context.js";
import { humanJudgment } from "../../storage/human-judgments.js";

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
  annotator: { id: number; platform: string; workspaceId: string; userId: string; displayName: string | null };
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
export function checkDrift(ctx: ServiceContext, now: Date): DriftAlert[] {
  const end = weekStart(now);
  const start = end - WEEK;
  const alerts: DriftAlert[] = [];
  for (const campaign of listCampaignRows(ctx.db)) {
    if (campaign.status !== "active") continue;
    const threshold = campaignSettings(campaign).driftThreshold;
    withTransaction(ctx, () => {
      const rows = prepared(
        ctx.db,
        `SELECT j.annotator_id AS id, count(*) AS judgments,
           avg(CASE WHEN x.kind = 'regular' AND (SELECT count(*) FROM judgments o WHERE o.comparison_id = j.comparison_id AND o.annotator_id <> j.annotator_id AND ${humanJudgment("o")}) > 0
                    THEN j.choice = (SELECT o.choice FROM judgments o WHERE o.comparison_id = j.comparison_id AND o.annotator_id <> j.annotator_id AND ${humanJudgment("o")} GROUP BY o.choice ORDER BY count(*) DESC, o.choice LIMIT 1) END) AS agreement,
           sum(x.kind = 'gold') AS gold, avg(CASE WHEN x.kind = 'gold' THEN j.choice = x.gold_answer END) AS goldAccuracy
         FROM judgments j JOIN comparisons x ON x.id = j.comparison_id
         WHERE j.campaign_id = ? AND j.source = 'platform' AND j.created_at >= ? AND j.created_at < ?
         GROUP BY j.annotator_id`,
      ).all(campaign.id, start, end) as { id: number; judgments: number; agreement: number | null; gold: number; goldAccuracy: number | null }[];
      for (const r of rows) {
        const inserted = prepared(
          ctx.db,
          "INSERT INTO annotator_weekly (campaign_id, annotator_id, week_start, judgments, agreement, gold_answered, gold_accuracy) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
        ).run(campaign.id, r.id, start, r.judgments, r.agreement, r.gold, r.goldAccuracy).changes;
        if (inserted === 0 || r.judgments < DRIFT_MIN_JUDGMENTS) continue;
        const base = prepared(
          ctx.db,
          "SELECT avg(agreement) AS agreement, avg(gold_accuracy) AS goldAccuracy FROM annotator_weekly WHERE campaign_id = ? AND annotator_id = ? AND week_start >= ? AND week_start < ? AND judgments >= ?",
        ).get(campaign.id, r.id, start - 4 * WEEK, start, DRIFT_MIN_JUDGMENTS) as { agreement: number | null; goldAccuracy: number | null };
        const drops: [DriftAlert["metric"], number | null, number | null][] = [
          ["agreement", base.agreement, r.agreement],
          ["gold accuracy", base.goldAccuracy, r.gold >= 3 ? r.goldAccuracy : null],
        ];
        const drop = drops.find(([, b, c]) => b !== null && c !== null && b - c > threshold);
        if (!drop) continue;
        const changed = prepared(
          ctx.db,
          "UPDATE annotators SET status = 'needs_calibration', calibrated_at = ? WHERE id = ? AND status IN ('new', 'qualified')",
        ).run(now.getTime(), r.id).changes;
        if (changed === 0) continue;
        const a = prepared(
          ctx.db,
          "SELECT id, platform, workspace_id AS workspaceId, user_id AS userId, display_name AS displayName FROM annotators WHERE id = ?",
        ).get(r.id) as DriftAlert["annotator"];
        alerts.push({ campaign, annotator: a, metric: drop[0], baseline: drop[1]!, current: drop[2]! });
      }
    });
  }
  return alerts;
}
