import type { ScreenChoice } from "../../domain/choice.js";
import { campaignSettings } from "../../services/find-campaign.js";
import { voteOnCard } from "../../services/vote-on-card.js";
import { comparisonCard, finalAs } from "../cards/comparison-card.js";
import { rationaleForm, rubricPageCount } from "../cards/rationale-form.js";
import type { DispatchDeps } from "../dispatch-context.js";
import { capabilitiesOf, identityOf } from "../dispatch-context.js";
import type { InboundEvent, Reply } from "../events.js";
import { notice } from "../views.js";
import { cardInput } from "./card-input.js";
import { flagNote, sendQualityNotices } from "./quality-notices.js";

/**
 * A vote button. The service decides (services/vote-on-card.ts): the rationale form when the
 * campaign requires one first (the vote lands on submit), the expired card when the item went back
 * to the pool, else the updated card of the recorded vote.
 */
export async function handleVote(deps: DispatchDeps, event: InboundEvent, assignmentId: number, choice: ScreenChoice): Promise<Reply> {
  const ctx = deps.services;
  const voted = await voteOnCard(ctx, { annotator: identityOf(event), assignmentId, choice });
  switch (voted.outcome) {
    case "needs_rationale": {
      const { settings, owned } = voted;
      const split = rubricPageCount(settings, capabilitiesOf(deps, event.platform).maxFormFields) > 0;
      return {
        kind: "form",
        form: rationaleForm({ assignmentId, settings, displayOrder: owned.assignment.displayOrder, pendingChoice: choice, part: split ? "main" : "all" }),
      };
    }
    case "lease_expired":
      return { kind: "update", view: comparisonCard(await cardInput(ctx, voted.owned, { kind: "expired" })), privateNote: notice(voted.message, "warning") };
    case "voted":
      break;
  }
  const result = voted.vote;
  const state = {
    kind: "voted" as const,
    choice: result.judgment.choice,
    hasRationale: result.judgment.rationale !== null,
    changed: result.status === "changed",
    ...finalAs(result.assignment.kind, campaignSettings(result.campaign).goldFeedback),
    ...(result.goldFeedback ? { goldFeedback: result.goldFeedback } : {}),
  };
  const view = comparisonCard(await cardInput(ctx, result, state));
  sendQualityNotices(deps, event, result.campaign, result.quality);
  if (result.status === "already_recorded") {
    return { kind: "update", view, privateNote: notice("Already recorded: your answer was saved the first time.", "info") };
  }
  const flagged = await flagNote(deps, result.campaign, result.assignment.annotatorId, result.quality);
  return flagged ? { kind: "update", view, privateNote: flagged } : { kind: "update", view };
}
