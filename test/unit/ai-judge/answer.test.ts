import { describe, expect, it } from "vitest";
import { normalizeVerdict, parseJudgeAnswer } from "../../../src/domain/ai-judge/answer.js";

const rubric = [{ name: "accuracy", description: "Facts are right." }];

describe("reading the judge's answer", () => {
  it("reads the JSON object structured output gives, with rubric scores", () => {
    const r = parseJudgeAnswer('{"explanation": "2 cites the source.", "scores": {"accuracy": {"response_1": 2, "response_2": 5}}, "verdict": "2"}', rubric);
    expect(r).toEqual({ ok: true, answer: { verdict: "2", explanation: "2 cites the source.", scores: { accuracy: { first: 2, second: 5 } }, via: "json" } });
  });

  it("finds the object inside prose, a code fence, or after a reasoning model's thinking", () => {
    expect(parseJudgeAnswer('Here is my answer:\n```json\n{"explanation": "x", "verdict": "tie"}\n```', [])).toMatchObject({
      ok: true,
      answer: { verdict: "tie", via: "json" },
    });
    expect(parseJudgeAnswer('<think>maybe {"verdict": "1"}? no</think>{"explanation": "y", "verdict": "both_bad"}', [])).toMatchObject({
      ok: true,
      answer: { verdict: "both_bad" },
    });
  });

  it("falls back to a verdict written in free text when there is no JSON (servers without structured output)", () => {
    expect(parseJudgeAnswer("Response 2 is more accurate.\nVerdict: 2", [])).toMatchObject({ ok: true, answer: { verdict: "2", via: "text" } });
    expect(parseJudgeAnswer("Both are fine. [[tie]]", [])).toMatchObject({ ok: true, answer: { verdict: "tie", via: "text" } });
    expect(parseJudgeAnswer("**Verdict:** Response 1", [])).toMatchObject({ ok: true, answer: { verdict: "1" } });
  });

  it("refuses nonsense with a message that quotes what came back", () => {
    expect(parseJudgeAnswer("I like turtles and both answers are nice in their own way.", [])).toEqual({
      ok: false,
      error: 'no verdict in the answer: "I like turtles and both answers are nice in their own way."',
    });
    expect(parseJudgeAnswer("", [])).toEqual({ ok: false, error: "the answer is empty" });
    expect(parseJudgeAnswer('{"verdict": "maybe"}', [])).toEqual({ ok: false, error: 'the answer\'s "verdict" is "maybe", not "1", "2", "tie" or "both_bad"' });
    const two = parseJudgeAnswer("Verdict: 1. On second thought, verdict: 2", []);
    expect(two.ok).toBe(false);
    if (!two.ok) expect(two.error).toMatch(/several verdicts \(1, 2\)/);
  });

  it("drops rubric scores outside 1–5 instead of storing them", () => {
    const r = parseJudgeAnswer('{"scores": {"accuracy": {"response_1": 9, "response_2": 3}}, "verdict": "1"}', rubric);
    expect(r.ok && r.answer.scores).toEqual({});
  });

  it("normalizes the ways a verdict is written", () => {
    expect(["1", 2, "Response 1", "both bad", "Both-Bad", " TIE ", "[[2]]"].map(normalizeVerdict)).toEqual(["1", "2", "1", "both_bad", "both_bad", "tie", "2"]);
    expect(normalizeVerdict("A")).toBeUndefined();
  });
});
