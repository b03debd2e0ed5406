import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { MAX_METADATA_BYTES, MAX_NESTING_DEPTH, MAX_ROW_BYTES } from "../../../../src/io/import/index.js";
import { importComparisons } from "../../../../src/services/import-comparisons.js";
import { createTestCore, seedCampaign } from "../../../helpers/core.js";
import { jsonl, readAll, readError, tempFile } from "./helpers.js";

const ok = { prompt: "Q?", response_a: "a", response_b: "b" };
const nested = (depth: number) => `${'{"x":'.repeat(depth)}1${"}".repeat(depth)}`;

describe("import limits: hostile and broken files fail fast, naming the line and the field", () => {
  it("metadata nested 200,000 deep (a stack overflow before)", async () => {
    const path = tempFile("deep.jsonl", `${JSON.stringify(ok)}\n{"prompt":"p","response_a":"a","response_b":"b","metadata":${nested(200_000)}}\n`);
    const error = await readError(path);
    expect(error.message).toBe(`deep.jsonl:2, field "metadata": nested more than ${MAX_NESTING_DEPTH} levels deep, the limit (MAX_NESTING_DEPTH); flatten it`);
    expect(error.location).toEqual({ file: "deep.jsonl", line: 2, field: "metadata" });
    // The same in a JSON array, where it is caught while the record streams in.
    const array = await readError(tempFile("deep.json", `[${JSON.stringify(ok)}, {"prompt":"p","metadata":${nested(200_000)}}]`));
    expect(array.message).toMatch(/^deep\.json, record 2 \(array index 1\), field "metadata": nested more than 32 levels deep/);
  });

  it("a nesting depth at the limit is fine", async () => {
    const { items } = await readAll(
      tempFile("ok-depth.jsonl", `{"prompt":"p","response_a":"a","response_b":"b","metadata":${nested(MAX_NESTING_DEPTH - 1)}}\n`),
    );
    expect(items).toHaveLength(1);
  });

  it("a gzip holding one line longer than the row limit (a 1 GB line died in readline before)", async () => {
    const line = `{"prompt":"${"a".repeat(MAX_ROW_BYTES + 1024)}","response_a":"a","response_b":"b"}\n`;
    const error = await readError(tempFile("bomb.jsonl.gz", gzipSync(jsonl(ok) + line)));
    expect(error.message).toMatch(/^bomb\.jsonl\.gz:2: the line is longer than 8 MiB, the limit for one row \(MAX_ROW_BYTES\)/);
    const csv = await readError(tempFile("bomb.csv", `prompt,response_a,response_b\nq,a,b\n"${"a".repeat(MAX_ROW_BYTES + 1024)}",a,b\n`));
    expect(csv.message).toMatch(/^bomb\.csv:3: the record is longer than 8 MiB/);
    const array = await readError(tempFile("bomb.json", `[${JSON.stringify(ok)},{"prompt":"p","response_a":"${"a".repeat(MAX_ROW_BYTES + 1024)}"}]`));
    expect(array.message).toMatch(/^bomb\.json, record 2 \(array index 1\), field "response_a": the record is longer than 8 MiB/);
  });

  it("metadata past its size limit, however many keys it has (1,000,000 keys were accepted before)", async () => {
    const metadata = Object.fromEntries(Array.from({ length: 100_000 }, (_, i) => [`k${i}`, i]));
    const error = await readError(tempFile("keys.jsonl", jsonl(ok, { ...ok, metadata })));
    expect(error.message).toMatch(
      new RegExp(
        `^keys\\.jsonl:2, field "metadata": the metadata .* is [\\d,]+ KiB as JSON; the limit is ${MAX_METADATA_BYTES / 1024} KiB \\(MAX_METADATA_BYTES\\)`,
      ),
    );
    // Unknown fields count too: they are kept in the metadata.
    const unknown = await readError(tempFile("unknown.jsonl", jsonl({ ...ok, notes: "n".repeat(MAX_METADATA_BYTES) })));
    expect(unknown.location).toEqual({ file: "unknown.jsonl", line: 1, field: "metadata" });
  });

  it("bytes that are not UTF-8, in every container (they were stored as U+FFFD before)", async () => {
    const bad = Buffer.from([0xff, 0xfe]);
    const lines = Buffer.concat([Buffer.from(`${JSON.stringify(ok)}\n{"prompt":"p","response_a":"a`), bad, Buffer.from('","response_b":"b"}\n')]);
    expect((await readError(tempFile("bad.jsonl", lines))).message).toBe(
      "bad.jsonl:2: not valid UTF-8 (byte 0xFF at offset 79 of the file). Save the file as UTF-8; nothing was imported",
    );
    const csv = Buffer.concat([Buffer.from("prompt,response_a,response_b\nq,a,b\nq2,"), Buffer.from([0xc3, 0x28]), Buffer.from(",b\n")]);
    expect((await readError(tempFile("bad.csv", csv))).location).toEqual({ file: "bad.csv", line: 3 });
    const array = Buffer.concat([Buffer.from(`[${JSON.stringify(ok)},\n{"prompt":"`), Buffer.from([0xe2, 0x82]), Buffer.from('"}]')]);
    expect((await readError(tempFile("bad.json", array))).location).toEqual({ file: "bad.json", line: 2 });
  });

  it("characters cut in two by the reader's chunks are read whole", async () => {
    // Multibyte characters across several 64 KiB chunks: no boundary may be taken for a bad byte.
    const text = "é€😀".repeat(30_000);
    const { items } = await readAll(tempFile("multibyte.jsonl", jsonl({ ...ok, response_a: text })));
    expect(items[0]!.responseA).toBe(text);
  });

  it("lone UTF-16 surrogates written as JSON escapes, in a value or a key", async () => {
    const value = await readError(tempFile("surrogate.jsonl", `${JSON.stringify(ok)}\n{"prompt":"p","response_a":"x\\ud800y","response_b":"b"}\n`));
    expect(value.location).toEqual({ file: "surrogate.jsonl", line: 2, field: "response_a" });
    expect(value.message).toContain("lone UTF-16 surrogate");
    const key = await readError(tempFile("surrogate-key.jsonl", `{"prompt":"p","response_a":"a","response_b":"b","metadata":{"\\udc00":1}}\n`));
    expect(key.location).toEqual({ file: "surrogate-key.jsonl", line: 1, field: "metadata" });
  });

  it("an import that fails on a limit writes nothing", async () => {
    const core = createTestCore();
    await seedCampaign(core, "name: c\nguidelines: g\n");
    const path = tempFile("late.jsonl", jsonl(ok, { ...ok, id: "2" }) + `{"prompt":"p","response_a":"a","response_b":"b","metadata":${nested(100)}}\n`);
    await expect(importComparisons(core.services, { campaign: "c", path })).rejects.toThrow(/late\.jsonl:3, field "metadata": nested/);
    expect(core.services.db.$client.prepare("SELECT count(*) AS n FROM comparisons").get()).toEqual({ n: 0 });
  });
});
