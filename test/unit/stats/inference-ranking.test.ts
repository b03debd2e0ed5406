import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { biasReport } from "../../../src/stats/bias.js";
import { binomialTest } from "../../../src/stats/binomial.js";
import { bootstrapCi } from "../../../src/stats/bootstrap.js";
import { bradleyTerry } from "../../../src/stats/bradley-terry.js";
import type { Battle } from "../../../src/stats/battles.js";
import { dawidSkene } from "../../../src/stats/dawid-skene.js";
import { onlineElo } from "../../../src/stats/elo.js";
import { majorityVote, type Labeling } from "../../../src/stats/majority.js";
import { perAnnotatorAgreement } from "../../../src/stats/per-annotator.js";
import { winRateMatrix } from "../../../src/stats/win-rate.js";
import { seededRandom } from "../../../src/random.js";

const panda = JSON.parse(readFileSync("test/fixtures/data/PandaLM/testset-v1.json", "utf8")) as {
  idx: number;
  annotator1: number;
  annotator2: number;
  annotator3: number;
}[];
const pandaLabelings: Labeling[] = panda.flatMap((r) =>
  (["annotator1", "annotator2", "annotator3"] as const).map((a) => ({ annotator: a, item: String(r.idx), label: String(r[a]) })),
);

describe("majority vote", () => {
  it("reproduces PandaLM's published label distribution 105 / 422 / 472 (label 0 / 1 / 2)", () => {
    const result = majorityVote(pandaLabelings);
    // No item in the filtered test set has all three annotators disagreeing, so no tie rule fires.
    expect(result.filter((r) => r.tied)).toHaveLength(0);
    const counts = result.reduce<Record<string, number>>((m, r) => ({ ...m, [r.label!]: (m[r.label!] ?? 0) + 1 }), {});
    expect(counts).toEqual({ "0": 105, "1": 422, "2": 472 });
  });

  it("applies the stated tie rules", () => {
    const split: Labeling[] = [
      { annotator: "x", item: "1", label: "a" },
      { annotator: "y", item: "1", label: "b" },
    ];
    expect(majorityVote(split)[0]).toMatchObject({ label: undefined, tied: true });
    expect(majorityVote(split, { ties: "label:tie" })[0]!.label).toBe("tie");
    expect(majorityVote(split, { ties: "first", order: ["b", "a"] })[0]!.label).toBe("b");
  });
});

describe("Dawid-Skene", () => {
  it("recovers the truth from two good annotators and one who answers at random, and learns who is who", () => {
    const random = seededRandom(3);
    const truth = Array.from({ length: 400 }, () => (random() < 0.6 ? "a" : "b"));
    const labelings: Labeling[] = [];
    truth.forEach((t, i) => {
      const flip = (p: number) => (random() < p ? (t === "a" ? "b" : "a") : t);
      labelings.push({ annotator: "good1", item: String(i), label: flip(0.1) });
      labelings.push({ annotator: "good2", item: String(i), label: flip(0.15) });
      labelings.push({ annotator: "noisy", item: String(i), label: random() < 0.5 ? "a" : "b" });
    });
    const r = dawidSkene(labelings, { classes: ["a", "b"] });
    expect(r.converged).toBe(true);
    const accuracy = r.items.filter((x) => x.label === truth[Number(x.item)]).length / truth.length;
    expect(accuracy).toBeGreaterThan(0.9);
    for (const x of r.items) expect(x.posterior.reduce((s, p) => s + p, 0)).toBeCloseTo(1, 10);
    expect(r.priors[0]).toBeGreaterThan(0.5);
    // The noisy annotator's confusion rows are near 50/50; the good ones are near the diagonal.
    expect(r.confusion.good1![0]![0]).toBeGreaterThan(0.8);
    expect(Math.abs(r.confusion.noisy![0]![0]! - 0.5)).toBeLessThan(0.1);
  });
});

describe("Bradley-Terry", () => {
  it("matches the closed form for two models: 3 wins to 1 is a strength ratio of 3, 400·log10(3) Elo points", () => {
    const battles: Battle[] = [
      { modelA: "x", modelB: "y", winner: "model_a" },
      { modelA: "x", modelB: "y", winner: "model_a" },
      { modelA: "y", modelB: "x", winner: "model_b" },
      { modelA: "x", modelB: "y", winner: "model_b" },
    ];
    const r = bradleyTerry(battles, { prior: 0, anchor: { model: "y", rating: 1000 } });
    expect(r.ratings.x! - r.ratings.y!).toBeCloseTo(400 * Math.log10(3), 6);
    expect(r.ratings.y).toBeCloseTo(1000, 9);
  });

  it("matches a transitive three-model case with known strengths 4 : 2 : 1", () => {
    // Expected wins equal to p_i/(p_i+p_j) × games are the MLE's fixed point: use 6 games a pair.
    const battles: Battle[] = [];
    const add = (a: string, b: string, winsA: number, games: number) => {
      for (let i = 0; i < games; i++) battles.push({ modelA: a, modelB: b, winner: i < winsA ? "model_a" : "model_b" });
    };
    add("p4", "p2", 4, 6); // 4/(4+2) = 2/3
    add("p4", "p1", 8, 10); // 4/5
    add("p2", "p1", 4, 6); // 2/3
    const r = bradleyTerry(battles, { prior: 0, anchor: { model: "p1", rating: 1000 } });
    expect(r.ratings.p2! - r.ratings.p1!).toBeCloseTo(400 * Math.log10(2), 4);
    expect(r.ratings.p4! - r.ratings.p1!).toBeCloseTo(400 * Math.log10(4), 4);
  });

  it("counts ties as half a win, or leaves them out, and gives seeded bootstrap intervals around the estimate", () => {
    const battles: Battle[] = [
      { modelA: "x", modelB: "y", winner: "tie" },
      { modelA: "x", modelB: "y", winner: "model_a" },
    ];
    const half = bradleyTerry(battles, { prior: 0 });
    expect(half.ratings.x! - half.ratings.y!).toBeCloseTo(400 * Math.log10(3), 6); // 1.5 : 0.5
    const random = seededRandom(1);
    const many: Battle[] = Array.from({ length: 300 }, () => ({ modelA: "x", modelB: "y", winner: random() < 0.7 ? "model_a" : "model_b" }));
    const a = bradleyTerry(many, { bootstrap: { samples: 200, seed: 5 } });
    const b = bradleyTerry(many, { bootstrap: { samples: 200, seed: 5 } });
    expect(a.ci).toEqual(b.ci);
    expect(a.ci!.x![0]).toBeLessThan(a.ratings.x!);
    expect(a.ci!.x![1]).toBeGreaterThan(a.ratings.x!);
  });
});

describe("online Elo and the win-rate matrix", () => {
  it("updates by hand-checked amounts", () => {
    // Equal ratings: expected 0.5, so a win moves each by K/2 = 16 with K = 32.
    const r = onlineElo([{ modelA: "x", modelB: "y", winner: "model_a" }], { k: 32 });
    expect(r).toEqual({ x: 1016, y: 984 });
    // Second battle: x (1016) vs y (984) tie: E_x = 1/(1+10^(-32/400)) = 0.54592…, so x loses 32·0.04592 = 1.4695.
    const r2 = onlineElo(
      [
        { modelA: "x", modelB: "y", winner: "model_a" },
        { modelA: "x", modelB: "y", winner: "tie" },
      ],
      { k: 32 },
    );
    expect(r2.x).toBeCloseTo(1016 - 32 * (1 / (1 + 10 ** (-32 / 400)) - 0.5), 9);
  });

  it("tabulates win rates with ties as half", () => {
    const m = winRateMatrix([
      { modelA: "x", modelB: "y", winner: "model_a" },
      { modelA: "y", modelB: "x", winner: "tie" },
    ]);
    expect(m.models).toEqual(["x", "y"]);
    expect(m.rate).toEqual([
      [null, 0.75],
      [0.25, null],
    ]);
  });
});

describe("bias", () => {
  it("binomial test matches R's binom.test(9, 10): p = 0.02148", () => {
    expect(binomialTest(9, 10)).toBeCloseTo(0.021484375, 9);
    expect(binomialTest(5, 10)).toBeCloseTo(1, 9);
    expect(binomialTest(0, 20)).toBeCloseTo(2 * 0.5 ** 20, 15);
  });

  it("measures position and length bias overall and per annotator, leaving ties out", () => {
    const obs = [
      ...Array.from({ length: 18 }, () => ({ annotator: "p", shownFirst: "a" as const, choice: "a" as const, lengthA: 10, lengthB: 20 })),
      ...Array.from({ length: 2 }, () => ({ annotator: "p", shownFirst: "a" as const, choice: "b" as const, lengthA: 10, lengthB: 20 })),
      { annotator: "p", shownFirst: "a" as const, choice: "tie" as const, lengthA: 10, lengthB: 20 },
    ];
    const r = biasReport(obs);
    expect(r.position).toMatchObject({ n: 20, hits: 18, share: 0.9 });
    expect(r.position.pValue).toBeLessThan(0.001);
    expect(r.length).toMatchObject({ n: 20, hits: 2, share: 0.1 });
    expect(r.perAnnotator.p!.position.hits).toBe(18);
  });
});

describe("per annotator and bootstrap", () => {
  it("gives each PandaLM annotator a kappa against the other two's majority", () => {
    const r = perAnnotatorAgreement(pandaLabelings, { categories: ["0", "1", "2"] });
    expect(r.map((x) => x.annotator)).toEqual(["annotator1", "annotator2", "annotator3"]);
    for (const a of r) expect(a.vsOthers!.value).toBeGreaterThan(0.85);
  });

  it("repeats with the same seed", () => {
    const data = Array.from({ length: 50 }, (_, i) => i % 3);
    const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    expect(bootstrapCi(data, mean, { seed: 1 })).toEqual(bootstrapCi(data, mean, { seed: 1 }));
    const ci = bootstrapCi(data, mean, { seed: 1 });
    expect(ci.lower).toBeLessThan(ci.estimate);
    expect(ci.upper).toBeGreaterThan(ci.estimate);
  });
});
