import type { QualityOutcome } from "../../services/quality/after-judgment.js";
import { channelsOfCampaign, type CampaignRow } from "../../storage/repos/campaigns.repo.js";
import type { DispatchDeps } from "../dispatch-context.js";
import { afterReply } from "../dispatch-context.js";
import type { InboundEvent } from "../events.js";
import type { PlatformName } from "../platform.js";
import { notice, type MessageView } from "../views.js";
import { notifyLeadsOn } from "./lead-notices.js";
import { personFor } from "../mentions.js";

/** Posts a notice to every leads' channel of a campaign, on every running platform. */
export async function notifyLeads(deps: DispatchDeps, campaign: CampaignRow, view: MessageView): Promise<void> {
  for (const channel of channelsOfCampaign(deps.services.db, campaign.id, "leads")) {
    const platform = deps.platforms.get(channel.platform as PlatformName);
    if (platform) await platform.postMessage({ kind: "channel", channel: { platform: platform.name, channelId: channel.channelId } }, view);
  }
}

/**
 * Tells people what the quality rules concluded, after the reply: an annotator whose gold accuracy
 * fell under the threshold learns why privately and the leads get a notice; an item that stays
 * split at the maximum overlap is announced to the leads for adjudication.
 */
export function sendQualityNotices(deps: DispatchDeps, event: InboundEvent, campaign: CampaignRow, quality: QualityOutcome): void {
  const title = campaign.title ?? campaign.name;
  if (quality.goldFlag) {
    const g = quality.goldFlag;
    const pct = Math.round(g.accuracy * 100);
    afterReply(deps, "gold notice", async () => {
      const platform = deps.platforms.get(event.platform);
      await platform?.postMessage(
        { kind: "direct", user: event.user },
        notice(
          `Your answers on check items in ${title} matched the expected answer ${g.correct} times out of the last ${g.answered} (${pct}%), under the campaign's bar. You are paused for regular items until you pass a calibration round; a lead will be in touch. Re-reading the guidelines is a good start.`,
          "warning",
        ),
      );
      await notifyLeadsOn(deps, campaign, (viewer) => notice(`Gold check: ${personFor(viewer, event.user)} is at ${pct}% over the last ${g.answered} check items in ${title}, and now needs calibration.`, "warning"));
    });
  }
  if (quality.item?.kind === "adjudicate") {
    const reason = quality.item.reason;
    afterReply(deps, "adjudication notice", () => notifyLeads(deps, campaign, notice(`An item of ${title} is still split at the maximum overlap (${reason}). Resolve it with \`/pairwise adjudicate ${campaign.name}\`.`, "info")));
  }
}
