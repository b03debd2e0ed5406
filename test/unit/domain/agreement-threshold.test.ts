import { describe, expect, it } from "vitest";
import { parseAgreementThreshold } from "../../../src/domain/agreement-threshold.js";

describe("--min-agreement thresholds", () => {
  it("compares a decimal at its written precision: 0.67 keeps 2 of 3, 0.70 does not", () => {
    expect(parseAgreementThreshold("0.67").meets(2, 3)).toBe(true);
    expect(parseAgreementThreshold("0.68").meets(2, 3)).toBe(false);
    // 0.7 is every share that rounds to 0.7 at one decimal (0.65 and up); 0.70 asks for two decimals.
    expect(parseAgreementThreshold("0.7").meets(2, 3)).toBe(true);
    expect(parseAgreementThreshold("0.7").meets(3, 5)).toBe(false);
    expect(parseAgreementThreshold("0.70").meets(2, 3)).toBe(false);
    expect(parseAgreementThreshold("0.667").meets(2, 3)).toBe(true);
    expect(parseAgreementThreshold("0.6667").meets(2, 3)).toBe(true);
    expect(parseAgreementThreshold("0.6667").meets(6666, 10000)).toBe(false);
    expect(parseAgreementThreshold("0.75").meets(3, 4)).toBe(true);
    expect(parseAgreementThreshold("0.75").meets(2, 3)).toBe(false);
  });

  it("takes fractions exactly and percentages as decimals", () => {
    expect(parseAgreementThreshold("2/3").meets(2, 3)).toBe(true);
    expect(parseAgreementThreshold("2/3").meets(4, 6)).toBe(true);
    expect(parseAgreementThreshold("2/3").meets(3, 5)).toBe(false);
    expect(parseAgreementThreshold("67%").meets(2, 3)).toBe(true);
    expect(parseAgreementThreshold("70%").meets(2, 3)).toBe(false);
    expect(parseAgreementThreshold(" 2 / 3 ").value).toBeCloseTo(2 / 3);
  });

  it("reads 1, 1.0 and 100% as unanimous, however the share rounds", () => {
    for (const text of ["1", "1.0", "100%"]) {
      expect(parseAgreementThreshold(text).meets(3, 3)).toBe(true);
      expect(parseAgreementThreshold(text).meets(24, 25)).toBe(false);
    }
    expect(parseAgreementThreshold("0").meets(0, 3)).toBe(true);
  });

  it.each(["1.5", "3/2", "abc", "-0.5", "0.6.7", "2/0", "", "120%"])("refuses %j and says what it takes", (text) => {
    expect(() => parseAgreementThreshold(text)).toThrow(
      /--min-agreement must be a share from 0 to 1 such as 0\.67, a fraction such as 2\/3, or a percentage such as 67%/,
    );
  });
});
