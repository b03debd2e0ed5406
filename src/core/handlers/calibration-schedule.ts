import { CronExpressionParser } from "cron-parser";
import { campaignSettings } from "../../services/find-campaign.js";
import { closeDueRounds, dueReminders } from "../../services/quality/calibration-rounds.js";
import { listCampaigns } from "../../services/campaign-lookup.js";
import { calibrationResultView, roundSummary, splitDiscussion } from "../cards/calibration-cards.js";
import type { DispatchDeps } from "../dispatch-context.js";
import type { PlatformName } from "../platform.js";
import { notice } from "../views.js";
import { openAndAnnounce } from "./calibration.js";
import { formatInZone } from "../../domain/format-time.js";

/**
 * The calibration part of the minute sweep: open rounds whose cron fired (the latest fire time,
 * once: the run key is the round's), remind people who have not finished, and close rounds whose
 * window ended (results privately, a summary on the announcement, threads on split items).
 */
export async function runCalibrationSchedule(deps: DispatchDeps, now: Date): Promise<void> {
  for (const campaign of await listCampaigns(deps.services)) {
    const cron = campaignSettings(campaign).calibration?.cron;
    if (campaign.status !== "active" || !cron) continue;
    const fired = CronExpressionParser.parse(cron, { currentDate: now, tz: deps.timezone }).prev().toDate();
    if (fired.getTime() < campaign.createdAt.getTime()) continue;
    try {
      await openAndAnnounce(deps, campaign, `round:${campaign.id}:${fired.toISOString().slice(0, 16)}`, fired);
    } catch (error) {
      deps.logger.warn({ err: error, campaign: campaign.name }, "scheduled calibration round not opened");
    }
  }

  for (const reminder of await dueReminders(deps.services, now)) {
    const title = reminder.campaign.title ?? reminder.campaign.name;
    const closes = formatInZone(new Date(reminder.round.closesAt), deps.timezone);
    for (const person of reminder.people) {
      const platform = deps.platforms.get(person.platform as PlatformName);
      const text = person.started
        ? `Reminder: you have calibration items left in ${title}; the round closes at ${closes}. Continue with \`/pairwise next ${reminder.campaign.name}\`.`
        : `Reminder: the calibration round of ${title} closes at ${closes}. Press Start on the announcement to take part.`;
      await platform
        ?.postMessage({ kind: "direct", user: { platform: platform.name, workspaceId: person.workspaceId, userId: person.userId } }, notice(text, "info"))
        .catch((error: unknown) => deps.logger.error({ err: error }, "reminder failed"));
    }
  }

  for (const result of await closeDueRounds(deps.services, now)) {
    const title = result.campaign.title ?? result.campaign.name;
    for (const person of result.results) {
      const platform = deps.platforms.get(person.platform as PlatformName);
      await platform
        ?.postMessage(
          { kind: "direct", user: { platform: platform.name, workspaceId: person.workspaceId, userId: person.userId } },
          calibrationResultView(person.result, { id: result.campaign.id, title }, true),
        )
        .catch((error: unknown) => deps.logger.error({ err: error }, "result DM failed"));
    }
    for (const ref of result.round.announcements) {
      const platform = deps.platforms.get(ref.platform as PlatformName);
      if (!platform) continue;
      try {
        await platform.updateMessage({ platform: platform.name, channelId: ref.channelId, messageId: ref.messageId }, roundSummary(result, title));
        if (platform.startThread && platform.capabilities.threads) {
          // A message holds one thread (Slack and Discord alike): every split item is discussed in it, most split first.
          for (const split of result.splits)
            await platform.startThread(
              { platform: platform.name, channelId: ref.channelId, messageId: ref.messageId },
              "Calibration: items where answers split",
              splitDiscussion(split),
            );
        }
      } catch (error) {
        deps.logger.error({ err: error, round: result.round.id }, "round summary failed");
      }
    }
  }
}
