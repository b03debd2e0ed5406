import type { ChatTurn } from "../../../domain/comparison.js";
import { degenerateKinds, type DegenerateKind } from "../../../domain/degenerate-target.js";
import { preferencePair, type LabeledItem } from "../labeled-items.js";

export interface FormatOptions {
  /** TRL: prompt/chosen/rejected as lists of messages instead of strings. */
  conversational?: boolean;
  /** Write degenerate targets (empty, boolean-only, chosen = rejected) instead of leaving them out. */
  keepDegenerate?: boolean;
}

/** Metadata every JSON format carries alongside the fields its trainer reads (trainers ignore extra keys). */
export function meta(item: LabeledItem) {
  return {
    id: item.externalId,
    preference: item.label.label,
    agreement: round(item.label.agreement),
    confidence: round(item.label.confidence),
    judgments: item.label.judgments,
    aggregation: item.label.source,
    // Only with --include-ai: how many of the votes were the AI judge's, so a trainer can filter on it.
    ...(item.aiVotes > 0 ? { ai_votes: item.aiVotes } : {}),
  };
}
export const round = (x: number) => Math.round(x * 1e4) / 1e4;
export const assistant = (content: string): ChatTurn => ({ role: "assistant", content });

/** What is wrong with a paired training target (chosen against rejected), if anything. */
export function pairDefects(item: LabeledItem): DegenerateKind[] {
  const pair = preferencePair(item);
  return pair ? degenerateKinds({ chosen: pair.chosen, rejected: [pair.rejected] }) : [];
}
