import type { ChatTurn } from "../../../domain/comparison.js";

export const HUMAN_MARKER = "\n\nHuman:";
const ASSISTANT_MARKER = "\n\nAssistant:";

/** A chosen/rejected pair of Anthropic transcripts split into the shared prompt and the two replies. */
export interface SplitTranscripts {
  prompt: ChatTurn[];
  /** The replies after the shared prompt, without the single space that follows the marker. */
  chosen: string;
  rejected: string;
  /** True when a reply holds another `\n\nAssistant:` (an invented turn): a naive split would fail. */
  markerInReply: boolean;
}

/**
 * Splits a pair at the longest common prefix, cut just after the last `\n\nAssistant:` inside it.
 *
 * Why not split each transcript at its own last marker: in 5 rows of harmless-base/test, one reply
 * invents a further `Human:`/`Assistant:` exchange, so the naive prompts of chosen and rejected differ.
 * The common prefix is by construction the same for both sides. Returns undefined when the prefix
 * holds no assistant marker (the pair differs before the first reply).
 */
export function splitTranscripts(chosen: string, rejected: string): SplitTranscripts | undefined {
  const common = commonPrefixLength(chosen, rejected);
  const cut = chosen.lastIndexOf(ASSISTANT_MARKER, common - ASSISTANT_MARKER.length);
  if (cut < 0 || cut + ASSISTANT_MARKER.length > common) return undefined;
  const replyStart = cut + ASSISTANT_MARKER.length;
  const chosenReply = stripOneSpace(chosen.slice(replyStart));
  const rejectedReply = stripOneSpace(rejected.slice(replyStart));
  return {
    prompt: parseTurns(chosen.slice(0, cut)),
    chosen: chosenReply,
    rejected: rejectedReply,
    markerInReply: chosenReply.includes(ASSISTANT_MARKER) || rejectedReply.includes(ASSISTANT_MARKER),
  };
}

/** `\n\nHuman: a\n\nAssistant: b` → user "a", assistant "b". Text before the first marker is dropped (none in HH). */
export function parseTurns(transcript: string): ChatTurn[] {
  const turns: ChatTurn[] = [];
  const marker = /\n\n(Human|Assistant):/g;
  let current: { role: ChatTurn["role"]; start: number } | undefined;
  for (let match = marker.exec(transcript); match !== null; match = marker.exec(transcript)) {
    if (current) turns.push({ role: current.role, content: stripOneSpace(transcript.slice(current.start, match.index)) });
    current = { role: match[1] === "Human" ? "user" : "assistant", start: match.index + match[0].length };
  }
  if (current) turns.push({ role: current.role, content: stripOneSpace(transcript.slice(current.start)) });
  return turns;
}

/** The inverse of `parseTurns`, for tests and exports: turns back to the Anthropic transcript format. */
export function toTranscript(turns: readonly ChatTurn[]): string {
  return turns.map((t) => `${t.role === "user" ? HUMAN_MARKER : ASSISTANT_MARKER} ${t.content}`).join("");
}

function commonPrefixLength(a: string, b: string): number {
  const max = Math.min(a.length, b.length);
  let i = 0;
  while (i < max && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  return i;
}

/** The format puts one space after each marker; it belongs to the format, not the text. */
function stripOneSpace(text: string): string {
  return text.startsWith(" ") ? text.slice(1) : text;
}
