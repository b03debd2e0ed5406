import { describe, expect, it } from "vitest";
import { comparisonCard, type CardInput } from "../../../../src/core/cards/comparison-card.js";
import { parseAction } from "../../../../src/core/action-ids.js";

const base = (displayOrder: "ab" | "ba", state: CardInput["state"]): CardInput => ({
  assignmentId: 5,
  campaignId: 2,
  campaignTitle: "T",
  guidelineVersion: 1,
  prompt: [{ role: "user", content: "Q?" }],
  responseA: "alpha",
  responseB: "beta",
  displayOrder,
  state,
});
const text = (v: ReturnType<typeof comparisonCard>) => v.blocks.map((b) => ("text" in b ? b.text : "")).join("\n");
const verbs = (v: ReturnType<typeof comparisonCard>) =>
  v.blocks.flatMap((b) => (b.type === "actions" ? b.buttons.map((x) => parseAction(x.actionId).verb) : []));

describe("comparison card", () => {
  it("offers the guidelines open and voted, and keeps the vote buttons while the answer can change", () => {
    expect(verbs(comparisonCard(base("ab", { kind: "open", leaseEndsAt: 0 })))).toContain("guidelines");
    const voted = comparisonCard(base("ab", { kind: "voted", choice: "a", hasRationale: false }));
    expect(verbs(voted)).toEqual(["rationale", "next", "guidelines", "vote", "vote", "vote", "vote"]);
    // A final answer cannot change: no vote buttons.
    expect(verbs(comparisonCard(base("ab", { kind: "voted", choice: "a", hasRationale: false, final: "gold" })))).toEqual(["rationale", "next", "guidelines"]);
  });

  it("says a check item's explanation in the reader's order, not the stored A/B", () => {
    const card = comparisonCard(
      base("ba", {
        kind: "voted",
        choice: "a",
        hasRationale: false,
        final: "gold",
        goldFeedback: { answer: "b", explanation: "Response B cites its source; Response A guesses.", correct: false },
      }),
    );
    expect(text(card)).toContain("Expected: *Response 1*. Response 1 cites its source; Response 2 guesses.");
  });
});
