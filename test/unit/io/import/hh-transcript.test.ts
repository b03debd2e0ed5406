import { describe, expect, it } from "vitest";
import { parseTurns, splitTranscripts } from "../../../../src/io/import/shapes/hh-transcript.js";
import { jsonl, readAll, readError, tempFile } from "./helpers.js";

describe("splitTranscripts", () => {
  it("cuts at the last assistant marker of the common prefix", () => {
    const split = splitTranscripts(
      "\n\nHuman: hi\n\nAssistant: hello\n\nHuman: bye\n\nAssistant: ciao",
      "\n\nHuman: hi\n\nAssistant: hello\n\nHuman: bye\n\nAssistant: go away",
    );
    expect(split).toEqual({
      prompt: [
        { role: "user", content: "hi" },
        { role: "assistant", content: "hello" },
        { role: "user", content: "bye" },
      ],
      chosen: "ciao",
      rejected: "go away",
      markerInReply: false,
    });
  });

  it("keeps one prompt when a reply invents a further turn (the naive split would not)", () => {
    const chosen = "\n\nHuman: q\n\nAssistant: fine\n\nHuman: more?\n\nAssistant: no";
    const rejected = "\n\nHuman: q\n\nAssistant: bad";
    const split = splitTranscripts(chosen, rejected)!;
    expect(split.prompt).toEqual([{ role: "user", content: "q" }]);
    expect(split.chosen).toBe("fine\n\nHuman: more?\n\nAssistant: no");
    expect(split.markerInReply).toBe(true);
  });

  it("does not cut inside a marker when the replies share their first characters", () => {
    const split = splitTranscripts("\n\nHuman: q\n\nAssistant: Sure, yes", "\n\nHuman: q\n\nAssistant: Sure, no")!;
    expect([split.chosen, split.rejected]).toEqual(["Sure, yes", "Sure, no"]);
  });

  it("gives an empty reply for a marker followed by a single space", () => {
    expect(splitTranscripts("\n\nHuman: q\n\nAssistant: ", "\n\nHuman: q\n\nAssistant: ok")).toMatchObject({ chosen: "", rejected: "ok" });
  });

  it("returns undefined when the pair differs before any assistant marker", () => {
    expect(splitTranscripts("\n\nHuman: a\n\nAssistant: x", "\n\nHuman: b\n\nAssistant: x")).toBeUndefined();
  });

  it("parses turns", () => {
    expect(parseTurns("\n\nHuman: a\n\nAssistant: b")).toEqual([
      { role: "user", content: "a" },
      { role: "assistant", content: "b" },
    ]);
  });
});

describe("HH-RLHF rows", () => {
  it("detects transcripts and refuses a later row that is not one", async () => {
    const good = { chosen: "\n\nHuman: q\n\nAssistant: a", rejected: "\n\nHuman: q\n\nAssistant: b" };
    const { report } = await readAll(tempFile("hh.jsonl", jsonl(good)));
    expect(report.shape).toBe("hh-rlhf");
    const error = await readError(tempFile("hh.jsonl", jsonl(good, { chosen: "Human: q", rejected: "\n\nHuman: q\n\nAssistant: b" })));
    expect(error.message).toBe('hh.jsonl:2, field "chosen": expected an Anthropic transcript, a string starting with "\\n\\nHuman:", got "Human: q"');
  });

  it("refuses a pair with no shared prompt", async () => {
    const path = tempFile("hh.jsonl", jsonl({ chosen: "\n\nHuman: a\n\nAssistant: x", rejected: "\n\nHuman: b\n\nAssistant: x" }));
    expect((await readError(path)).message).toMatch(/^hh\.jsonl:1, field "rejected": chosen and rejected differ before their first/);
  });
});
