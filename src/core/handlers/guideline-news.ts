import { noteGuidelinesShown } from "../../services/campaign-guidelines.js";
import { guidelinesChangedBlocks } from "../cards/guidelines-card.js";
import type { DispatchDeps } from "../dispatch-context.js";
import type { MessageView } from "../views.js";

/**
 * Puts "Guidelines changed to vN" with the text's button at the top of a card, once: when the
 * guidelines changed since the card this annotator was shown last in this campaign.
 */
export async function withGuidelineNews(deps: DispatchDeps, card: MessageView, who: { annotatorId: number; campaignId: number }): Promise<MessageView> {
  const change = await noteGuidelinesShown(deps.services, who);
  if (change) card.blocks.splice(1, 0, ...guidelinesChangedBlocks(who.campaignId, change));
  return card;
}
