import { screenChoiceLabel, toScreenChoice } from "../../domain/choice.js";
import type { ReviewCase } from "../../services/quality/peer-review.js";
import { encodeAction } from "../action-ids.js";
import type { FormView, MessageView, ViewBlock } from "../views.js";
import { comparisonBlocks } from "./comparison-card.js";

/** A peer review: the item as the first annotator saw it, their vote and rationale, agree or disagree. */
export function reviewCard(r: ReviewCase, state: "open" | "agreed" | "disagreed" = "open"): MessageView {
  const chose = screenChoiceLabel(toScreenChoice(r.choice, r.displayOrder));
  const blocks: ViewBlock[] = [
    { type: "header", text: `Peer review · ${r.campaign.title ?? r.campaign.name}` },
    { type: "context", text: "Another annotator judged this item. Would you have chosen the same? Your answer stays anonymous to them." },
    ...comparisonBlocks({ ...r.comparison, displayOrder: r.displayOrder }),
    {
      type: "text",
      text: `*They chose: ${chose}*${r.rationale ? `\n“${r.rationale.slice(0, 1500)}${r.rationale.length > 1500 ? "…" : ""}”` : "\n(no rationale)"}`,
    },
  ];
  const next = { actionId: encodeAction({ verb: "next", campaignId: r.campaign.id }), label: "Next", style: "primary" as const };
  if (state === "open") {
    blocks.push({
      type: "actions",
      buttons: [
        { actionId: encodeAction({ verb: "review", reviewId: r.reviewId, verdict: "agree" }), label: "Agree", style: "primary" },
        { actionId: encodeAction({ verb: "review", reviewId: r.reviewId, verdict: "disagree" }), label: "Disagree", style: "danger" },
      ],
    });
  } else {
    blocks.push(
      { type: "text", text: state === "agreed" ? "You agreed. Thank you!" : "You disagreed; a lead will look at the item. Thank you!" },
      { type: "actions", buttons: [next] },
    );
  }
  return { text: `Peer review: they chose ${chose}`, blocks };
}

export function reviewForm(reviewId: number): FormView {
  return {
    formId: encodeAction({ verb: "review_form", reviewId, verdict: "disagree" }),
    title: "Why not?",
    submitLabel: "Send",
    intro: "Say what you would have chosen and why. A lead sees your note when deciding the item.",
    fields: [{ type: "text", id: "note", label: "Your note", multiline: true, required: true, minLength: 3, maxLength: 2000 }],
  };
}
