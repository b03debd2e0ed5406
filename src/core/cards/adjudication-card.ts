import { SCREEN_CHOICES, screenChoiceLabel, toScreenChoice, type ScreenChoice } from "../../domain/choice.js";
import type { AdjudicationCase } from "../../services/quality/adjudication.js";
import { encodeAction } from "../action-ids.js";
import type { FormView, MessageView, ViewBlock } from "../views.js";
import { comparisonBlocks } from "./comparison-card.js";

/**
 * What a lead sees to adjudicate: the item (A shown first, so "Response 1" is A), every vote and
 * rationale without names, and buttons for the final answer.
 */
export function adjudicationCard(c: AdjudicationCase): MessageView {
  const item = c.comparison;
  const tally = new Map<string, number>();
  for (const j of c.judgments) tally.set(j.choice, (tally.get(j.choice) ?? 0) + 1);
  const votes = [...tally.entries()].map(([choice, n]) => `${screenChoiceLabel(toScreenChoice(choice as "a", "ab"))}: ${n}`).join(" · ");
  const blocks: ViewBlock[] = [
    { type: "header", text: `Adjudicate · ${c.campaign.title ?? c.campaign.name}` },
    {
      type: "context",
      text: `${c.pending} waiting · ${c.reason === "split" ? "split at the maximum overlap" : "a peer reviewer disagreed"} · item ${item.externalId}`,
    },
    ...comparisonBlocks({ ...item, displayOrder: "ab" }),
    { type: "text", text: `*Votes*: ${votes}` },
  ];
  c.judgments.forEach((j, i) => {
    const details = [j.confidence ? `confidence ${j.confidence}` : "", j.difficulty ?? ""].filter(Boolean).join(", ");
    const label = screenChoiceLabel(toScreenChoice(j.choice, "ab"));
    blocks.push({
      type: "text",
      text: `Annotator ${i + 1} chose *${label}*${details ? ` (${details})` : ""}${j.rationale ? `: “${j.rationale.slice(0, 500)}${j.rationale.length > 500 ? "…" : ""}”` : ""}`,
    });
  });
  const choices: readonly ScreenChoice[] = SCREEN_CHOICES;
  blocks.push({
    type: "actions",
    buttons: [
      ...choices.map((choice) => ({
        actionId: encodeAction({ verb: "adjudicate", comparisonId: item.id, choice }),
        label: `Final: ${screenChoiceLabel(choice)}`,
      })),
      { actionId: encodeAction({ verb: "adjudicate", comparisonId: item.id, choice: "skip" }), label: "Skip" },
    ],
  });
  return { text: `Adjudicate an item of ${c.campaign.name}`, blocks };
}

export function adjudicationForm(comparisonId: number, choice: ScreenChoice): FormView {
  return {
    formId: encodeAction({ verb: "adjudicate_form", comparisonId, choice }),
    title: "Final answer",
    submitLabel: "Record",
    intro: `Final answer: *${screenChoiceLabel(choice)}*. The note goes into the export's resolution log.`,
    fields: [{ type: "text", id: "note", label: "Why this answer?", multiline: true, required: true, minLength: 3, maxLength: 2000 }],
  };
}
