import type { Choice } from "./choice.js";

/** What the judgments of one item say once it reached its overlap. */
export type ItemOutcome =
  /** A clear majority with no sign of doubt: the item is done. */
  | { kind: "settled"; majority: Choice }
  /** Split or doubtful, and the overlap may still grow: ask one more person. */
  | { kind: "extend"; reason: string }
  /** Still split at the maximum overlap: a lead decides. */
  | { kind: "adjudicate"; reason: string };

export interface ItemJudgment {
  choice: Choice;
  difficulty: string | null;
  confidence: number | null;
}

/** Confidence at or under this counts as doubt (1 "a guess", 2 "unsure"). */
const LOW_CONFIDENCE = 2;

/**
 * Adaptive overlap (pure). An item whose judgments split — no strict majority, someone rated it
 * "ambiguous", or someone answered with low confidence — gets one more judgment, up to the
 * maximum; an item with a strict majority and no doubt is settled. Unanimity at the base overlap
 * is the common case of "settled".
 */
export function itemOutcome(judgments: readonly ItemJudgment[], target: number, maxOverlap: number): ItemOutcome | undefined {
  if (judgments.length < target) return undefined;
  const counts = new Map<Choice, number>();
  for (const j of judgments) counts.set(j.choice, (counts.get(j.choice) ?? 0) + 1);
  const ranked = [...counts.entries()].sort((x, y) => y[1] - x[1]);
  const [top] = ranked;
  const strictMajority = top !== undefined && top[1] * 2 > judgments.length;
  const unanimous = ranked.length === 1;
  const ambiguous = judgments.some((j) => j.difficulty === "ambiguous");
  const doubtful = judgments.some((j) => j.confidence !== null && j.confidence <= LOW_CONFIDENCE);
  if (strictMajority && (unanimous || (!ambiguous && !doubtful))) return { kind: "settled", majority: top[0] };
  const reason = !strictMajority
    ? `no majority (${ranked.map(([c, n]) => `${c} ${n}`).join(", ")})`
    : ambiguous
      ? "rated ambiguous"
      : "answered with low confidence";
  if (judgments.length < maxOverlap) return { kind: "extend", reason };
  // At the maximum, a majority settles it even with doubts; only a split goes to a lead.
  if (strictMajority) return { kind: "settled", majority: top[0] };
  return { kind: "adjudicate", reason };
}

/** Gold accuracy over an annotator's most recent gold answers (newest first). */
export interface GoldStanding {
  answered: number;
  correct: number;
  accuracy: number;
  /** Enough answers to judge (the window's minimum) and under the threshold. */
  belowThreshold: boolean;
}

const GOLD_WINDOW = 25;
const GOLD_MINIMUM = 10;

/** The accuracy over the last 25 gold items; judged only from 10 answers on. */
export function goldStanding(recentCorrect: readonly boolean[], threshold: number): GoldStanding {
  const window = recentCorrect.slice(0, GOLD_WINDOW);
  const correct = window.filter(Boolean).length;
  const accuracy = window.length > 0 ? correct / window.length : 1;
  return { answered: window.length, correct, accuracy, belowThreshold: window.length >= GOLD_MINIMUM && accuracy < threshold };
}
