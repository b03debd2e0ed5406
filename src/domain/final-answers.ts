import type { ComparisonKind } from "./comparison.js";

/**
 * Whether an answer can never be changed once given. Answers to regular items can change while
 * the item is held. A gold item's answer is final when the campaign shows the expected answer
 * right after the vote (goldFeedback): otherwise clicking the shown answer would turn every miss
 * into a hit. Without feedback the item looks like any other, so its answer changes like any
 * other (refusing would tell the annotator it is a check). Calibration answers are final: the
 * card says it is calibration, and the references are discussed once the round closes.
 */
export function isFinalAnswer(kind: ComparisonKind, goldFeedback: boolean): boolean {
  return kind === "calibration" || (kind === "gold" && goldFeedback);
}
