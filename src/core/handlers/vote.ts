import type { ScreenChoice } from "../../domain/choice.js";
import { isPairwiseError } from "../../errors.js";
import { castVote } from "../../services/cast-vote.js";
import { campaignSettings } from "../../services/find-campaign.js";
import { loadOwnedAssignment } from "../../services/load-assignment.js";
import { findJudgmentByAssignment } from "../../storage/repos/judgments.repo.js";
import { comparisonCard, finalAs } from "../cards/comparison-card.js";
import { rationaleForm, rubricPageCount } from "../cards/rationale-form.js";
import type { DispatchDeps } from "../dispatch-context.js";
import { capabilitiesOf, identityOf } from "../dispatch-context.js";
import type { InboundEvent, Reply } from "../events.js";
import { notice } from "../views.js";
import { cardInput } from "./card-input.js";
import { flagNote, sendQualityNotices } from "./quality-notices.js";

/**
 * A vote button. When the campaign requires a rationale and nothing is recorded yet, the answer is
 * the form (the vote lands on submit); otherwise the vote is recorded now and the card updated.
 */
export function handleVote(deps: DispatchDeps, event: InboundEvent, assignmentId: number, choice: ScreenChoice): Reply {
  const ctx = deps.services;
  const who = identityOf(event);
  const owned = loadOwnedAssignment(ctx, who, assignmentId);
  const settings = campaignSettings(owned.campaign);
  if (
    settings.rationale === "required" &&
    !findJudgmentByAssignment(ctx.db, owned.assignment) &&
    owned.assignment.status === "open" &&
    owned.assignment.leaseEndsAt > ctx.clock.now().getTime()
  ) {
    const split = rubricPageCount(settings, capabilitiesOf(deps, event.platform).maxFormFields) > 0;
    return {
      kind: "form",
      form: rationaleForm({ assignmentId, settings, displayOrder: owned.assignment.displayOrder, pendingChoice: choice, part: split ? "main" : "all" }),
    };
  }
  try {
    const result = castVote(ctx, { annotator: who, assignmentId, choice });
    const state = {
      kind: "voted" as const,
      choice: result.judgment.choice,
      hasRationale: result.judgment.rationale !== null,
      changed: result.status === "changed",
      ...finalAs(result.assignment.kind, settings.goldFeedback),
      ...(result.goldFeedback ? { goldFeedback: result.goldFeedback } : {}),
    };
    const view = comparisonCard(cardInput(ctx, result, state));
    sendQualityNotices(deps, event, result.campaign, result.quality);
    if (result.status === "already_recorded") {
      return { kind: "update", view, privateNote: notice("Already recorded: your answer was saved the first time.", "info") };
    }
    const flagged = flagNote(deps, result.campaign, result.assignment.annotatorId, result.quality);
    return flagged ? { kind: "update", view, privateNote: flagged } : { kind: "update", view };
  } catch (error) {
    if (isPairwiseError(error) && error.code === "EXPIRED" && !findJudgmentByAssignment(ctx.db, owned.assignment)) {
      return { kind: "update", view: comparisonCard(cardInput(ctx, owned, { kind: "expired" })), privateNote: notice(error.message, "warning") };
    }
    throw error;
  }
}
