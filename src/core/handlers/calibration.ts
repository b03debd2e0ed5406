import { PairwiseError } from "../../errors.js";
import { calibrationStep, mustCalibrate, type CalibrationStep } from "../../services/quality/calibration.js";
import { activeRoundFor, joinRound, markFinished, openRound, recordAnnouncements, type RoundRow } from "../../services/quality/calibration-rounds.js";
import { annotatorFor } from "../../services/annotator-lookup.js";
import { campaignChannels, findCampaign, type CampaignRow } from "../../services/campaign-lookup.js";
import { calibrationResultView, roundAnnouncement } from "../cards/calibration-cards.js";
import { comparisonCard } from "../cards/comparison-card.js";
import type { DispatchDeps } from "../dispatch-context.js";
import { identityOf } from "../dispatch-context.js";
import type { InboundEvent, Reply } from "../events.js";
import type { PlatformName } from "../platform.js";
import { notice, type MessageView } from "../views.js";
import { cardInput } from "./card-input.js";
import { requalifyHint } from "./quality-notices.js";
import { claimStuckNotice } from "../../services/quality/stuck-notice.js";
import { campaignSettings } from "../../services/find-campaign.js";
import { afterReply } from "../dispatch-context.js";
import { withGuidelineNews } from "./guideline-news.js";
import { notifyLeadsOn } from "./lead-notices.js";
import { personFor } from "../mentions.js";
import { count } from "../../domain/plural.js";

async function stepView(deps: DispatchDeps, step: CalibrationStep, campaign: CampaignRow, label: string): Promise<MessageView | undefined> {
  const title = campaign.title ?? campaign.name;
  switch (step.kind) {
    case "item": {
      const card = comparisonCard(
        await cardInput(deps.services, step.view, { kind: "open", leaseEndsAt: step.view.assignment.leaseEndsAt, timezone: deps.timezone }),
      );
      card.blocks.splice(1, 0, {
        type: "context",
        text: `${label}: item ${Math.min(step.answered + 1, step.of)} of ${step.of}. Answer as the guidelines say (answers are final); results come privately.`,
      });
      return await withGuidelineNews(deps, card, { annotatorId: step.view.assignment.annotatorId, campaignId: campaign.id });
    }
    case "round_done":
      return notice(
        `That was the last item of the calibration round (${step.answered} answered). Your result comes privately when the round closes. Thank you!`,
        "success",
      );
    case "result":
      return calibrationResultView(step.result, { id: campaign.id, title }, false);
    case "none":
      return undefined;
  }
}

/**
 * What `next` gives someone who must calibrate first (an open round they joined, the qualification
 * gate for new annotators, a recalibration after a flag), or undefined when regular work may follow.
 */
export async function calibrationWork(deps: DispatchDeps, event: InboundEvent, campaign: CampaignRow): Promise<MessageView | undefined> {
  const who = identityOf(event);
  const annotator = await annotatorFor(deps.services, who);
  const round = await activeRoundFor(deps.services, campaign.id, annotator.id);
  if (round) {
    const step = await calibrationStep(deps.services, { campaign, annotator: who, round: { itemIds: round.itemIds } });
    if (step.kind === "round_done") await markFinished(deps.services, round.id, annotator.id);
    return await stepView(deps, step, campaign, "Calibration round");
  }
  if (!mustCalibrate(annotator, campaign)) return undefined;
  const step = await calibrationStep(deps.services, { campaign, annotator: who });
  if (step.kind === "none") {
    // No calibration items: new annotators go on to regular work; flagged ones wait for a lead.
    if (annotator.status === "new") return undefined;
    // Only a lead can unblock them: tell the leads once (until a requalify), and say so truly.
    if (await claimStuckNotice(deps.services, annotator.id, campaign.id)) {
      const title = campaign.title ?? campaign.name;
      afterReply(deps, "paused annotator notice", () =>
        notifyLeadsOn(
          deps,
          campaign,
          (viewer) =>
            notice(
              `${personFor(viewer, event.user)} is paused in ${title} (${annotator.status.replace("_", " ")}) and waits for a calibration, but the campaign has no calibration items. Import some (items with \`"kind": "calibration"\` and a reference answer), or give them a fresh start: ${requalifyHint(campaign, event)}.`,
              "warning",
            ),
          { direct: true },
        ),
      );
    }
    const reach =
      deps.leads.length > 0 || campaignSettings(campaign).leads.length > 0 || (await campaignChannels(deps.services, campaign.id, "leads")).length > 0;
    throw new PairwiseError(
      "FORBIDDEN",
      `You are paused for regular items in ${campaign.name} until you pass a calibration, and this campaign has no calibration items right now. ${reach ? "The campaign's leads have been told; they can add calibration items or requalify you." : "Ask the person who runs this campaign to add calibration items or requalify you."} Meanwhile, the Guidelines are worth a read: \`/pairwise guidelines ${campaign.name}\`.`,
    );
  }
  if (step.kind === "result" && !step.result.passed) {
    const title = campaign.title ?? campaign.name;
    afterReply(deps, "failed calibration notice", () =>
      notifyLeadsOn(deps, campaign, (viewer) =>
        notice(
          `${personFor(viewer, event.user)} did not pass calibration in ${title}: kappa ${step.result.kappa.toFixed(2)} over ${count(step.result.answered, "item")}.`,
          "warning",
        ),
      ),
    );
  }
  return await stepView(deps, step, campaign, annotator.status === "new" ? "Qualification" : "Calibration");
}

/** The Start button of a round announcement: join, then the first item, privately. */
export async function handleCalibrationStart(deps: DispatchDeps, event: InboundEvent, roundId: number): Promise<Reply> {
  const who = identityOf(event);
  const annotator = await annotatorFor(deps.services, who);
  const round = await joinRound(deps.services, roundId, annotator.id);
  const campaign = (await findCampaign(deps.services, round.campaignId))!;
  const view = (await calibrationWork(deps, event, campaign)) ?? notice("You have answered this round's items already. Results come at the close.", "info");
  return { kind: "private", view, persistent: true };
}

/** Opens a round now (the `calibrate` command, or a schedule) and announces it in the campaign's channels. */
export async function openAndAnnounce(deps: DispatchDeps, campaign: CampaignRow, runKey: string, at: Date): Promise<{ round: RoundRow; created: boolean }> {
  const opened = await openRound(deps.services, { campaign, runKey, at });
  if (!opened.created) return opened;
  const view = roundAnnouncement(opened.round, campaign.title ?? campaign.name, deps.timezone);
  const refs: RoundRow["announcements"] = [];
  for (const channel of await campaignChannels(deps.services, campaign.id, "labeling")) {
    const platform = deps.platforms.get(channel.platform as PlatformName);
    if (!platform) continue;
    try {
      const ref = await platform.postMessage({ kind: "channel", channel: { platform: platform.name, channelId: channel.channelId } }, view);
      refs.push({ platform: ref.platform, channelId: ref.channelId, messageId: ref.messageId });
    } catch (error) {
      deps.logger.error({ err: error, channel: channel.channelId }, "round announcement failed");
    }
  }
  await recordAnnouncements(deps.services, opened.round.id, refs);
  return { round: { ...opened.round, announcements: refs }, created: true };
}
