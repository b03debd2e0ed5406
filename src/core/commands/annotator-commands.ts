import { PairwiseError } from "../../errors.js";
import { annotatorStats, setLeaderboardOptOut } from "../../services/annotator-stats.js";
import { identityOf } from "../dispatch-context.js";
import type { Reply } from "../events.js";
import { nextCard, resolveCampaignName } from "../handlers/next.js";
import type { MessageView } from "../views.js";
import type { CommandSpec } from "./command-spec.js";
import { count } from "../../domain/plural.js";

export const nextCommand: CommandSpec = {
  name: "next",
  lead: false,
  usage: "[campaign]",
  summary: "Get your next comparison, privately.",
  details: "Without a campaign name: the campaign of this channel, or the only open one.",
  async run(deps, event): Promise<Reply> {
    const name = await resolveCampaignName(deps, event, event.args[0]);
    return { kind: "private", view: await nextCard(deps, event, name), persistent: true };
  },
};

export const statsCommand: CommandSpec = {
  name: "stats",
  lead: false,
  usage: "[optout|optin]",
  summary: "Your own numbers: judgments, gold accuracy, agreement, streak, where you stand.",
  details: "`/pairwise stats optout` leaves the anonymized leaderboard others see; `optin` rejoins it.",
  async run(deps, event): Promise<Reply> {
    const sub = event.args[0]?.toLowerCase();
    if (sub === "optout" || sub === "optin") {
      await setLeaderboardOptOut(deps.services, identityOf(event), sub === "optout");
      return {
        kind: "private",
        view: {
          text: sub === "optout" ? "You are off the leaderboard." : "You are back on the leaderboard.",
          blocks: [
            {
              type: "text",
              text: sub === "optout" ? "You are off the leaderboard others see. Your own stats stay here." : "You are back on the anonymized leaderboard.",
            },
          ],
        },
      };
    }
    if (sub) throw new PairwiseError("VALIDATION", "`/pairwise stats` takes no argument, or `optout` / `optin` for the leaderboard.");
    const stats = await annotatorStats(deps.services, identityOf(event));
    if (stats.total === 0) {
      return {
        kind: "private",
        view: { text: "No judgments yet.", blocks: [{ type: "text", text: "You have no judgments yet. Start with `/pairwise next`." }] },
      };
    }
    const view: MessageView = {
      text: `Your stats: ${count(stats.total, "judgment")}`,
      blocks: [
        { type: "header", text: "Your stats" },
        {
          type: "fields",
          fields: [
            { label: "Judgments", value: String(stats.total) },
            { label: "Streak", value: `${stats.streakDays} day${stats.streakDays === 1 ? "" : "s"}` },
            { label: "Status", value: stats.status.replace("_", " ") },
          ],
        },
        ...stats.campaigns.map((c) => ({
          type: "fields" as const,
          fields: [
            { label: "Campaign", value: c.title },
            { label: "Judgments", value: `${c.judgments} (${c.rationales} with rationale)` },
            {
              label: "Gold accuracy",
              value: c.goldAnswered > 0 ? `${Math.round((100 * c.goldCorrect) / c.goldAnswered)}% of ${c.goldAnswered}` : "no check items yet",
            },
            { label: "Median time", value: c.medianSeconds === null ? "n/a" : `${c.medianSeconds.toFixed(0)} s` },
            { label: "Agreement with others", value: c.agreement === null ? "n/a yet" : `${Math.round(c.agreement * 100)}%` },
            { label: "Where you stand", value: `#${c.rank} of ${c.of} by judgments` },
          ],
        })),
        ...stats.campaigns.slice(0, 1).flatMap((c) =>
          c.leaderboard.length > 1
            ? [
                {
                  type: "context" as const,
                  text: `Leaderboard (${c.title}): ${c.leaderboard.map((l, i) => `${i + 1}. ${l.label} ${l.judgments}`).join(" · ")}${stats.leaderboardOptOut ? " · you are hidden from others" : ""}`,
                },
              ]
            : [],
        ),
      ],
    };
    return { kind: "private", view };
  },
};
