import { PairwiseError } from "../../errors.js";
import { recordReview } from "../../services/quality/peer-review.js";
import { encodeAction } from "../action-ids.js";
import { reviewForm } from "../cards/review-card.js";
import type { DispatchDeps } from "../dispatch-context.js";
import { identityOf } from "../dispatch-context.js";
import type { InboundEvent, Reply } from "../events.js";
import type { FormValues, MessageView } from "../views.js";

function doneView(campaignId: number, verdict: "agree" | "disagree"): MessageView {
  const text = verdict === "agree" ? "You agreed. Thank you!" : "You disagreed; a lead will look at the item. Thank you!";
  return {
    text,
    blocks: [
      { type: "text", text },
      { type: "actions", buttons: [{ actionId: encodeAction({ verb: "next", campaignId }), label: "Next", style: "primary" }] },
    ],
    tone: "success",
  };
}

/** Agree records at once; disagree opens the note form first (the modal is the first response). */
export async function handleReviewButton(deps: DispatchDeps, event: InboundEvent, reviewId: number, verdict: "agree" | "disagree"): Promise<Reply> {
  if (verdict === "disagree") return { kind: "form", form: reviewForm(reviewId) };
  const { campaign } = await recordReview(deps.services, identityOf(event), { reviewId, verdict });
  return { kind: "update", view: doneView(campaign.id, verdict) };
}

export async function handleReviewForm(deps: DispatchDeps, event: InboundEvent, reviewId: number, values: FormValues): Promise<Reply> {
  const note = typeof values.note === "string" ? values.note : "";
  try {
    const { campaign } = await recordReview(deps.services, identityOf(event), { reviewId, verdict: "disagree", note });
    return { kind: "update", view: doneView(campaign.id, "disagree") };
  } catch (error) {
    if (error instanceof PairwiseError && error.fieldErrors) return { kind: "form_errors", errors: error.fieldErrors, form: reviewForm(reviewId) };
    throw error;
  }
}
