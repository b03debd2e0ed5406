import { parseAction } from "../action-ids.js";
import type { ChatTurn } from "../../domain/comparison.js";
import type { MessageView, ViewBlock } from "../views.js";

/** How much of the prompt names the item in a record: enough to recognise it, short enough to scan. */
const OPENING = 90;

/**
 * A voted card as a compact record, kept in the conversation when the next item arrives: the
 * campaign, which prompt it was (its opening words), the answer and its notes, and the rationale
 * button; without the texts (the card is read), without `Next` (already used) and without the
 * buttons that change the answer (a change is made where both responses can be read again).
 */
export function votedRecord(card: MessageView, prompt: ChatTurn[]): MessageView {
  const first = prompt.find((t) => t.role === "user") ?? prompt[0];
  const opening = (first?.content ?? "").replace(/\s+/g, " ").trim();
  const named: ViewBlock = { type: "context", text: `Prompt: “${opening.length > OPENING ? `${opening.slice(0, OPENING - 1)}…` : opening}”` };
  const blocks: ViewBlock[] = [];
  for (const block of card.blocks) {
    if (block.type === "long_text") {
      if (!blocks.includes(named)) blocks.push(named);
      continue;
    }
    if (block.type === "divider") continue;
    if (block.type === "actions") {
      const buttons = block.buttons.filter((b) => !isNextOrVote(b.actionId));
      if (buttons.length > 0) blocks.push({ ...block, buttons });
      continue;
    }
    blocks.push(block);
  }
  return { ...card, blocks };
}

function isNextOrVote(actionId: string): boolean {
  try {
    const verb = parseAction(actionId).verb;
    return verb === "next" || verb === "vote";
  } catch {
    return false;
  }
}
