import { findAnnotator, type AnnotatorIdentity } from "../storage/repos/annotators.repo.js";
import type { ServiceContext } from "./context.js";

export interface CampaignStats {
  campaign: string;
  title: string;
  judgments: number;
  rationales: number;
  goldAnswered: number;
  goldCorrect: number;
  medianSeconds: number | null;
}

export interface AnnotatorStats {
  status: string;
  total: number;
  /** Consecutive days (UTC) up to today with at least one judgment. */
  streakDays: number;
  campaigns: CampaignStats[];
}

/** An annotator's own numbers, for `/pairwise stats`. */
export function annotatorStats(ctx: ServiceContext, who: AnnotatorIdentity): AnnotatorStats {
  const annotator = findAnnotator(ctx.db, who);
  if (!annotator) return { status: "new", total: 0, streakDays: 0, campaigns: [] };
  const rows = ctx.db.$client
    .prepare(
      `SELECT c.name AS campaign, coalesce(c.title, c.name) AS title, count(*) AS judgments,
         sum(j.rationale IS NOT NULL) AS rationales,
         sum(x.kind = 'gold') AS goldAnswered,
         sum(x.kind = 'gold' AND j.choice = x.gold_answer) AS goldCorrect
       FROM judgments j JOIN campaigns c ON c.id = j.campaign_id JOIN comparisons x ON x.id = j.comparison_id
       WHERE j.annotator_id = ? GROUP BY c.id ORDER BY c.name`,
    )
    .all(annotator.id) as Omit<CampaignStats, "medianSeconds">[];
  const times = ctx.db.$client.prepare(
    "SELECT time_taken_ms AS t FROM judgments j JOIN campaigns c ON c.id = j.campaign_id WHERE j.annotator_id = ? AND c.name = ? AND time_taken_ms IS NOT NULL ORDER BY time_taken_ms",
  );
  const campaigns = rows.map((r) => {
    const list = (times.all(annotator.id, r.campaign) as { t: number }[]).map((x) => x.t);
    const median = list.length > 0 ? list[Math.floor((list.length - 1) / 2)]! / 1000 : null;
    return { ...r, rationales: r.rationales ?? 0, goldAnswered: r.goldAnswered ?? 0, goldCorrect: r.goldCorrect ?? 0, medianSeconds: median };
  });
  const days = new Set(
    (ctx.db.$client.prepare("SELECT DISTINCT created_at / 86400000 AS d FROM judgments WHERE annotator_id = ?").all(annotator.id) as { d: number }[]).map((r) => Math.floor(r.d)),
  );
  let streak = 0;
  for (let d = Math.floor(ctx.clock.now().getTime() / 86_400_000); days.has(d); d--) streak++;
  return { status: annotator.status, total: campaigns.reduce((s, c) => s + c.judgments, 0), streakDays: streak, campaigns };
}
