import { describe, expect, it } from "vitest";
import { readAll, tempFile } from "./helpers.js";

/** One rule for every shape: empty and identical responses are imported and reported, never refused. */
const rows: Record<string, { file: string; text: string }> = {
  "plain JSONL": {
    file: "p.jsonl",
    text: `${JSON.stringify({ id: "e", prompt: "Q?", response_a: "", response_b: "b" })}\n${JSON.stringify({ id: "s", prompt: "Q?", response_a: "same", response_b: "same" })}\n`,
  },
  "plain CSV (an empty cell is an empty response)": { file: "p.csv", text: "id,prompt,response_a,response_b\ne,Q?,,b\ns,Q?,same,same\n" },
  TRL: {
    file: "t.jsonl",
    text: `${JSON.stringify({ id: "e", prompt: "Q?", chosen: "", rejected: "b" })}\n${JSON.stringify({ id: "s", prompt: "Q?", chosen: "same", rejected: "same" })}\n`,
  },
  "TRL CSV": { file: "t.csv", text: "id,prompt,chosen,rejected\ne,Q?,,b\ns,Q?,same,same\n" },
  "HH-RLHF": {
    file: "h.jsonl",
    text: `${JSON.stringify({ chosen: "\n\nHuman: Q?\n\nAssistant:", rejected: "\n\nHuman: Q?\n\nAssistant: b" })}\n${JSON.stringify({ chosen: "\n\nHuman: Q?\n\nAssistant: same", rejected: "\n\nHuman: Q?\n\nAssistant: same" })}\n`,
  },
  PandaLM: {
    file: "pl.json",
    text: JSON.stringify([
      { idx: 1, instruction: "Q?", response1: "", response2: "b", annotator1: 2 },
      { idx: 2, instruction: "Q?", response1: "same", response2: "same", annotator1: 0 },
    ]),
  },
};

describe("empty and identical responses", () => {
  it.each(Object.entries(rows))("%s: imported as they are, and listed in the report", async (_shape, { file, text }) => {
    const { items, report } = await readAll(tempFile(file, text));
    expect(items).toHaveLength(2);
    expect([items[0]!.responseA, items[0]!.responseB].sort()).toEqual(["", "b"]);
    expect([items[1]!.responseA, items[1]!.responseB]).toEqual(["same", "same"]);
    expect(report.quirks.filter((q) => q.code !== "unknown-fields").map((q) => [q.code, q.count])).toEqual([
      ["empty-response", 1],
      ["identical-responses", 1],
    ]);
  });
});
