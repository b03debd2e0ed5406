import { describe, expect, it } from "vitest";
import { positionBias, preferredSideInText, straightLining, tooFastFloorMs } from "../../../src/domain/anomalies.js";

describe("anomaly rules", () => {
  it("scales the too-fast floor with the text to read", () => {
    expect(tooFastFloorMs(0)).toBe(2000);
    expect(tooFastFloorMs(20_000)).toBe(202_000);
  });

  it("flags the same choice or the same side 90% of the last 20, not less", () => {
    const same = Array.from({ length: 20 }, (_, i) => ({ choice: i < 18 ? ("a" as const) : ("b" as const), screen: i % 2 ? ("1" as const) : ("2" as const) }));
    expect(straightLining(same)).toBe("chose a in 18 of the last 20 judgments");
    const side = Array.from({ length: 20 }, (_, i) => ({ choice: i % 2 ? ("a" as const) : ("b" as const), screen: i < 19 ? ("1" as const) : ("2" as const) }));
    expect(straightLining(side)).toContain("Response 1 (the same side of the screen) in 19 of the last 20");
    const mixed = Array.from({ length: 20 }, (_, i) => ({ choice: i < 17 ? ("a" as const) : ("b" as const), screen: i % 2 ? ("1" as const) : ("2" as const) }));
    expect(straightLining(mixed)).toBeUndefined();
    expect(straightLining(same.slice(0, 19))).toBeUndefined();
  });

  it("flags position bias by an exact binomial test over the last 40: 33 of 40 first-shown, not 32", () => {
    const window = (first: number, n = 40) =>
      Array.from({ length: n }, (_, i) => ({ choice: "a" as const, screen: i < first ? ("1" as const) : ("2" as const) }));
    expect(positionBias(window(33))).toBe("preferred the response shown first in 33 of the last 40 preferences (binomial p = 0.000042 against 50%)");
    expect(positionBias(window(32))).toBeUndefined();
    expect(positionBias(window(7))).toContain("the response shown second in 33 of the last 40");
    // Only the newest 40 count, and ties and both-bad say nothing of sides.
    expect(positionBias([...window(20), ...window(40)])).toBeUndefined();
    const withTies = [...window(29, 29), ...Array.from({ length: 11 }, () => ({ choice: "tie" as const, screen: "tie" as const }))];
    expect(positionBias(withTies)).toBeUndefined(); // 29 preferences: too few to say
  });

  it("reads a plainly stated preference from a rationale, and nothing from a vague one", () => {
    expect(preferredSideInText("Response 2 is clearly better: it cites the law.")).toBe("2");
    expect(preferredSideInText("I prefer the first response because it is shorter.")).toBe("1");
    expect(preferredSideInText("The second answer was more accurate.")).toBe("2");
    expect(preferredSideInText("Both are fine; response 1 is longer.")).toBeUndefined();
    expect(preferredSideInText("Response 1 is better in tone but response 2 is better in facts")).toBeUndefined();
  });
});
