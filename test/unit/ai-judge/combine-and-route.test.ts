import { describe, expect, it } from "vitest";
import { combineOrders, rubricPreference, toOrderVerdict } from "../../../src/domain/ai-judge/combine.js";
import { overturnsJudge, routePair } from "../../../src/domain/ai-judge/routing.js";
import { AiJudgeSettings } from "../../../src/domain/ai-judge/settings.js";

const ask = (
  order: "ab" | "ba",
  verdict: "1" | "2" | "tie" | "both_bad",
  probability?: number,
  scores: Record<string, { first: number; second: number }> = {},
) => toOrderVerdict(order, { verdict, scores }, probability);

describe("combining the two orders", () => {
  it("keeps a verdict both orders give, with the mean verdict-token probability as confidence", () => {
    // A first: "1" is A; B first: "2" is A.
    const v = combineOrders(ask("ab", "1", 0.9, { accuracy: { first: 4, second: 2 } }), ask("ba", "2", 0.7, { accuracy: { first: 3, second: 5 } }));
    expect(v.choice).toBe("a");
    expect(v.ordersAgree).toBe(true);
    expect(v.confidence).toBeCloseTo(0.8, 10);
    expect(v.rubric).toEqual({ accuracy: { a: 4.5, b: 2.5 } });
  });

  it("calls a pair the orders disagree on a tie with no confidence (position bias decided it)", () => {
    const v = combineOrders(ask("ab", "1", 0.99), ask("ba", "1", 0.99));
    expect(v).toMatchObject({ choice: "tie", ordersAgree: false, confidence: 0 });
  });

  it("has confidence 1 when the orders agree and the server returned no logprobs", () => {
    expect(combineOrders(ask("ab", "tie"), ask("ba", "tie")).confidence).toBe(1);
    expect(combineOrders(ask("ab", "both_bad", 0.6), ask("ba", "both_bad")).confidence).toBeCloseTo(0.6, 10);
  });

  it("reads a rubric preference from scores", () => {
    expect([rubricPreference({ a: 4, b: 2 }), rubricPreference({ a: 1, b: 3 }), rubricPreference({ a: 3, b: 3 }), rubricPreference({ a: 3 })]).toEqual([
      "a",
      "b",
      "tie",
      undefined,
    ]);
  });
});

describe("routing a pre-scored pair", () => {
  const judge = (extra: Record<string, unknown> = {}) => AiJudgeSettings.parse({ confidentOverlap: 1, ...extra });
  const route = (ordersAgree: boolean, confidence: number, currentTarget = 3, extra: Record<string, unknown> = {}) =>
    routePair({ ordersAgree, confidence, currentTarget, overlap: 3, maxOverlap: 4, judge: judge(extra) });

  it("raises borderline pairs (orders disagree, or unsure) up to maxOverlap", () => {
    expect(route(false, 0)).toEqual({ route: "borderline", target: 4 });
    expect(route(true, 0.5)).toEqual({ route: "borderline", target: 4 });
    expect(route(true, 0.5, 3, { routing: { borderlineExtra: 3 } })).toEqual({ route: "borderline", target: 4 });
  });

  it("lowers confident pairs to confidentOverlap, and leaves the others at the overlap", () => {
    expect(route(true, 0.95)).toEqual({ route: "confident", target: 1 });
    expect(route(true, 0.75)).toEqual({ route: "neutral", target: 3 });
    expect(routePair({ ordersAgree: true, confidence: 1, currentTarget: 3, overlap: 3, maxOverlap: 4, judge: AiJudgeSettings.parse({}) })).toEqual({
      route: "confident",
      target: 3,
    });
  });

  it("lets the judge take one slot when it counts toward the overlap, never on borderline pairs", () => {
    expect(route(true, 0.95, 3, { countsTowardOverlap: true })).toEqual({ route: "confident", target: 0 });
    expect(route(true, 0.75, 3, { countsTowardOverlap: true })).toEqual({ route: "neutral", target: 2 });
    expect(route(false, 0, 3, { countsTowardOverlap: true })).toEqual({ route: "borderline", target: 4 });
  });

  it("keeps a target people already raised by splitting on the pair", () => {
    expect(route(true, 0.99, 4)).toEqual({ route: "confident", target: 4 });
  });

  it("counts a confirming human's disagreement as overturning the judge", () => {
    expect(overturnsJudge(["b"], "a")).toBe(true);
    expect(overturnsJudge(["a"], "a")).toBe(false);
    expect(overturnsJudge(["a", "b"], "a")).toBe(true);
    expect(overturnsJudge(["a", "a", "b"], "a")).toBe(false);
    expect(overturnsJudge([], "a")).toBe(false);
  });
});
