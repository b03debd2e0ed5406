import { PairwiseError } from "../../errors.js";
import { calibrationStep, mustCalibrate, type CalibrationStep } from "../../services/quality/calibration.js";
import { activeRoundFor, joinRound, markFinished, openRound, recordAnnouncements, type RoundRow } from "../../services/quality/calibration-rounds.js";
import { ensureAnnotator } from "../../storage/repos/annotators.repo.js";
import { channelsOfCampaign, findCampaignById, type CampaignRow } from "../../storage/repos/campaigns.repo.js";
import { calibrationResultView, roundAnnouncement } from "../cards/calibration-cards.js";
import { comparisonCard } from "../cards/comparison-card.js";
import type { DispatchDeps } from "../dispatch-context.js";
import { identityOf } from "../dispatch-context.js";
import type { InboundEvent, Reply } from "../events.js";
import type { PlatformName } from "../platform.js";
import { notice, type MessageView } from "../views.js";
import { cardInput } from "./card-input.js";
import { notifyLeadsOn } from "./lead-notices.js";
import { personFor } from "../mentions.js";
import { count } from "../../domain/plural.js";

function stepView(deps: DispatchDeps, step: CalibrationStep, campaign: CampaignRow, label: string): MessageView | undefined {
  const title = campaign.title ?? campaign.name;
  switch (step.kind) {
    case "item": {
      const card = comparisonCard(cardInput(deps.services, step.view, { kind: "open", leaseEndsAt: step.view.assignment.leaseEndsAt }));
      card.blocks.splice(1, 0, { type: "context", text: `${label}: item ${Math.min(step.answered + 1, step.of)} of ${step.of}. Answer as the guidelines say (answers are final); results come privately.` });
      return card;
    }
    case "round_done":
      return notice(`That was the last item of the calibration round (${step.answered} answered). Your result comes privately when the round closes. Thank you!`, "success");
    case "result":
      return calibrationResultView(step.result, title, false);
    case "none":
      return undefined;
  }
}

/**
 * What `next` gives someone who must calibrate first (an open round they joined, the qualification
 * gate for new annotators, a recalibration after a flag), or undefined when regular work may follow.
 */
export function calibrationWork(deps: DispatchDeps, event: InboundEvent, campaign: CampaignRow): MessageView | undefined {
  const who = identityOf(event);
  const annotator = ensureAnnotator(deps.services.db, who, deps.services.clock.now());
  const round = activeRoundFor(deps.services, campaign.id, annotator.id);
  if (round) {
    const step = calibrationStep(deps.services, { campaign, annotator: who, round: { itemIds: round.itemIds } });
    if (step.kind === "round_done") markFinished(deps.services, round.id, annotator.id);
    return stepView(deps, step, campaign, "Calibration round");
  }
  if (!mustCalibrate(annotator, campaign)) return undefined;
  const step = calibrationStep(deps.services, { campaign, annotator: who });
  if (step.kind === "none") {
    // No calibration items: new annotators go on to regular work; flagged ones wait for a lead.
    if (annotator.status === "new") return undefined;
    throw new PairwiseError("FORBIDDEN", "You are paused for regular items until you pass a calibration, and this campaign has no calibration items right now. A lead has been told.");
  }
  if (step.kind === "result" && !step.result.passed) {
    const title = campaign.title ?? campaign.name;
    void notifyLeadsOn(deps, campaign, (viewer) => notice(`${personFor(viewer, event.user)} did not pass calibration in ${title}: kappa ${step.result.kappa.toFixed(2)} over ${count(step.result.answered, "item")}.`, "warning")).catch((error: unknown) => deps.logger.error({ err: error }, "lead notice failed"));
  }
  return stepView(deps, step, campaign, annotator.status === "new" ? "Qualification" : "Calibration");
}

/** The Start button of a round announcement: join, then the first item, privately. */
export function handleCalibrationStart(deps: DispatchDeps, event: InboundEvent, roundId: number): Reply {
  const who = identityOf(event);
  const annotator = ensureAnnotator(deps.services.db, who, deps.services.clock.now());
  const round = joinRound(deps.services, roundId, annotator.id);
  const campaign = findCampaignById(deps.services.db, round.campaignId)!;
  const view = calibrationWork(deps, event, campaign) ?? notice("You have answered this round's items already. Results come at the close.", "info");
  return { kind: "private", view, persistent: true };
}

/** Opens a round now (the `calibrate` command, or a schedule) and announces it in the campaign's channels. */
export async function openAndAnnounce(deps: DispatchDeps, campaign: CampaignRow, runKey: string, at: Date): Promise<{ round: RoundRow; created: boolean }> {
  const opened = openRound(deps.services, { campaign, runKey, at });
  if (!opened.created) return opened;
  const view = roundAnnouncement(opened.round, campaign.title ?? campaign.name);
  const refs: RoundRow["announcements"] = [];
  for (const channel of channelsOfCampaign(deps.services.db, campaign.id, "labeling")) {
    const platform = deps.platforms.get(channel.platform as PlatformName);
    if (!platform) continue;
    try {
      const ref = await platform.postMessage({ kind: "channel", channel: { platform: platform.name, channelId: channel.channelId } }, view);
      refs.push({ platform: ref.platform, channelId: ref.channelId, messageId: ref.messageId });
    } catch (error) {
      deps.logger.error({ err: error, channel: channel.channelId }, "round announcement failed");
    }
  }
  recordAnnouncements(deps.services, opened.round.id, refs);
  return { round: { ...opened.round, announcements: refs }, created: true };
}
