import { ensureAnnotator, findAnnotator, type AnnotatorIdentity } from "../storage/repos/annotators.repo.js";
import type { ServiceContext } from "./context.js";
import { annotatorNamer } from "../io/export/annotator-name.js";
import { answerTimes } from "../storage/repos/annotator-quality.repo.js";
import {
  type AnnotatorCampaignTotals,
  agreementWithOthers,
  annotatorCampaignTotals,
  campaignStandings,
  daysJudged,
  updateLeaderboardOptOut,
} from "../storage/repos/annotator-stats.repo.js";

interface CampaignStats extends Omit<AnnotatorCampaignTotals, "campaignId"> {
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
export async function annotatorStats(ctx: ServiceContext, who: AnnotatorIdentity): Promise<AnnotatorStats> {
  const annotator = await findAnnotator(ctx.db, who);
  if (!annotator) return { status: "new", leaderboardOptOut: false, total: 0, streakDays: 0, campaigns: [] };
  const label = await annotatorNamer(ctx.db);
  const campaigns = await Promise.all(
    (await annotatorCampaignTotals(ctx.db, annotator.id)).map(async ({ campaignId, ...totals }) => {
      const list = await answerTimes(ctx.db, annotator.id, campaignId);
      const median = list.length > 0 ? list[Math.floor((list.length - 1) / 2)]! / 1000 : null;
      const all = await campaignStandings(ctx.db, campaignId);
      const rank = all.findIndex((s) => s.id === annotator.id) + 1;
      const leaderboard = all
        .filter((s) => !s.optOut || s.id === annotator.id)
        .slice(0, 5)
        .map((s) => ({ label: s.id === annotator.id ? "you" : label(s), judgments: s.judgments, you: s.id === annotator.id }));
      return {
        ...totals,
        medianSeconds: median,
        agreement: await agreementWithOthers(ctx.db, annotator.id, campaignId),
        rank: rank || all.length + 1,
        of: all.length,
        leaderboard,
      };
    }),
  );
  const days = new Set(await daysJudged(ctx.db, annotator.id));
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
export async function setLeaderboardOptOut(ctx: ServiceContext, who: AnnotatorIdentity, optOut: boolean): Promise<void> {
  const annotator = await ensureAnnotator(ctx.db, who, ctx.clock.now());
  await updateLeaderboardOptOut(ctx.db, annotator.id, optOut);
}
