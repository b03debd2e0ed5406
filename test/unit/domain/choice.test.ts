import { describe, expect, it } from "vitest";
import { parseChoice, SCREEN_CHOICES, toScreenChoice, toStoredChoice } from "../../../src/domain/choice.js";

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
