import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { arenaStyleCounts, styleCounts } from "../../../src/stats/index.js";
import { rankingFile } from "../../helpers/ranking-fixtures.js";

// Counts by FastChat's own add_markdown_info.py on PandaLM responses and a few written cases (see the fixture README).
const cases = JSON.parse(readFileSync(rankingFile("markdown-counts.json"), "utf8")) as { text: string; headers: number; lists: number; bold: number }[];

describe("style counts", () => {
  it.each(cases.map((c, i) => [i, c] as const))("text %i: headers, lists and bold as Chatbot Arena counts them", (_, c) => {
    const counts = styleCounts(c.text);
    expect({ headers: counts.headers, lists: counts.lists, bold: counts.bold }).toEqual({ headers: c.headers, lists: c.lists, bold: c.bold });
    expect(counts.length).toBe(c.text.length);
  });

  it("reads Arena's conv_metadata, a count being a number or an object of counts by kind", () => {
    const metadata = {
      sum_assistant_a_tokens: 120,
      header_count_a: { h1: 1, h2: 2 },
      list_count_a: { ordered: 3, unordered: 1 },
      bold_count_a: 5,
      sum_assistant_b_tokens: 80,
    };
    expect(arenaStyleCounts(metadata, "a")).toEqual({ length: 120, headers: 3, lists: 4, bold: 5 });
    expect(arenaStyleCounts(metadata, "b")).toBeUndefined();
  });
});
