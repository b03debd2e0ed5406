import { PairwiseError } from "../../errors.js";
import { nextAssignment } from "../../services/next-assignment.js";
import { listCampaignRows, campaignsInChannel, findCampaignById } from "../../storage/repos/campaigns.repo.js";
import { comparisonCard } from "../cards/comparison-card.js";
import type { DispatchDeps } from "../dispatch-context.js";
import { identityOf } from "../dispatch-context.js";
import type { InboundEvent } from "../events.js";
import type { MessageView } from "../views.js";
import { cardInput } from "./card-input.js";
import { requireCampaign } from "../../services/find-campaign.js";
import { claimReview } from "../../services/quality/peer-review.js";
import { findAnnotator } from "../../storage/repos/annotators.repo.js";
import { findOpenAssignment } from "../../storage/repos/assignments.repo.js";
import { reviewCard } from "../cards/review-card.js";
import { calibrationWork } from "./calibration.js";
import { withGuidelineNews } from "./guideline-news.js";

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

/**
 * Hands the user their next piece of work as a card: the open item they still hold, else a peer
 * review waiting for a qualified annotator, else a new comparison.
 */
export function nextCard(deps: DispatchDeps, event: InboundEvent, campaignName: string): MessageView {
  const who = identityOf(event);
  const campaign = requireCampaign(deps.services, campaignName);
  if (campaign.status === "active") {
    const calibration = calibrationWork(deps, event, campaign);
    if (calibration) return calibration;
  }
  const annotator = findAnnotator(deps.services.db, who);
  const holding = annotator && findOpenAssignment(deps.services.db, annotator.id, campaign.id, deps.services.clock.now().getTime());
  if (!holding && campaign.status === "active") {
    const review = claimReview(deps.services, { campaign, annotator: who });
    if (review) return reviewCard(review);
  }
  const view = nextAssignment(deps.services, { campaign: campaignName, annotator: who });
  const card = comparisonCard(cardInput(deps.services, view, { kind: "open", leaseEndsAt: view.assignment.leaseEndsAt }));
  if (view.resumed) card.blocks.splice(1, 0, { type: "context", text: "You still have this item open; here it is again." });
  return withGuidelineNews(deps, card, { annotatorId: view.assignment.annotatorId, campaignId: campaign.id });
}
