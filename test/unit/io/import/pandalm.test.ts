import { describe, expect, it } from "vitest";
import { jsonl, readAll, readError, tempFile } from "./helpers.js";

const row = {
  idx: 7,
  motivation_app: "Grammarly",
  cmp_key: "cerebras-gpt-6.7B_pythia-6.9b",
  instruction: "Fix the grammar.",
  input: "",
  response1: "Fixed.",
  response2: false,
  annotator1: 1,
  annotator2: 0,
  annotator3: 2,
};

describe("PandaLM rows", () => {
  it("maps instruction, sides, models, labels, id and tag; a boolean response becomes its text", async () => {
    const { items, report } = await readAll(tempFile("p.json", JSON.stringify([row, { ...row, idx: 8, id: "own-id", tags: ["extra"], input: "Some text." }])));
    expect(report).toMatchObject({ container: "json", shape: "pandalm", rows: 2 });
    expect(items[0]).toEqual({
      line: 1,
      externalId: "pandalm-7",
      prompt: [{ role: "user", content: "Fix the grammar." }],
      responseA: "Fixed.",
      responseB: "false",
      modelA: "cerebras-gpt-6.7B",
      modelB: "pythia-6.9b",
      tags: ["Grammarly"],
      metadata: { pandalm: { coerced: ["response2: boolean false read as text"] } },
      kind: "regular",
      judgments: [
        { annotator: "pandalm:annotator1", choice: "a" },
        { annotator: "pandalm:annotator2", choice: "tie" },
        { annotator: "pandalm:annotator3", choice: "b" },
      ],
    });
    expect(items[1]).toMatchObject({ externalId: "own-id", tags: ["Grammarly", "extra"], prompt: [{ content: "Fix the grammar.\n\nSome text." }] });
    expect(report.quirks.find((q) => q.code === "pandalm.boolean-response")).toMatchObject({ count: 2, lines: [1, 2], ids: ["pandalm-7", "own-id"] });
  });

  it("reads the same shape from CSV, where labels and idx are text", async () => {
    const csv = "idx,motivation_app,cmp_key,instruction,input,response1,response2,annotator1\n3,Reddit,bloom-7b_opt-7b,Say hi,,Hi,Hello,2\n";
    const { items } = await readAll(tempFile("p.csv", csv));
    expect(items[0]).toMatchObject({ externalId: "pandalm-3", modelA: "bloom-7b", judgments: [{ annotator: "pandalm:annotator1", choice: "b" }] });
  });

  it.each([
    ["a label out of range", { annotator2: 3 }, 'field "annotator2": expected 0 (tie), 1 (response1 better) or 2 (response2 better), got number 3'],
    [
      "a cmp_key with two underscores",
      { cmp_key: "a_b_c" },
      'field "cmp_key": expected "<model of response1>_<model of response2>" with exactly one underscore, got "a_b_c"',
    ],
    ["a null response", { response1: null }, 'field "response1": expected a string (or a boolean, which is read as text), got null'],
    ["a fractional idx", { idx: 1.5 }, 'field "idx": expected a whole number'],
    ["a blank instruction and input", { instruction: " ", input: "" }, 'field "instruction": expected a non-empty instruction or input; both are blank'],
  ])("refuses %s", async (_, change, expected) => {
    const error = await readError(tempFile("p.jsonl", jsonl(row, { ...row, ...change })));
    expect(error.message).toContain(`p.jsonl:2, ${expected}`);
  });
});
