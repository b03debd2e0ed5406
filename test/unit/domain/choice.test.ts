import { describe, expect, it } from "vitest";
import {
  CHOICES,
  emptyChoiceCounts,
  isNoPreference,
  listInWords,
  parseChoice,
  SCREEN_CHOICES,
  toScreenChoice,
  toStoredChoice,
  WINNER_OF_CHOICE,
  WINNERS,
} from "../../../src/domain/choice.js";

describe("choices through the display order", () => {
  it("maps the first response shown to A when A was shown first, and to B otherwise", () => {
    expect(toStoredChoice("1", "ab")).toBe("a");
    expect(toStoredChoice("2", "ab")).toBe("b");
    expect(toStoredChoice("1", "ba")).toBe("b");
    expect(toStoredChoice("2", "ba")).toBe("a");
    expect(toStoredChoice("tie", "ba")).toBe("tie");
    expect(toStoredChoice("both_bad", "ab")).toBe("both_bad");
  });

  it("inverts exactly", () => {
    for (const order of ["ab", "ba"] as const) for (const screen of SCREEN_CHOICES) expect(toScreenChoice(toStoredChoice(screen, order), order)).toBe(screen);
  });

  it("reads the ways files spell choices", () => {
    expect(parseChoice("A")).toBe("a");
    expect(parseChoice(" b ")).toBe("b");
    expect(parseChoice("Both bad")).toBe("both_bad");
    expect(parseChoice("both-bad")).toBe("both_bad");
    expect(parseChoice("TIE")).toBe("tie");
    expect(parseChoice("c")).toBeUndefined();
    expect(parseChoice(1)).toBeUndefined();
  });
});

describe("the lists derived from CHOICES", () => {
  it("screen choices and battle winners share the no-preference choices", () => {
    expect(SCREEN_CHOICES).toEqual(["1", "2", "tie", "both_bad"]);
    expect(WINNERS).toEqual(["model_a", "model_b", "tie", "both_bad"]);
    for (const c of CHOICES) expect(isNoPreference(WINNER_OF_CHOICE[c])).toBe(isNoPreference(c));
  });

  it("counts start at zero for every choice, in order", () => {
    expect(emptyChoiceCounts()).toEqual({ a: 0, b: 0, tie: 0, both_bad: 0 });
    expect(Object.keys(emptyChoiceCounts())).toEqual([...CHOICES]);
  });

  it("writes a list in words", () => {
    expect(listInWords(CHOICES)).toBe("a, b, tie or both_bad");
    expect(listInWords(["x"])).toBe("x");
    expect(listInWords(["x", "y"], "and")).toBe("x and y");
  });
});
