import { PairwiseError } from "../../errors.js";
import { nextAssignment } from "../../services/next-assignment.js";
import { listCampaignRows, campaignsInChannel, findCampaignById } from "../../storage/repos/campaigns.repo.js";
import { comparisonCard } from "../cards/comparison-card.js";
import type { DispatchDeps } from "../dispatch-context.js";
import { identityOf } from "../dispatch-context.js";
import type { InboundEvent } from "../events.js";
import type { MessageView } from "../views.js";
import { cardInput } from "./card-input.js";

/**
 * Which campaign a `next` without a name means: the one named, else the active campaign of the
 * channel the command was run in, else the only active campaign. Otherwise the user is asked to choose.
 */
export function resolveCampaignName(deps: DispatchDeps, event: InboundEvent, named: string | undefined, campaignId?: number): string {
  if (named) return named;
  if (campaignId) {
    const byId = findCampaignById(deps.services.db, campaignId);
    if (byId) return byId.name;
  }
  if (event.channel) {
    const here = campaignsInChannel(deps.services.db, event.channel.platform, event.channel.channelId).filter((c) => c.status === "active");
    if (here.length === 1) return here[0]!.name;
  }
  const active = listCampaignRows(deps.services.db).filter((c) => c.status === "active");
  if (active.length === 1) return active[0]!.name;
  if (active.length === 0) throw new PairwiseError("NO_WORK", "No campaign is open for labeling right now. A lead opens one with `/pairwise open <campaign>`.");
  throw new PairwiseError("VALIDATION", `Several campaigns are open: ${active.map((c) => c.name).join(", ")}. Say which: \`/pairwise next <campaign>\`.`);
}

/** Hands the user their next comparison and renders it as a card. */
export function nextCard(deps: DispatchDeps, event: InboundEvent, campaignName: string): MessageView {
  const view = nextAssignment(deps.services, { campaign: campaignName, annotator: identityOf(event) });
  const card = comparisonCard(cardInput(deps.services, view, { kind: "open", leaseEndsAt: view.assignment.leaseEndsAt }));
  if (view.resumed) card.blocks.splice(1, 0, { type: "context", text: "You still have this item open; here it is again." });
  return card;
}
