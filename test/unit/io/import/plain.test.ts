import { describe, expect, it } from "vitest";
import { MAX_TEXT_LENGTH } from "../../../../src/io/import/index.js";
import { fixture, jsonl, readAll, readError, tempFile } from "./helpers.js";

const ok = { prompt: "Q?", response_a: "a", response_b: "b" };

describe("plain JSON Lines", () => {
  it("reads text and chat-turn prompts, ids, models, tags and metadata", async () => {
    const { items, report } = await readAll(fixture("plain-chat.jsonl"));
    expect(report).toMatchObject({ container: "jsonl", shape: "plain", rows: 6, unit: "line" });
    expect(items.map((item) => item.line)).toEqual([1, 2, 4, 5, 6, 7]); // line 3 is blank
    expect(items[0]).toEqual({
      line: 1,
      externalId: "p-1",
      prompt: [{ role: "user", content: "Write a haiku about rain." }],
      responseA: "Soft rain on the roof",
      responseB: "Rain falls. It is wet.",
      modelA: "model-x",
      modelB: "model-y",
      tags: ["poetry", "short"],
      metadata: {},
      kind: "regular",
      judgments: [],
    });
    expect(items[1]!.externalId).toBe("2"); // numeric ids become strings
    expect(items[1]!.prompt.map((turn) => turn.role)).toEqual(["system", "user", "assistant", "user"]);
    expect(items[1]!.metadata).toEqual({ source: "unit-test", batch: 7 });
    // null and "" model names are absent, not "null".
    expect(items[2]).not.toHaveProperty("modelA");
    expect(items[2]).not.toHaveProperty("modelB");
  });

  it("keeps unknown fields in metadata and reports them once", async () => {
    const { items, report } = await readAll(fixture("plain-chat.jsonl"));
    expect(items[2]!.metadata).toEqual({ annotator_note: "kept", difficulty: 3 });
    expect(report.quirks).toEqual([
      { code: "unknown-fields", message: "kept unknown fields annotator_note, difficulty in metadata", lines: [4], count: 1, ids: ["p-3"] },
    ]);
  });

  it("turns reference + explanation into gold and calibration items", async () => {
    const { items } = await readAll(fixture("plain-chat.jsonl"));
    expect(items[3]).toMatchObject({ kind: "gold", gold: { answer: "a", explanation: "2 + 2 is 4; B is wrong." } });
    expect(items[4]).toMatchObject({ kind: "calibration", gold: { answer: "b", explanation: "B is polite." } });
    expect(items[5]).toMatchObject({ kind: "gold", gold: { answer: "both_bad" } });
    expect(items[0]).not.toHaveProperty("gold");
  });
});

describe("plain CSV", () => {
  it("reads quoted fields with commas, quotes and line breaks, and reports the line each record starts on", async () => {
    const { items, report } = await readAll(fixture("plain.csv"));
    expect(report).toMatchObject({ container: "csv", shape: "plain", rows: 4 });
    // CRLF file; c2 spans lines 3-6 and a blank line 7 is skipped.
    expect(items.map((item) => [item.externalId, item.line])).toEqual([
      ["c1", 2],
      ["c2", 3],
      ["c3", 8],
      ["c4", 9],
    ]);
    expect(items[0]).toMatchObject({
      prompt: [{ role: "user", content: 'Say "hi", politely.' }],
      responseA: "Hi, there!",
      responseB: "Yo",
      modelA: "m-a",
      modelB: "m-b",
      tags: ["greeting", "short"],
      kind: "regular",
    });
    expect(items[1]).toMatchObject({
      prompt: [{ role: "user", content: "A prompt\nover two lines" }],
      responseA: "Line one\n\nline three",
      tags: ["json", "tags"],
    });
    expect(items[1]).not.toHaveProperty("modelA"); // an empty cell is an absent field
  });

  it("reads a prompt cell starting with [{ as chat turns and any other text as text", async () => {
    const { items } = await readAll(fixture("plain.csv"));
    expect(items[2]!.prompt).toEqual([
      { role: "user", content: "Hi" },
      { role: "assistant", content: "Hello" },
      { role: "user", content: "Bye" },
    ]);
    expect(items[3]!.prompt).toEqual([{ role: "user", content: "[INST] keep me as text" }]);
    expect(items[3]).toMatchObject({ kind: "gold", gold: { answer: "tie", explanation: "Both say the same." } });
  });

  it("names the missing column when the header lacks one", async () => {
    const error = await readError(fixture("missing-column.csv"));
    expect(error.code).toBe("VALIDATION");
    expect(error.message).toBe(
      'missing-column.csv:2, field "response_b": expected a string, but the CSV has no "response_b" column (columns: prompt, response_a)',
    );
    expect(error.location).toEqual({ file: "missing-column.csv", line: 2, field: "response_b" });
  });

  it("refuses a record with more fields than the header, at its line", async () => {
    const error = await readError(fixture("extra-field.csv"));
    expect(error.message).toMatch(/^extra-field\.csv:5: expected 3 fields like the header \(prompt, response_a, response_b\), got 4\./);
  });

  it("says when a cell that looks like JSON is not", async () => {
    const path = tempFile("t.csv", 'prompt,response_a,response_b,tags\nhi,a,b,"[""x"""\n');
    expect((await readError(path)).message).toMatch(/^t\.csv:2, field "tags": the cell looks like a JSON array of tags but is not valid JSON/);
  });

  it("refuses a header that names a column twice", async () => {
    const path = tempFile("t.csv", "prompt,response_a,response_b,prompt\nq,a,b,q\n");
    expect((await readError(path)).message).toBe('t.csv:1: the header names column "prompt" twice');
  });
});

describe("plain rows that are refused", () => {
  it("names file, line and field for a missing field", async () => {
    const error = await readError(fixture("missing-field.jsonl"));
    expect(error.message).toBe('missing-field.jsonl:2, field "response_b": expected a string, but it is missing');
  });

  it("names file, line, field, what was expected and what was found for a wrong type", async () => {
    const error = await readError(fixture("wrong-type.jsonl"), { fileLabel: "items.jsonl" });
    expect(error.message).toBe('items.jsonl:3, field "response_b": expected a string, got number 42');
    expect(error.location).toEqual({ file: "items.jsonl", line: 3, field: "response_b" });
  });

  it.each([
    ["a bad role", { ...ok, prompt: [{ role: "human", content: "hi" }] }, 'field "prompt[0].role": expected one of system, user, assistant, got "human"'],
    [
      "an extra key in a turn",
      { ...ok, prompt: [{ role: "user", content: "hi", name: "x" }] },
      'field "prompt[0]": a chat turn has only "role" and "content"; found "name"',
    ],
    ["an empty turn list", { ...ok, prompt: [] }, 'field "prompt": expected a list of chat turns [{role, content}], got an empty list'],
    ["a prompt of the wrong type", { ...ok, prompt: 5 }, 'field "prompt": expected a non-empty string or a list of chat turns [{role, content}], got number 5'],
    ["an object id", { ...ok, id: { a: 1 } }, 'field "id": expected a non-empty string (at most 200 characters) or a number, got object'],
    ["tags that are not strings", { ...ok, tags: ["x", 3] }, 'field "tags[1]": expected a string, got number 3'],
    ["metadata that is a list", { ...ok, metadata: [1] }, 'field "metadata": expected an object, got a list of 1'],
    ["a gold row without explanation", { ...ok, reference: "A" }, 'field "explanation": a gold item needs an explanation'],
    ["an unreadable gold answer", { ...ok, reference: "maybe", explanation: "x" }, 'field "reference": expected A, B, tie or both_bad, got "maybe"'],
    ["calibration without a reference", { ...ok, kind: "calibration" }, 'field "reference": a calibration item needs a reference answer'],
    ["a row that is not an object", ["q", "a", "b"], "expected a JSON object (one row), got a list of 3"],
  ])("refuses %s", async (_, row, expected) => {
    const path = tempFile("rows.jsonl", jsonl(ok, row));
    const error = await readError(path);
    expect(error.code).toBe("VALIDATION");
    expect(error.message).toContain(`rows.jsonl:2`);
    expect(error.message).toContain(expected);
  });

  it(`refuses a text over MAX_TEXT_LENGTH (${MAX_TEXT_LENGTH}) characters and accepts one at the limit`, async () => {
    const atLimit = tempFile("ok.jsonl", jsonl({ ...ok, response_a: "x".repeat(MAX_TEXT_LENGTH) }));
    expect((await readAll(atLimit)).items[0]!.responseA).toHaveLength(MAX_TEXT_LENGTH);
    const over = tempFile("long.jsonl", jsonl({ ...ok, response_b: "x".repeat(MAX_TEXT_LENGTH + 1) }));
    expect((await readError(over)).message).toBe(
      'long.jsonl:1, field "response_b": the text is 100,001 characters long; the limit is 100,000 (MAX_TEXT_LENGTH). Shorten it or leave the item out',
    );
  });

  it("says clearly when a later row has another shape", async () => {
    const path = tempFile("mixed.jsonl", jsonl(ok, ok, { prompt: "p", chosen: "c", rejected: "r" }));
    expect((await readError(path)).message).toBe(
      'mixed.jsonl:3: this row has the "trl" shape, but the file was read as "plain" from its first row (line 1); every row must have the same shape',
    );
  });

  it("explains an undetectable first row", async () => {
    const path = tempFile("odd.jsonl", jsonl({ question: "q", answer: "a" }));
    expect((await readError(path)).message).toMatch(/^odd\.jsonl:1: cannot tell the shape from the first row's keys \(question, answer\)/);
  });

  it("keeps an explanation without a reference in metadata and reports it", async () => {
    const { items, report } = await readAll(tempFile("e.jsonl", jsonl({ ...ok, explanation: "why" })));
    expect(items[0]).toMatchObject({ kind: "regular", metadata: { explanation: "why" } });
    expect(report.quirks.map((q) => q.code)).toEqual(["explanation-without-reference"]);
  });
});
