import { SCREEN_CHOICES, screenChoiceLabel, toScreenChoice, type Choice, type DisplayOrder, type ScreenChoice } from "../../domain/choice.js";
import type { ChatTurn, ComparisonKind, GoldReference } from "../../domain/comparison.js";
import { isFinalAnswer } from "../../domain/final-answers.js";
import { formatClockInZone } from "../../domain/format-time.js";
import { encodeAction } from "../action-ids.js";
import { inSentence } from "../../domain/punctuation.js";
import type { ButtonView, MessageView, ViewBlock } from "../views.js";
import type { JudgeHint } from "../../services/ai-judge/judge-hint.js";
import { guidelinesButton } from "./guidelines-card.js";

/** What a card needs to know; built by the dispatcher from service results. */
export interface CardInput {
  assignmentId: number;
  campaignId: number;
  campaignTitle: string;
  guidelineVersion: number | null;
  prompt: ChatTurn[];
  responseA: string;
  responseB: string;
  displayOrder: DisplayOrder;
  /** Open: buttons to vote. Voted: the answer and what to do next. */
  state: /** `timezone`: the team's (PAIRWISE_TIMEZONE), which the hold's end is shown in; UTC without it. */
    | { kind: "open"; leaseEndsAt: number; timezone?: string }
    | {
        kind: "voted";
        choice: Choice;
        hasRationale: boolean;
        changed?: boolean;
        goldFeedback?: GoldReference & { correct: boolean };
        final?: "gold" | "calibration";
      }
    | { kind: "skipped" }
    | { kind: "expired" };
  /** The AI judge's verdict, when the campaign shows it (aiJudge.show) and the pair is scored. */
  judge?: JudgeHint;
}

const VOTE_CHOICES: readonly ScreenChoice[] = SCREEN_CHOICES;

/** The voted card's `final` field: which kind of final answer this is, if it is one (domain/final-answers.ts). */
export function finalAs(kind: ComparisonKind, goldFeedback: boolean): { final?: "gold" | "calibration" } {
  if (!isFinalAnswer(kind, goldFeedback)) return {};
  return { final: kind === "calibration" ? "calibration" : "gold" };
}

/** The responses in the order this assignment shows them. */
export function responsesOnScreen(input: Pick<CardInput, "responseA" | "responseB" | "displayOrder">): [string, string] {
  return input.displayOrder === "ab" ? [input.responseA, input.responseB] : [input.responseB, input.responseA];
}

/** What the text blocks of a comparison show: its prompt and responses, in the order on screen. */
export type PairText = Pick<CardInput, "prompt" | "responseA" | "responseB" | "displayOrder">;

/**
 * The text blocks of a comparison: the prompt (turn by turn) and both responses. Model names never
 * appear. With `fullTextAction`, a long text carries a button to read it whole; without (the lead's
 * adjudication and review cards), it shows its start only.
 */
export function comparisonBlocks(input: PairText, fullTextAction?: (part: "prompt" | "1" | "2") => string): ViewBlock[] {
  const full = (part: "prompt" | "1" | "2") => (fullTextAction ? { fullTextActionId: fullTextAction(part) } : {});
  const blocks: ViewBlock[] = [];
  const turns = input.prompt;
  if (turns.length === 1 && turns[0]!.role === "user") {
    blocks.push({ type: "long_text", title: "Prompt", text: turns[0]!.content, role: "prompt", ...full("prompt") });
  } else {
    // Multi-turn prompts: every turn labeled by who spoke; one full-text path covers them all.
    turns.forEach((turn, i) => {
      const title = turn.role === "user" ? "User" : turn.role === "assistant" ? "Assistant" : "System";
      blocks.push({
        type: "long_text",
        title: `${title} (turn ${i + 1} of ${turns.length})`,
        text: turn.content,
        role: "prompt",
        ...full("prompt"),
      });
    });
  }
  const [first, second] = responsesOnScreen(input);
  blocks.push({ type: "divider" });
  blocks.push({ type: "long_text", title: "Response 1", text: first, role: "response", ...full("1") });
  blocks.push({ type: "divider" });
  blocks.push({ type: "long_text", title: "Response 2", text: second, role: "response", ...full("2") });
  return blocks;
}

/** The card an annotator labels in queue mode (a DM, an ephemeral reply, the terminal). */
export function comparisonCard(input: CardInput): MessageView {
  const blocks: ViewBlock[] = [{ type: "header", text: input.campaignTitle }];
  blocks.push(...comparisonBlocks(input, (part) => encodeAction({ verb: "full_text", assignmentId: input.assignmentId, part })));
  const version = input.guidelineVersion ? `Guidelines v${input.guidelineVersion}` : "No guidelines";
  const next: ButtonView = { actionId: encodeAction({ verb: "next", campaignId: input.campaignId }), label: "Next", style: "primary" };
  const state = input.state;
  switch (state.kind) {
    case "open": {
      const until = formatClockInZone(new Date(state.leaseEndsAt), state.timezone ?? "UTC");
      if (input.judge?.show === "before_vote" && input.judge.ordersAgree) {
        const suggested = screenChoiceLabel(toScreenChoice(input.judge.choice, input.displayOrder));
        blocks.push({
          type: "context",
          text: `AI judge's suggestion: *${suggested}* (confidence ${pct(input.judge.confidence)}). It can be wrong: when you disagree, choose what you think is right.`,
        });
      }
      blocks.push({ type: "context", text: `${version} · held for you until ${until} · which response is better?` });
      blocks.push({
        type: "actions",
        buttons: [
          ...VOTE_CHOICES.map(
            (choice): ButtonView => ({
              actionId: encodeAction({ verb: "vote", assignmentId: input.assignmentId, choice }),
              label: screenChoiceLabel(choice),
            }),
          ),
          { actionId: encodeAction({ verb: "skip", assignmentId: input.assignmentId }), label: "Skip" },
          guidelinesButton(input.campaignId),
        ],
      });
      return { text: `New comparison in ${inSentence(input.campaignTitle)}: which response is better?`, blocks };
    }
    case "voted": {
      const screen = toScreenChoice(state.choice, input.displayOrder);
      const verb = state.changed ? "Changed to" : "You chose";
      blocks.push({ type: "text", text: `*${verb}: ${screenChoiceLabel(screen)}*${state.hasRationale ? " · rationale saved" : ""}` });
      if (state.goldFeedback) {
        const g = state.goldFeedback;
        const expected = screenChoiceLabel(toScreenChoice(g.answer, input.displayOrder));
        // Explanations are written against the stored pair ("Response A"): say it in this card's order.
        const explanation = g.explanation.replace(/\bResponse ([AB])\b/g, (_m, x: string) =>
          screenChoiceLabel(toScreenChoice(x === "A" ? "a" : "b", input.displayOrder)),
        );
        blocks.push({
          type: "text",
          text: g.correct
            ? `This was a check item, and you matched the expected answer. ${explanation}`
            : `This was a check item. Expected: *${expected}*. ${explanation}`,
        });
      }
      if (input.judge) blocks.push({ type: "context", text: judgeVerdictText(input.judge, input.displayOrder) });
      const change =
        state.final === "gold"
          ? "this was a check item: your answer is final"
          : state.final === "calibration"
            ? "calibration answers are final"
            : "you can change your answer while the item is yours";
      blocks.push({ type: "context", text: `${version} · ${change}` });
      blocks.push({
        type: "actions",
        buttons: [
          { actionId: encodeAction({ verb: "rationale", assignmentId: input.assignmentId }), label: state.hasRationale ? "Edit rationale" : "Add rationale" },
          // Names this card, so it can stay as a record of the vote when the next item comes.
          { ...next, actionId: encodeAction({ verb: "next", campaignId: input.campaignId, after: input.assignmentId }) },
          guidelinesButton(input.campaignId),
        ],
      });
      // The card says the answer can be changed: it keeps the buttons to do it (the current one marked).
      if (!state.final) {
        blocks.push({
          type: "actions",
          buttons: VOTE_CHOICES.map(
            (choice): ButtonView => ({
              actionId: encodeAction({ verb: "vote", assignmentId: input.assignmentId, choice }),
              label: choice === screen ? `✓ ${screenChoiceLabel(choice)}` : `Change to ${screenChoiceLabel(choice)}`,
              ...(choice === screen ? { style: "primary" as const } : {}),
            }),
          ),
        });
      }
      return { text: `${verb} ${screenChoiceLabel(screen)}`, blocks, tone: "success" };
    }
    case "skipped":
      blocks.splice(1); // the texts are not needed any more
      blocks.push({ type: "text", text: "Skipped. This item goes to someone else." }, { type: "actions", buttons: [next] });
      return { text: "Skipped", blocks };
    case "expired":
      blocks.splice(1);
      blocks.push(
        { type: "text", text: "This item expired: it was held for you for a while and went back to the pool." },
        { type: "actions", buttons: [next] },
      );
      return { text: "This item expired", blocks, tone: "warning" };
  }
}

const pct = (x: number) => `${Math.round(x * 100)}%`;

/** The judge's verdict after a vote, in this card's screen terms. */
function judgeVerdictText(judge: JudgeHint, order: DisplayOrder): string {
  if (!judge.ordersAgree) return "The AI judge could not decide this one: its verdicts with the responses in each order disagreed.";
  return `The AI judge chose *${screenChoiceLabel(toScreenChoice(judge.choice, order))}* (confidence ${pct(judge.confidence)}).`;
}
