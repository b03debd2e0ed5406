import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { fixture, jsonl, readAll, readError, seededRandom, tempFile } from "./helpers.js";

type Trl = { trl: { chosen: "a" | "b" } };
const chosenSide = (metadata: Record<string, unknown>) => (metadata as Trl).trl.chosen;

describe("TRL standard rows", () => {
  it("puts chosen/rejected on A/B at random, both ways, and records the truth in metadata", async () => {
    const { items, report } = await readAll(fixture("trl-standard.jsonl"), { random: seededRandom(1) });
    expect(report).toMatchObject({ shape: "trl", rows: 10 });
    const sides = items.map((item) => chosenSide(item.metadata));
    expect(sides).toContain("a");
    expect(sides).toContain("b");
    const rows = readFileSync(fixture("trl-standard.jsonl"), "utf8")
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line) as Record<string, string>);
    items.forEach((item, i) => {
      const [chosen, rejected] = chosenSide(item.metadata) === "a" ? [item.responseA, item.responseB] : [item.responseB, item.responseA];
      expect({ prompt: item.prompt, chosen, rejected }).toEqual({
        prompt: [{ role: "user", content: rows[i]!["prompt"] }],
        chosen: rows[i]!["chosen"],
        rejected: rows[i]!["rejected"],
      });
    });
  });

  it("is deterministic for a given random and follows it draw by draw", async () => {
    const draws = [0.1, 0.9, 0.49, 0.5, 0, 0.99, 0.3, 0.7, 0.2, 0.8];
    let i = 0;
    const { items } = await readAll(fixture("trl-standard.jsonl"), { random: () => draws[i++]! });
    expect(items.map((item) => chosenSide(item.metadata))).toEqual(["a", "b", "a", "b", "a", "b", "a", "b", "a", "b"]);
    expect(items[0]).toMatchObject({ responseA: " blue.", responseB: " green." });
    expect(items[1]).toMatchObject({ responseA: " 50 °C.", responseB: " 100 °C at sea level." });
    const again = await readAll(fixture("trl-standard.jsonl"), { random: seededRandom(1) });
    const once = await readAll(fixture("trl-standard.jsonl"), { random: seededRandom(1) });
    expect(again.items).toEqual(once.items);
  });

  it("maps a gold reference of 'chosen' onto whichever side chosen landed", async () => {
    for (const draw of [0.2, 0.8]) {
      const { items } = await readAll(fixture("trl-standard.jsonl"), { random: () => draw });
      const gold = items.find((item) => item.externalId === "trl-gold")!;
      expect(gold.kind).toBe("gold");
      expect(gold.gold).toEqual({ answer: draw < 0.5 ? "a" : "b", explanation: "3 x 3 is 9." });
      expect(gold[gold.gold!.answer === "a" ? "responseA" : "responseB"]).toBe("9");
    }
  });

  it("refuses A/B as a gold answer, since the sides are drawn on import", async () => {
    const path = tempFile("g.jsonl", jsonl({ prompt: "p", chosen: "c", rejected: "r", reference: "A", explanation: "x" }));
    expect((await readError(path)).message).toMatch(
      /^g\.jsonl:1, field "reference": expected chosen, rejected, tie or both_bad \(A and B are assigned at random/,
    );
  });

  it("imports an empty chosen or rejected and reports it", async () => {
    const { report } = await readAll(fixture("trl-standard.jsonl"));
    expect(report.quirks).toEqual([expect.objectContaining({ code: "empty-response", lines: [9], count: 1 })]);
  });
});

describe("TRL conversational rows", () => {
  it("reads explicit prompts and implicit ones (the turns chosen and rejected share)", async () => {
    const { items } = await readAll(fixture("trl-conversational.jsonl"), { random: () => 0 });
    expect(items[0]).toMatchObject({ prompt: [{ role: "user", content: "What color is the sky?" }], responseA: "It is blue.", responseB: "It is green." });
    expect(items[1]).toMatchObject({ prompt: [{ role: "user", content: "What color is the sky?" }], responseA: "It is blue.", responseB: "It is green." });
    expect(items[2]!.prompt.map((turn) => turn.content)).toEqual(["Be brief.", "Hi", "Hello", "Count to 3"]);
    expect(items[2]).toMatchObject({ responseA: "1, 2, 3", responseB: "1, 2" });
  });

  it.each([
    ["text chosen without a prompt", { chosen: "c", rejected: "r" }, 'field "prompt": expected a prompt'],
    [
      "a completion of two turns",
      {
        prompt: "p",
        chosen: [
          { role: "assistant", content: "a" },
          { role: "assistant", content: "b" },
        ],
        rejected: "r",
      },
      'field "chosen": expected a string or one assistant turn',
    ],
    ["a user completion", { prompt: "p", chosen: [{ role: "user", content: "a" }], rejected: "r" }, "got a user turn"],
    [
      "implicit conversations that differ early",
      {
        chosen: [
          { role: "user", content: "q" },
          { role: "assistant", content: "a" },
          { role: "user", content: "q2" },
          { role: "assistant", content: "a2" },
        ],
        rejected: [
          { role: "user", content: "q" },
          { role: "assistant", content: "x" },
          { role: "user", content: "q2" },
          { role: "assistant", content: "a2" },
        ],
      },
      'field "chosen": expected the shared conversation plus one assistant turn; after the 1 shared turn(s) there are 3 turns',
    ],
    [
      "a bad role inside chosen",
      { prompt: "p", chosen: [{ role: "bot", content: "a" }], rejected: "r" },
      'field "chosen[0].role": expected one of system, user, assistant, got "bot"',
    ],
  ])("refuses %s", async (_, row, expected) => {
    const error = await readError(tempFile("c.jsonl", jsonl(row)), { format: "trl" });
    expect(error.message).toContain("c.jsonl:1");
    expect(error.message).toContain(expected);
  });
});
