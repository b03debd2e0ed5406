import { describe, expect, it } from "vitest";
import { bradleyTerry, dawidSkene, styleControl, STYLE_FEATURES } from "../../../src/stats/index.js";
import { maxDifference, pythonReference, readFixtureBattles, readFixtureLabelings, readStyleBattles, rReference } from "../../helpers/ranking-fixtures.js";

// Reference values computed by the real tools (test/fixtures/ranking/README.md); to 1e-6 on each scale.
const EXACT = 1e-6;

describe("Bradley-Terry with no prior equals R's BradleyTerry2, statsmodels and Chatbot Arena's logistic regression", () => {
  it.each([
    ["pandalm", "pandalm-battles.csv", "ties_half", "half", "pandalm_ties_half"],
    ["pandalm", "pandalm-battles.csv", "ties_excluded", "exclude", "pandalm_ties_excluded"],
    ["synthetic50", "synthetic-50-battles.csv", "ties_half", "half", "synthetic50_ties_half"],
  ] as const)("%s, %s", (name, file, tieKey, ties, rKey) => {
    const battles = readFixtureBattles(file);
    const python = pythonReference.bradley_terry[name]![tieKey]!;
    expect(maxDifference(bradleyTerry(battles, { prior: 0, ties }).ratings, python.sklearn_elo_mean1000)).toBeLessThan(EXACT);
    expect(maxDifference(bradleyTerry(battles, { prior: 0, ties, scale: "natural" }).ratings, python.statsmodels_natural_mean0)).toBeLessThan(EXACT);
    // BradleyTerry2 reports abilities with its reference category (the first model) at 0.
    const reference = rReference[rKey]!;
    const first = Object.keys(reference).sort()[0]!;
    expect(reference[first]).toBe(0);
    expect(maxDifference(bradleyTerry(battles, { prior: 0, ties, scale: "natural", anchor: { model: first, rating: 0 } }).ratings, reference)).toBeLessThan(
      EXACT,
    );
  });

  it("moves off the unregularized fit by the default prior's pseudo-draws, and says so by being different", () => {
    const battles = readFixtureBattles("synthetic-50-battles.csv");
    const gap = maxDifference(bradleyTerry(battles).ratings, pythonReference.bradley_terry.synthetic50!.ties_half!.sklearn_elo_mean1000);
    expect(gap).toBeGreaterThan(0.01);
    expect(gap).toBeLessThan(2);
  });

  it("refuses data without a finite maximum likelihood when the prior is 0, naming the model, and fits it with a prior", () => {
    const battles = [
      { modelA: "x", modelB: "y", winner: "model_a" as const },
      { modelA: "y", modelB: "z", winner: "model_a" as const },
      { modelA: "z", modelB: "y", winner: "model_a" as const },
    ];
    expect(() => bradleyTerry(battles, { prior: 0 })).toThrow("x never lost a game");
    const fitted = bradleyTerry(battles, { prior: 0.01 });
    expect(fitted.ratings.x).toBeGreaterThan(fitted.ratings.y!);
  });
});

describe("style control equals FastChat's compute_style_control and the unregularized GLM", () => {
  const battles = readStyleBattles();
  it("with FastChat's ridge 0.5", () => {
    const r = styleControl(battles, { ridge: 0.5 });
    expect(maxDifference(r.ratings, pythonReference.style_control["fastchat_reg0.5_elo"])).toBeLessThan(EXACT);
    STYLE_FEATURES.forEach((f, k) =>
      expect(Math.abs(r.coefficients[f]! - pythonReference.style_control["fastchat_reg0.5_coefficients"][k]!)).toBeLessThan(EXACT),
    );
  });

  it("with no ridge (statsmodels GLM)", () => {
    const r = styleControl(battles, { ridge: 0 });
    expect(maxDifference(r.ratings, pythonReference.style_control.statsmodels_reg0_elo)).toBeLessThan(EXACT);
    STYLE_FEATURES.forEach((f, k) =>
      expect(Math.abs(r.coefficients[f]! - pythonReference.style_control.statsmodels_reg0_coefficients[k]!)).toBeLessThan(EXACT),
    );
  });

  it("leaves out a feature that never varies instead of dividing by zero", () => {
    const flat = battles.map((b) => ({ ...b, styleA: { ...b.styleA, headers: 0 }, styleB: { ...b.styleB, headers: 0 } }));
    const r = styleControl(flat, { ridge: 0.5 });
    expect(r.constant).toEqual(["headers"]);
    expect(Object.keys(r.coefficients)).toEqual(["length", "lists", "bold"]);
    for (const rating of Object.values(r.ratings)) expect(Number.isFinite(rating)).toBe(true);
  });
});

describe("Dawid-Skene equals an independent numpy implementation", () => {
  it.each([
    [0, "pandalm_smoothing0"],
    [0.01, "pandalm_smoothing0.01"],
  ] as const)("smoothing %s on PandaLM's 999 items × 3 annotators", (smoothing, key) => {
    const reference = pythonReference.dawid_skene[key]!;
    const r = dawidSkene(readFixtureLabelings(), { smoothing });
    expect(r.converged).toBe(true);
    expect(r.classes).toEqual(reference.classes);
    r.priors.forEach((p, k) => expect(Math.abs(p - reference.priors[k]!)).toBeLessThan(EXACT));
    for (const item of r.items) item.posterior.forEach((p, k) => expect(Math.abs(p - reference.posteriors[item.item]![k]!)).toBeLessThan(EXACT));
    for (const [annotator, matrix] of Object.entries(r.confusion))
      matrix.forEach((row, t) => row.forEach((v, k) => expect(Math.abs(v - reference.confusion[annotator]![t]![k]!)).toBeLessThan(EXACT)));
  });

  it("keeps a class no item has as a uniform row without smoothing (no 0/0)", () => {
    const r = dawidSkene([{ annotator: "u", item: "1", label: "a" }], { classes: ["a", "b"], smoothing: 0 });
    expect(r.confusion.u).toEqual([
      [1, 0],
      [0.5, 0.5],
    ]);
    expect(r.items[0]!.posterior).toEqual([1, 0]);
  });
});
