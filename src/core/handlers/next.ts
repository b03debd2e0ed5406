import { nextAssignment } from "../../services/next-assignment.js";
import { whichCampaign } from "../../services/which-campaign.js";
import type { DispatchDeps } from "../dispatch-context.js";
import { identityOf } from "../dispatch-context.js";
import type { InboundEvent, Reply } from "../events.js";
import { capabilitiesOf } from "../dispatch-context.js";
import { loadOwnedAssignment } from "../../services/load-assignment.js";
import { campaignSettings } from "../../services/find-campaign.js";
import { judgmentOf } from "../../services/judgment-lookup.js";
import { comparisonCard, finalAs } from "../cards/comparison-card.js";
import { votedRecord } from "../cards/voted-record.js";
import type { MessageView } from "../views.js";
import { cardInput } from "./card-input.js";
import { requireCampaign } from "../../services/find-campaign.js";
import { claimReview } from "../../services/quality/peer-review.js";
import { holdsOpenItem } from "../../services/annotator-lookup.js";
import { reviewCard } from "../cards/review-card.js";
import { calibrationWork } from "./calibration.js";
import { withGuidelineNews } from "./guideline-news.js";

/** Which campaign a `next` without a name means (services/which-campaign.ts), from where the command was run. */
export async function resolveCampaignName(deps: DispatchDeps, event: InboundEvent, named: string | undefined, campaignId?: number): Promise<string> {
  return await whichCampaign(deps.services, { named, campaignId, channel: event.channel });
}

/**
 * Hands the user their next piece of work as a card: the open item they still hold, else a peer
 * review waiting for a qualified annotator, else a new comparison.
 */
export async function nextCard(deps: DispatchDeps, event: InboundEvent, campaignName: string): Promise<MessageView> {
  const who = identityOf(event);
  const campaign = await requireCampaign(deps.services, campaignName);
  if (campaign.status === "active") {
    const calibration = await calibrationWork(deps, event, campaign);
    if (calibration) return calibration;
  }
  const holding = await holdsOpenItem(deps.services, who, campaign.id);
  if (!holding && campaign.status === "active") {
    const review = await claimReview(deps.services, { campaign, annotator: who });
    if (review) return reviewCard(review);
  }
  const view = await nextAssignment(deps.services, { campaign: campaignName, annotator: who });
  const card = comparisonCard(await cardInput(deps.services, view, { kind: "open", leaseEndsAt: view.assignment.leaseEndsAt, timezone: deps.timezone }));
  if (view.resumed) card.blocks.splice(1, 0, { type: "context", text: "You still have this item open; here it is again." });
  return await withGuidelineNews(deps, card, { annotatorId: view.assignment.annotatorId, campaignId: campaign.id });
}

/**
 * The `Next` button. On a voted card (`after`), where the platform can send a new message after an
 * update, the voted card becomes a compact record of the vote (its answer and rationale button
 * stay) and the next item comes as a new message; otherwise the card becomes the next item.
 */
export async function nextReply(deps: DispatchDeps, event: InboundEvent, campaignId: number, after: number | undefined): Promise<Reply> {
  const card = await nextCard(deps, event, await resolveCampaignName(deps, event, undefined, campaignId));
  const record = after !== undefined && capabilitiesOf(deps, event.platform).newMessageAfterUpdate ? await recordOf(deps, event, after) : undefined;
  return record ? { kind: "update", view: record, then: card } : { kind: "update", view: card };
}

/** The voted card of an assignment the clicker owns and answered, as a record; undefined otherwise. */
async function recordOf(deps: DispatchDeps, event: InboundEvent, assignmentId: number): Promise<MessageView | undefined> {
  const ctx = deps.services;
  let owned;
  try {
    owned = await loadOwnedAssignment(ctx, identityOf(event), assignmentId);
  } catch {
    return undefined;
  }
  const judgment = await judgmentOf(ctx, owned.assignment);
  if (!judgment) return undefined;
  const state = {
    kind: "voted" as const,
    choice: judgment.choice,
    hasRationale: judgment.rationale !== null,
    ...finalAs(owned.assignment.kind, campaignSettings(owned.campaign).goldFeedback),
  };
  return votedRecord(comparisonCard(await cardInput(ctx, owned, state)), owned.comparison.prompt);
}
