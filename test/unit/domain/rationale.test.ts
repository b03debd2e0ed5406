import { describe, expect, it } from "vitest";
import { parseRationaleForm } from "../../../src/domain/rationale.js";

const settings = { rationale: "optional" as const, rubric: [{ name: "accuracy", description: "x" }] };

describe("rationale form", () => {
  it("stores rubric scores in A/B terms through the display order", () => {
    const r = parseRationaleForm({ "rubric.accuracy.1": "5", "rubric.accuracy.2": "1" }, settings, "ba");
    expect(r.ok && r.details.rubricScores).toEqual({ accuracy: { b: 5, a: 1 } });
  });

  it("refuses an oversized rationale, bad numbers and unknown flags, field by field", () => {
    const r = parseRationaleForm({ rationale: "x".repeat(3001), confidence: "9", flags: ["nonsense"], "rubric.accuracy.1": "0" }, settings, "ab");
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(Object.keys(r.errors).sort()).toEqual(["confidence", "flags", "rationale", "rubric.accuracy.1"]);
    expect(r.errors.rationale).toContain("3000");
  });

  it("requires a rationale when the campaign does", () => {
    const r = parseRationaleForm({ rationale: "meh" }, { ...settings, rationale: "required" }, "ab");
    expect(r.ok).toBe(false);
    const ok = parseRationaleForm({ rationale: "Response 1 cites its source." }, { ...settings, rationale: "required" }, "ab");
    expect(ok.ok).toBe(true);
  });
});
