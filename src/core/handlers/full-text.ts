import { promptToText } from "../../domain/comparison.js";
import { loadOwnedAssignment } from "../../services/load-assignment.js";
import type { TextPart } from "../action-ids.js";
import { responsesOnScreen } from "../cards/comparison-card.js";
import type { DispatchDeps } from "../dispatch-context.js";
import { identityOf } from "../dispatch-context.js";
import type { InboundEvent, Reply } from "../events.js";
import { notice } from "../views.js";

/** "Show full text": the whole prompt or response as a text file only the clicking user gets. */
export async function handleFullText(deps: DispatchDeps, event: InboundEvent, assignmentId: number, part: TextPart): Promise<Reply> {
  const owned = await loadOwnedAssignment(deps.services, identityOf(event), assignmentId);
  return fullTextReply(owned.comparison, owned.assignment.displayOrder, part, `item-${assignmentId}`);
}

export function fullTextReply(
  comparison: { prompt: Parameters<typeof promptToText>[0]; responseA: string; responseB: string },
  displayOrder: "ab" | "ba",
  part: TextPart,
  stem: string,
): Reply {
  const [first, second] = responsesOnScreen({ ...comparison, displayOrder });
  const text = part === "prompt" ? promptToText(comparison.prompt) : part === "1" ? first : second;
  const title = part === "prompt" ? "Prompt" : `Response ${part}`;
  const name = `${stem}-${part === "prompt" ? "prompt" : `response-${part}`}.txt`;
  return {
    kind: "file",
    files: [{ name, mimeType: "text/plain", data: Buffer.from(text, "utf8"), title }],
    view: notice(`${title}, in full (${text.length.toLocaleString("en-US")} characters).`),
  };
}
