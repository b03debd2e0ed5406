import { ensureAnnotator, findAnnotator, type AnnotatorIdentity } from "../storage/repos/annotators.repo.js";
import type { ServiceContext } from "./context.js";
import { annotatorNamer } from "../io/export/annotator-name.js";
import { humanJudgment } from "../storage/human-judgments.js";

interface CampaignStats {
  campaign: string;
  title: string;
  judgments: number;
  rationales: number;
  goldAnswered: number;
  goldCorrect: number;
  medianSeconds: number | null;
  /** Share of this person's votes that match the other annotators' majority on the same items. */
  agreement: number | null;
  /** Rank by judgments among the campaign's annotators (1 = most), and how many there are. */
  rank: number;
  of: number;
  /** The top five by judgments, anonymized; people who opted out are left off. */
  leaderboard: { label: string; judgments: number; you: boolean }[];
}

export interface AnnotatorStats {
  status: string;
  leaderboardOptOut: boolean;
  total: number;
  /** Consecutive days (UTC) up to today with at least one judgment. */
  streakDays: number;
  campaigns: CampaignStats[];
}

/** An annotator's own numbers, for `/pairwise stats`. */
export function annotatorStats(ctx: ServiceContext, who: AnnotatorIdentity): AnnotatorStats {
  const annotator = findAnnotator(ctx.db, who);
  if (!annotator) return { status: "new", leaderboardOptOut: false, total: 0, streakDays: 0, campaigns: [] };
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
  const agreement = ctx.db.$client.prepare(
    `SELECT avg(j.choice = (SELECT o.choice FROM judgments o WHERE o.comparison_id = j.comparison_id AND o.annotator_id <> j.annotator_id AND ${humanJudgment("o")} GROUP BY o.choice ORDER BY count(*) DESC, o.choice LIMIT 1)) AS share
     FROM judgments j JOIN campaigns c ON c.id = j.campaign_id JOIN comparisons x ON x.id = j.comparison_id
     WHERE j.annotator_id = ? AND c.name = ? AND x.kind = 'regular' AND EXISTS (SELECT 1 FROM judgments o WHERE o.comparison_id = j.comparison_id AND o.annotator_id <> j.annotator_id AND ${humanJudgment("o")})`,
  );
  const standings = ctx.db.$client.prepare(
    `SELECT a.id, a.platform, a.workspace_id AS workspaceId, a.user_id AS userId, a.leaderboard_opt_out AS optOut, count(*) AS n
     FROM judgments j JOIN annotators a ON a.id = j.annotator_id JOIN campaigns c ON c.id = j.campaign_id
     WHERE c.name = ? AND a.platform <> 'external' AND ${humanJudgment("j")} GROUP BY a.id ORDER BY n DESC, a.id`,
  );
  const label = annotatorNamer(ctx.db);
  const campaigns = rows.map((r) => {
    const list = (times.all(annotator.id, r.campaign) as { t: number }[]).map((x) => x.t);
    const median = list.length > 0 ? list[Math.floor((list.length - 1) / 2)]! / 1000 : null;
    const all = standings.all(r.campaign) as { id: number; platform: string; workspaceId: string; userId: string; optOut: number; n: number }[];
    const rank = all.findIndex((s) => s.id === annotator.id) + 1;
    const leaderboard = all
      .filter((s) => s.optOut === 0 || s.id === annotator.id)
      .slice(0, 5)
      .map((s) => ({ label: s.id === annotator.id ? "you" : label(s), judgments: s.n, you: s.id === annotator.id }));
    const share = (agreement.get(annotator.id, r.campaign) as { share: number | null }).share;
    return {
      ...r,
      rationales: r.rationales ?? 0,
      goldAnswered: r.goldAnswered ?? 0,
      goldCorrect: r.goldCorrect ?? 0,
      medianSeconds: median,
      agreement: share,
      rank: rank || all.length + 1,
      of: all.length,
      leaderboard,
    };
  });
  const days = new Set(
    (ctx.db.$client.prepare("SELECT DISTINCT created_at / 86400000 AS d FROM judgments WHERE annotator_id = ?").all(annotator.id) as { d: number }[]).map((r) =>
      Math.floor(r.d),
    ),
  );
  let streak = 0;
  for (let d = Math.floor(ctx.clock.now().getTime() / 86_400_000); days.has(d); d--) streak++;
  return {
    status: annotator.status,
    leaderboardOptOut: annotator.leaderboardOptOut,
    total: campaigns.reduce((s, c) => s + c.judgments, 0),
    streakDays: streak,
    campaigns,
  };
}

/** Leaves (or rejoins) the anonymized leaderboard other annotators see. */
export function setLeaderboardOptOut(ctx: ServiceContext, who: AnnotatorIdentity, optOut: boolean): void {
  const annotator = ensureAnnotator(ctx.db, who, ctx.clock.now());
  ctx.db.$client.prepare("UPDATE annotators SET leaderboard_opt_out = ? WHERE id = ?").run(optOut ? 1 : 0, annotator.id);
}
