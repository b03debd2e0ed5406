import { describe, expect, it } from "vitest";
import { parseBakeoffRecords } from "../../../src/io/bakeoff-file.js";

const rows = (...records: Record<string, unknown>[]) => records.map((record, i) => ({ line: i + 1, record }));
const error = (records: ReturnType<typeof rows>) => {
  try {
    parseBakeoffRecords(records, "outputs.jsonl");
  } catch (e) {
    return (e as Error).message;
  }
  return "no error";
};

describe("the bake-off outputs file", () => {
  it("groups rows by prompt id (or text), reads AlpacaEval's instruction and generator", () => {
    const parsed = parseBakeoffRecords(
      rows(
        { prompt_id: 1, prompt: "Subject line?", model: "m1", output: "Launch day" },
        { prompt_id: 1, prompt: "Subject line?", model: "m2", output: "We are live" },
        { instruction: "Tagline?", generator: "m1", output: "Fast" },
        { instruction: "Tagline?", generator: "m3", output: "Faster" },
      ),
      "outputs.jsonl",
    );
    expect(parsed.models).toEqual(["m1", "m2", "m3"]);
    expect(parsed.prompts).toBe(2);
    expect(parsed.entries.map((e) => e.promptKey)).toEqual(["1", "1", "p2", "p2"]);
    expect(parsed.entries[2]!.prompt).toEqual([{ role: "user", content: "Tagline?" }]);
  });

  it("names the line and the field of every mistake", () => {
    expect(error(rows({ prompt: "A?", output: "x" }))).toBe("outputs.jsonl:1, field \"model\": expected the model's name (or AlpacaEval's generator)");
    expect(error(rows({ prompt: "A?", model: "m1", output: "x" }, { prompt: "A?", model: "m1", output: "y" }))).toContain(
      'outputs.jsonl:2, field "model": m1 already has an output for this prompt on line 1',
    );
    expect(error(rows({ prompt_id: "a", prompt: "A?", model: "m1", output: "x" }, { prompt_id: "a", prompt: "B?", model: "m2", output: "y" }))).toContain(
      "prompt_id a has a different prompt on line 1",
    );
    expect(
      error(rows({ prompt: "A?", model: "m1", output: "x" }, { prompt: "A?", model: "m2", output: "y" }, { prompt: "B?", model: "m1", output: "z" })),
    ).toContain("outputs.jsonl:3: prompt p2 has only m1's output");
    expect(
      error(
        rows(
          { prompt: "A?", model: "m1", output: "x" },
          { prompt: "A?", model: "m2", output: "y" },
          { prompt: "B?", model: "m3", output: "z" },
          { prompt: "B?", model: "m4", output: "w" },
        ),
      ),
    ).toContain("m3, m4 never answered a prompt in common with the other models");
    expect(error([])).toBe("outputs.jsonl: holds no outputs");
  });
});
