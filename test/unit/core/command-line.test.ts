import { describe, expect, it } from "vitest";
import { splitCommandLine } from "../../../src/core/command-line.js";

describe("splitCommandLine", () => {
  it("splits on spaces and keeps quoted words whole", () => {
    expect(splitCommandLine(`poll "Which subject?" 'Option one' two`)).toEqual(["poll", "Which subject?", "Option one", "two"]);
  });
  it("treats Slack's smart quotes as quotes", () => {
    expect(splitCommandLine("poll “Best line?” “A b” ‘c d’")).toEqual(["poll", "Best line?", "A b", "c d"]);
  });
  it("keeps empty quoted words and escapes", () => {
    expect(splitCommandLine(`a "" b\\ c "say \\"hi\\""`)).toEqual(["a", "", "b c", 'say "hi"']);
  });
  it("collapses runs of whitespace", () => {
    expect(splitCommandLine("  next \t demo  ")).toEqual(["next", "demo"]);
  });
  it("refuses an unclosed quote clearly", () => {
    expect(() => splitCommandLine(`poll "unclosed`)).toThrow(/quote is not closed/);
  });
});
