import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { cohenKappa, kappaFromTable } from "../../../src/stats/cohen.js";
import { fleissKappa } from "../../../src/stats/fleiss.js";
import { gwetAc } from "../../../src/stats/gwet.js";
import { krippendorffAlpha } from "../../../src/stats/krippendorff.js";
import { percentAgreement } from "../../../src/stats/percent-agreement.js";
import type { RatingsTable } from "../../../src/stats/ratings.js";

/**
 * Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", the example with 4 observers,
 * 12 units and missing values (section C). Published: nominal 0.743, ordinal 0.815, interval 0.849,
 * ratio 0.797.
 */
const K2011: RatingsTable = (() => {
  const A = [1, 2, 3, 3, 2, 1, 4, 1, 2, null, null, null];
  const B = [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, null, 3];
  const C = [null, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, null];
  const D = [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, null];
  return A.map((_, u) => [A[u]!, B[u]!, C[u]!, D[u]!]);
})();

describe("Krippendorff's alpha against Krippendorff (2011)", () => {
  it.each([
    ["nominal", 0.743],
    ["ordinal", 0.815],
    ["interval", 0.849],
    ["ratio", 0.797],
  ] as const)("%s alpha on the 4-observer example is %s", (level, published) => {
    const r = krippendorffAlpha(K2011, { level });
    expect(r.value).toBeCloseTo(published, 3);
    // Unit 12 has a single value: not pairable.
    expect(r.units).toBe(11);
    expect(r.pairableValues).toBe(40);
  });

  it("binary example with two observers (Ben and Gerry) gives 0.095", () => {
    const ben = [0, 1, 0, 0, 0, 0, 0, 0, 1, 0];
    const gerry = [1, 1, 1, 0, 0, 1, 0, 0, 0, 0];
    expect(
      krippendorffAlpha(
        ben.map((b, i) => [b, gerry[i]!]),
        { level: "nominal" },
      ).value,
    ).toBeCloseTo(0.095, 3);
  });
});

describe("Fleiss' kappa", () => {
  it("gives 0.210 on the 10 subjects × 14 raters example (Wikipedia, after Fleiss 1971)", () => {
    const counts = [
      [0, 0, 0, 0, 14],
      [0, 2, 6, 4, 2],
      [0, 0, 3, 5, 6],
      [0, 3, 9, 2, 0],
      [2, 2, 8, 1, 1],
      [7, 7, 0, 0, 0],
      [3, 2, 6, 3, 0],
      [2, 5, 3, 2, 2],
      [6, 5, 2, 1, 0],
      [0, 2, 2, 3, 7],
    ];
    const table = counts.map((row) => row.flatMap((n, k) => Array<number>(n).fill(k + 1)));
    const r = fleissKappa(table, { categories: [1, 2, 3, 4, 5] });
    expect(r.value).toBeCloseTo(0.21, 3);
    expect(r.observedAgreement).toBeCloseTo(0.378, 3);
    expect(r.expectedAgreement).toBeCloseTo(0.213, 3);
  });
});

describe("Cohen's kappa", () => {
  it("Cohen (1968): kappa .492 and weighted kappa .348 with his disagreement weights", () => {
    const p = [
      [0.44, 0.07, 0.09],
      [0.05, 0.2, 0.05],
      [0.01, 0.03, 0.06],
    ];
    const identity = [
      [1, 0, 0],
      [0, 1, 0],
      [0, 0, 1],
    ];
    expect(kappaFromTable(p, identity).value).toBeCloseTo(0.492, 3);
    // Cohen's disagreement weights v, as agreement weights w = 1 − v / max v.
    const v = [
      [0, 1, 3],
      [1, 0, 6],
      [3, 6, 0],
    ];
    expect(
      kappaFromTable(
        p,
        v.map((row) => row.map((x) => 1 - x / 6)),
      ).value,
    ).toBeCloseTo(0.348, 3);
  });

  it("gives 0.429 on Bortz et al. (1990) as irr::kappa2 reports", () => {
    const m = [
      [53, 5, 2],
      [11, 14, 5],
      [1, 6, 3],
    ];
    const table = m.flatMap((row, i) => row.flatMap((n, j) => Array.from({ length: n }, () => [`c${i}`, `c${j}`])));
    const r = cohenKappa(table, { categories: ["c0", "c1", "c2"] });
    expect(r.value).toBeCloseTo(0.429, 3);
    expect(r.observedAgreement).toBeCloseTo(0.7, 10);
  });
});

describe("the PandaLM test set (PandaLM README, 'Test data')", () => {
  const rows = JSON.parse(readFileSync("test/fixtures/data/PandaLM/testset-v1.json", "utf8")) as {
    annotator1: number;
    annotator2: number;
    annotator3: number;
  }[];
  const pair = (a: "annotator1" | "annotator2" | "annotator3", b: typeof a) =>
    cohenKappa(
      rows.map((r) => [r[a], r[b]]),
      { categories: [0, 1, 2] },
    ).value;

  it("reproduces the published pairwise Cohen's kappa 0.85 / 0.88 / 0.86 (ties as their own category)", () => {
    expect(Math.abs(pair("annotator1", "annotator2") - 0.85)).toBeLessThan(0.005);
    expect(Math.abs(pair("annotator1", "annotator3") - 0.88)).toBeLessThan(0.005);
    expect(Math.abs(pair("annotator2", "annotator3") - 0.86)).toBeLessThan(0.005);
  });

  it("agrees with itself across statistics on three raters", () => {
    const table = rows.map((r) => [r.annotator1, r.annotator2, r.annotator3]);
    const fleiss = fleissKappa(table).value;
    const alpha = krippendorffAlpha(table).value;
    const ac1 = gwetAc(table).value;
    // Fleiss and nominal alpha differ only by the small-sample correction on complete data.
    expect(Math.abs(fleiss - alpha)).toBeLessThan(0.001);
    expect(ac1).toBeGreaterThan(fleiss);
    expect(percentAgreement(table).value).toBeGreaterThan(0.9);
  });
});
