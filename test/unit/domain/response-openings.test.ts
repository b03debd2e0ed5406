import { describe, expect, it } from "vitest";
import { distinctOpenings } from "../../../src/domain/response-openings.js";

describe("distinctOpenings", () => {
  it("quotes the first words of each response, marking what is left out", () => {
    expect(distinctOpenings("The capital of France is Paris, a city on the Seine.", "Paris.")).toEqual({ a: "The capital of France is Paris,…", b: "Paris." });
  });

  it("reads on while two responses begin alike, so the openings tell them apart", () => {
    const a = "Sure! Here is a short answer to your question: the sky is blue because of Rayleigh scattering.";
    const b = "Sure! Here is a short answer to your question: it depends on the time of day.";
    const o = distinctOpenings(a, b);
    expect(o.a).not.toBe(o.b);
    expect(o.a).toContain("the sky");
    expect(o.b).toContain("it depends");
  });

  it("keeps chat markup out of the quote", () => {
    expect(distinctOpenings("<@U123> `code` *bold* here", "other").a).toBe("@U123 code bold here");
  });
});
