import { describe, expect, it } from "vitest";
import { splitDiscussion } from "../../../../src/core/cards/calibration-cards.js";

describe("calibration discussion threads", () => {
  it("name responses by words every reader saw, never by a position (each reader had their own order)", () => {
    const view = splitDiscussion({
      comparisonId: 1,
      externalId: "cal-7",
      reference: "b",
      explanation: "It answers the question asked.",
      agreement: 0.5,
      responseA: "I cannot help with that request.",
      responseB: "Preheat the oven to 180 °C, then bake for 25 minutes.",
      answers: [
        { choice: "a", rationale: "Safer." },
        { choice: "b", rationale: "Actually helps." },
      ],
    });
    const all = [view.text, ...view.blocks.map((b) => (b.type === "text" ? b.text : ""))].join("\n");
    expect(view.text).toBe("Item cal-7: the reference answer is the response beginning “Preheat the oven to 180 °C,…”.");
    expect(all).toContain("“I cannot help with that request.” 1");
    expect(all).not.toMatch(/Response [AB12]\b/);
  });
});
