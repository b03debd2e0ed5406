import type { QualityOutcome } from "../../services/quality/after-judgment.js";
import { anomaliesToTell } from "../../services/quality/flag-news.js";
import type { CampaignRow } from "../../services/campaign-lookup.js";
import { guidelinesButton } from "../cards/guidelines-card.js";
import type { DispatchDeps } from "../dispatch-context.js";
import { afterReply } from "../dispatch-context.js";
import type { InboundEvent } from "../events.js";
import { notice, type MessageView } from "../views.js";
import { notifyLeadsOn } from "./lead-notices.js";
import { personFor } from "../mentions.js";

/** Posts the same notice to the campaign's leads on every running platform (see {@link notifyLeadsOn}). */
export function notifyLeads(deps: DispatchDeps, campaign: CampaignRow, view: MessageView, options: { direct?: boolean } = {}): Promise<void> {
  return notifyLeadsOn(deps, campaign, () => view, options);
}

/** The command that gives an annotator a fresh start, for lead notices. */
export function requalifyHint(campaign: CampaignRow, event: InboundEvent): string {
  return `\`/pairwise requalify ${campaign.name} ${event.platform}:${event.user.userId}\` (add \`--reset\` to have them calibrate again first)`;
}

const ANOMALY_TEXT: Record<NonNullable<QualityOutcome["anomalies"]>[number], string> = {
  too_fast: "this answer came faster than the two responses can be read",
  straight_lining: "your recent answers are all the same choice",
  position_bias: "your recent answers favour one side of the screen more than chance would",
  contradiction: "your rationale seems to prefer the other response than your vote",
};

/**
 * A kind word to an annotator whose answer was just flagged: what was noticed and what happens
 * next, each kind once a day. Answered with the vote itself (the interaction's private note), so
 * it reaches them on every platform.
 */
export async function flagNote(deps: DispatchDeps, campaign: CampaignRow, annotatorId: number, quality: QualityOutcome): Promise<MessageView | undefined> {
  const kinds = quality.anomalies?.length ? await anomaliesToTell(deps.services, { annotatorId, campaignId: campaign.id, anomalies: quality.anomalies }) : [];
  if (kinds.length === 0) return undefined;
  const what = kinds.map((k) => ANOMALY_TEXT[k]).join("; and ");
  const fix = kinds.includes("contradiction") ? " If that was a slip, change your vote or edit the rationale while the item is yours." : "";
  const text = `A note on this answer: ${what}. It is recorded, and a second annotator will look at it; flagged answers stay out of the dataset unless a lead keeps them. Nothing else happens, and there is no hurry: read both responses in full, and check the guidelines when unsure.${fix}`;
  return {
    text,
    tone: "info",
    blocks: [
      { type: "text", text },
      { type: "actions", buttons: [guidelinesButton(campaign.id)] },
    ],
  };
}

/**
 * Tells people what the quality rules concluded, after the reply: an annotator whose gold accuracy
 * fell under the threshold learns why privately and the leads get a notice (a DM where the
 * campaign has no leads' channel) with the command to requalify them; an item that stays split at
 * the maximum overlap is announced to the leads for adjudication.
 */
export function sendQualityNotices(deps: DispatchDeps, event: InboundEvent, campaign: CampaignRow, quality: QualityOutcome): void {
  const title = campaign.title ?? campaign.name;
  if (quality.goldFlag) {
    const g = quality.goldFlag;
    const pct = Math.round(g.accuracy * 100);
    afterReply(deps, "gold notice", async () => {
      const platform = deps.platforms.get(event.platform);
      const text = `Your answers on check items in ${title} matched the expected answer ${g.correct} times out of the last ${g.answered} (${pct}%), under the campaign's bar. You are paused for regular items until you pass a calibration (\`/pairwise next ${campaign.name}\` starts it when items are ready), and the campaign's leads have been told. Re-reading the guidelines is a good start.`;
      await platform?.postMessage(
        { kind: "direct", user: event.user },
        {
          text,
          tone: "warning",
          blocks: [
            { type: "text", text },
            { type: "actions", buttons: [guidelinesButton(campaign.id)] },
          ],
        },
      );
      await notifyLeadsOn(
        deps,
        campaign,
        (viewer) =>
          notice(
            `Gold check: ${personFor(viewer, event.user)} is at ${pct}% over the last ${g.answered} check items in ${title}, and now needs calibration. To give them a fresh start: ${requalifyHint(campaign, event)}.`,
            "warning",
          ),
        { direct: true },
      );
    });
  }
  if (quality.item?.kind === "adjudicate") {
    const reason = quality.item.reason;
    afterReply(deps, "adjudication notice", () =>
      notifyLeads(
        deps,
        campaign,
        notice(`An item of ${title} is still split at the maximum overlap (${reason}). Resolve it with \`/pairwise adjudicate ${campaign.name}\`.`, "info"),
      ),
    );
  }
}
