import { describe, expect, it } from "vitest";
import { meanPairwiseKappa, pairedAgreement } from "../../../src/services/reports/judge-agreement.js";

const CATS = ["a", "b", "tie", "both_bad"];

describe("agreement figures of the judge report", () => {
  it("kappa and agreement of paired labels, with a CI around them", () => {
    // 6 pairs, 4 agree: p_o = 4/6; marginals judge a 3 b 3, humans a 3 b 3: p_e = 1/2; kappa = 1/3.
    const r = pairedAgreement(
      [
        ["a", "a"],
        ["a", "a"],
        ["b", "b"],
        ["b", "b"],
        ["a", "b"],
        ["b", "a"],
      ],
      CATS,
    )!;
    expect(r.kappa).toBeCloseTo(1 / 3, 12);
    expect(r.agreement).toBeCloseTo(4 / 6, 12);
    expect(r.kappaCi[0]).toBeLessThanOrEqual(r.kappa);
    expect(r.kappaCi[1]).toBeGreaterThanOrEqual(r.kappa);
    expect(pairedAgreement([], CATS)).toBeNull();
  });

  it("keeps the estimate on every item when a big campaign's CI is bootstrapped on a sample", () => {
    const pairs = Array.from({ length: 12_000 }, (_, i) => [i % 3 === 0 ? "a" : "b", i % 4 === 0 ? "a" : "b"] as [string, string]);
    const all = pairs.filter(([x, y]) => x === y).length / pairs.length;
    const r = pairedAgreement(pairs, CATS)!;
    expect(r.n).toBe(12_000);
    expect(r.agreement).toBe(all);
    expect(r.agreementCi[0]).toBeLessThan(r.agreementCi[1]);
  });

  it("averages Cohen's kappa over the annotator pairs that share enough items", () => {
    // Annotators 1 and 2 agree on all 10 items (kappa 1); 3 rated two items only, too few to pair.
    const items = Array.from(
      { length: 10 },
      (_, i) => new Map([[1, i % 2 ? "a" : "b"], [2, i % 2 ? "a" : "b"], ...(i < 2 ? [[3, "tie"] as [number, string]] : [])]),
    );
    const r = meanPairwiseKappa(items, CATS)!;
    expect([r.value, r.pairs, r.annotators, r.items]).toEqual([1, 1, 2, 10]);
    expect(meanPairwiseKappa(items.slice(0, 5), CATS)).toBeNull();
  });
});
