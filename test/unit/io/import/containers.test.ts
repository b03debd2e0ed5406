import { readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { readImportFile } from "../../../../src/io/import/index.js";
import { fixture, jsonl, readAll, readError, tempFile } from "./helpers.js";

const ok = { prompt: "Q?", response_a: "a", response_b: "b" };

describe("JSON Lines", () => {
  it("reports malformed JSON at its physical line", async () => {
    const error = await readError(fixture("bad-json.jsonl"));
    expect(error.code).toBe("VALIDATION");
    expect(error.message).toMatch(/^bad-json\.jsonl:4: not valid JSON \(Unexpected token/);
    expect(error.location).toEqual({ file: "bad-json.jsonl", line: 4 });
  });

  it("reads gzipped JSON Lines (.jsonl.gz and .ndjson.gz)", async () => {
    for (const name of ["rows.jsonl.gz", "rows.ndjson.gz"]) {
      const { items, report } = await readAll(tempFile(name, gzipSync(jsonl(ok, { ...ok, id: "x" }))));
      expect(report).toMatchObject({ container: "jsonl", rows: 2 });
      expect(items[1]!.externalId).toBe("x");
    }
  });

  it("skips a byte-order mark and CRLF line ends", async () => {
    const { items } = await readAll(tempFile("bom.jsonl", `\uFEFF${JSON.stringify(ok)}\r\n${JSON.stringify(ok)}\r\n`));
    expect(items.map((item) => item.line)).toEqual([1, 2]);
  });

  it("reads a .json file that holds JSON Lines (it starts with {)", async () => {
    const { report } = await readAll(tempFile("rows.json", jsonl(ok, ok)));
    expect(report).toMatchObject({ container: "jsonl", unit: "line", rows: 2 });
  });
});

describe("JSON arrays", () => {
  it("streams the elements and numbers them by record", async () => {
    const { items, report } = await readAll(fixture("plain-array.json"));
    expect(report).toMatchObject({ container: "json", unit: "record", shape: "plain", rows: 3 });
    expect(items.map((item) => [item.line, item.externalId])).toEqual([
      [1, "j1"],
      [2, "j2"],
      [3, "j3"],
    ]);
  });

  it("names the record (and its array index) of a bad row", async () => {
    const path = tempFile("arr.json", JSON.stringify([ok, ok, { ...ok, response_a: 7 }]));
    const error = await readError(path);
    expect(error.message).toBe('arr.json, record 3 (array index 2), field "response_a": expected a string, got number 7');
    expect(error.location).toEqual({ file: "arr.json", line: 3, field: "response_a" });
  });

  it("says after which record the JSON breaks", async () => {
    const path = tempFile("broken.json", `[${JSON.stringify(ok)}, ${JSON.stringify(ok)}, {"prompt": "x",,}]`);
    expect((await readError(path)).message).toMatch(/^broken\.json: not valid JSON after record 2 \(Parser cannot parse input/);
  });

  it("counts the records before a syntax error across many chunks", async () => {
    const rows = Array.from({ length: 3000 }, (_, i) => JSON.stringify({ ...ok, id: i, response_a: "x".repeat(200) }));
    const path = tempFile("long.json", `[${rows.join(",\n")},\n{"prompt": "x" "y"}]`);
    expect((await readError(path)).message).toMatch(/^long\.json: not valid JSON after record 3000 \(/);
  });

  it("detects an array by its first character when the name does not say (.json.gz, .txt)", async () => {
    const gz = await readAll(tempFile("rows.json.gz", gzipSync(`  \n${JSON.stringify([ok])}`)));
    expect(gz.report).toMatchObject({ container: "json", rows: 1 });
    const txt = await readAll(tempFile("rows.txt", JSON.stringify([ok, ok])));
    expect(txt.report).toMatchObject({ container: "json", rows: 2 });
  });
});

describe("CSV line numbers", () => {
  it("counts LF files, CRLF files and a stray CR the same way", async () => {
    const rows = ["prompt,response_a,response_b", '"two\nlines",a,b', "plain,a,b", '"three\n\nlines",a,b', "last,a,b"];
    const expected = [2, 4, 5, 8];
    for (const eol of ["\n", "\r\n"]) {
      const body = rows.map((row) => row.replaceAll("\n", eol)).join(eol) + eol;
      const { items } = await readAll(tempFile("lines.csv", body));
      expect(
        items.map((item) => item.line),
        JSON.stringify(eol),
      ).toEqual(expected);
      expect(items[0]!.prompt[0]!.content).toBe("two\nlines"); // CRLF in a cell is stored as LF
    }
    // An LF file with one CRLF row: the CR must not end up in the last cell or shift the lines.
    const mixed = await readAll(tempFile("mixed.csv", "prompt,response_a,response_b\nq,a,b\r\nq2,a2,b2\n"));
    expect(mixed.items.map((item) => [item.line, item.responseB])).toEqual([
      [2, "b"],
      [3, "b2"],
    ]);
  });

  it("reports an unclosed quote", async () => {
    const error = await readError(tempFile("q.csv", 'prompt,response_a,response_b\nok,a,b\n"open,a,b\n'));
    expect(error.message).toMatch(/^q\.csv:\d+: not valid CSV \(Quote Not Closed/);
  });
});

describe("files that cannot be read", () => {
  it.each([
    ["an empty file", "empty.jsonl", "", "empty.jsonl: holds no rows"],
    ["blank lines only", "blank.jsonl", "\n\n  \n", "blank.jsonl: holds no rows"],
    ["an empty array", "empty.json", "[]", "empty.json: holds no rows"],
    ["an empty .json", "nothing.json", "  ", "nothing.json: the file is empty"],
    [
      "a .json that is neither",
      "odd.json",
      "hello",
      'odd.json: a .json file must start with "[" (an array of objects) or "{" (one object a line), but it starts with "h"',
    ],
    [
      "an unknown extension",
      "rows.txt",
      "a,b",
      'rows.txt: cannot tell the format from the name; it starts with "a", not "[" or "{". Name it .jsonl, .json or .csv',
    ],
  ])("refuses %s", async (_, name, content, expected) => {
    expect((await readError(tempFile(name, content))).message).toBe(expected);
  });

  it("refuses a .gz that is not gzip", async () => {
    expect((await readError(tempFile("fake.jsonl.gz", jsonl(ok)))).message).toMatch(/^fake\.jsonl\.gz: is not valid gzip data/);
  });

  it("refuses a missing file", async () => {
    expect((await readError("test/fixtures/import/nope.jsonl")).message).toBe("nope.jsonl: no such file");
  });

  it("honours an explicit format", async () => {
    const error = await readError(fixture("plain-chat.jsonl"), { format: "trl" });
    expect(error.message).toBe('plain-chat.jsonl:1, field "chosen": expected a string or a list of chat turns [{role, content}], but it is missing');
  });
});

describe("streaming API", () => {
  it("reports progress up to the file size, and rows as they come", async () => {
    const path = fixture("plain-chat.jsonl");
    const progress: [number, number][] = [];
    const rows: number[] = [];
    const read = readImportFile(path, { onProgress: (done, total) => progress.push([done, total]), onRow: (n) => rows.push(n) });
    for await (const _ of read.items);
    const size = readFileSync(path).length;
    expect(progress.at(-1)).toEqual([size, size]);
    expect(progress.every(([done, total], i) => total === size && done <= size && (i === 0 || done >= progress[i - 1]![0]))).toBe(true);
    expect(rows).toEqual([1, 2, 3, 4, 5, 6]);
    expect(read.report.bytesRead).toBe(size);
  });

  it("stops cleanly when the consumer breaks early, and refuses a second pass", async () => {
    const read = readImportFile("test/fixtures/data/PandaLM/testset-v1.json");
    let seen = 0;
    for await (const _ of read.items) if (++seen === 3) break;
    expect(read.report.rows).toBe(3);
    expect(() => read.items[Symbol.asyncIterator]()).toThrow(/only once/);
  });

  it("uses fileLabel in the report and messages", async () => {
    const { report } = await readAll(fixture("plain-chat.jsonl"), { fileLabel: "upload.jsonl" });
    expect(report.file).toBe("upload.jsonl");
  });
});
