import { describe, expect, it } from "vitest";
import { verdictProbability, type TokenLogprob } from "../../../src/domain/ai-judge/verdict-probability.js";

const certain = (token: string): TokenLogprob => ({ token, logprob: Math.log(0.999) });
const tokens = (...parts: (string | TokenLogprob)[]) => parts.map((p) => (typeof p === "string" ? certain(p) : p));

describe("the verdict token's probability", () => {
  it("is renormalized over the alternatives that start a verdict option", () => {
    const verdict: TokenLogprob = {
      token: "2",
      logprob: Math.log(0.6),
      topLogprobs: [
        { token: "2", logprob: Math.log(0.6) },
        { token: "1", logprob: Math.log(0.2) },
        { token: "\n", logprob: Math.log(0.2) },
      ],
    };
    const p = verdictProbability(tokens('{"', "explanation", '":', ' "', "ok", '",', ' "', "verdict", '":', ' "', verdict, '"}'), "2");
    expect(p).toBeCloseTo(0.6 / 0.8, 10);
  });

  it("is exp(logprob) of the chosen token when the server sent no alternatives", () => {
    const p = verdictProbability(tokens('{"verdict":', ' "', { token: "tie", logprob: Math.log(0.42) }, '"}'), "tie");
    expect(p).toBeCloseTo(0.42, 10);
  });

  it("finds the value when one token carries the quote and the verdict together", () => {
    const p = verdictProbability(
      tokens(
        '{"verdict":',
        {
          token: ' "1',
          logprob: Math.log(0.9),
          topLogprobs: [
            { token: ' "1', logprob: Math.log(0.9) },
            { token: ' "2', logprob: Math.log(0.1) },
          ],
        },
        '"}',
      ),
      "1",
    );
    expect(p).toBeCloseTo(0.9, 10);
  });

  it("reads a free-text verdict too, and is undefined without logprobs or a verdict", () => {
    expect(verdictProbability(tokens("Verdict", ":", { token: " both", logprob: Math.log(0.7) }, "_bad"), "both_bad")).toBeCloseTo(0.7, 10);
    expect(verdictProbability(undefined, "1")).toBeUndefined();
    expect(verdictProbability(tokens("no", " verdict", " here"), "1")).toBeUndefined();
  });
});
