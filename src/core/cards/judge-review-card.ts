import { screenChoiceLabel, toScreenChoice, type Choice } from "../../domain/choice.js";
import { count } from "../../domain/plural.js";
import type { JudgeReviewCase, JudgeReviewStep } from "../../services/ai-judge/judge-review.js";
import { encodeAction } from "../action-ids.js";
import type { MessageView, ViewBlock } from "../views.js";
import { notice } from "../views.js";
import { comparisonBlocks } from "./comparison-card.js";

/** A stored choice in the card's terms: A is shown first, so it is "Response 1". */
const label = (choice: Choice) => screenChoiceLabel(toScreenChoice(choice, "ab"));
const quote = (text: string) => `“${text.slice(0, 500)}${text.length > 500 ? "…" : ""}”`;

/**
 * What a lead sees to review one pair where the AI judge disagrees with a confident human
 * majority: the pair (A first, so "Response 1" is A, as the adjudication card shows it), the human
 * votes without names, the judge's verdict with its confidence and explanation, and buttons to
 * confirm the humans, side with the judge, or skip.
 */
export function judgeReviewCard(c: JudgeReviewCase, recorded?: string): MessageView {
  const item = c.comparison;
  const skip = encodeAction({ verb: "judge_decide", comparisonId: item.id, side: "skip" });
  const tally = new Map<Choice, number>();
  for (const v of c.votes) tally.set(v.choice, (tally.get(v.choice) ?? 0) + 1);
  const votes = [...tally.entries()]
    .sort((x, y) => y[1] - x[1])
    .map(([choice, n]) => `${label(choice)}: ${n}`)
    .join(" · ");
  const judge = c.judge;
  const blocks: ViewBlock[] = [
    ...(recorded ? [{ type: "context" as const, text: recorded }] : []),
    { type: "header", text: `Judge vs humans · ${c.campaign.title ?? c.campaign.name}` },
    {
      type: "context",
      text: `Pair ${c.position} of ${c.total} · ${c.decided} decided · item ${item.externalId} · the judge's most confident disagreements first`,
    },
    // The text blocks only: the full-text path of an assignment does not apply to a lead's review.
    ...comparisonBlocks({ ...item, displayOrder: "ab" }),
    {
      type: "context",
      text: "Response 1 is the stored response A, Response 2 is B. Each person saw them in a random order; their votes are counted here in these terms.",
    },
    { type: "text", text: `*Humans* (${count(c.votes.length, "vote")}): ${votes}; majority *${label(c.majority)}*` },
  ];
  c.votes.forEach((v, i) => {
    blocks.push({ type: "text", text: `Annotator ${i + 1} chose *${label(v.choice)}*${v.rationale ? `: ${quote(v.rationale)}` : ""}` });
  });
  blocks.push({
    type: "text",
    text: `*AI judge* (${judge.model}, prompt ${judge.promptVersion}): *${label(judge.choice)}*, ${Math.round(judge.confidence * 100)}% confident, ${
      judge.ordersAgree ? "both orders agreed" : "its two orders disagreed"
    }${judge.rationale ? `: ${quote(judge.rationale)}` : "."}`,
  });
  blocks.push({
    type: "actions",
    buttons: [
      {
        actionId: encodeAction({ verb: "judge_decide", comparisonId: item.id, side: "humans" }),
        label: `Confirm the humans: ${label(c.majority)}`,
        style: "primary",
      },
      { actionId: encodeAction({ verb: "judge_decide", comparisonId: item.id, side: "judge" }), label: `Side with the judge: ${label(judge.choice)}` },
      { actionId: skip, label: "Skip" },
    ],
  });
  return { text: `Review the AI judge against the humans in ${c.campaign.name}: pair ${c.position} of ${c.total}`, blocks };
}

/** The end of a review, or why there is nothing to review. */
export function judgeReviewEnd(step: Extract<JudgeReviewStep, { kind: "done" }>, recorded?: string): MessageView {
  const name = step.campaign.name;
  const pairs = `${count(step.total, "pair")} where the AI judge disagrees with a confident human majority in ${name}`;
  const open = step.total - step.decided;
  let view: MessageView;
  if (!step.scored) view = notice(`No AI judge has scored ${name} yet: run \`/pairwise prescore ${name}\` first.`, "warning");
  else if (step.total === 0) view = notice(`The AI judge disagrees with no confident human majority in ${name}: nothing to review.`, "success");
  else if (open === 0)
    view = notice(`${step.walked ? "Review done: all" : "All"} ${pairs} have a lead's final answer, which exports use as their label.`, "success");
  else
    view = notice(
      `Review done: that was the last of the ${pairs}. ${step.decided} decided, ${open} still open (skipped): \`/pairwise adjudicate ${name} judge\` goes through the open ones again.`,
      "success",
    );
  return recorded ? { ...view, blocks: [{ type: "context", text: recorded }, ...view.blocks] } : view;
}
