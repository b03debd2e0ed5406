import { createWriteStream, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { finished } from "node:stream/promises";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { afterAll, describe, expect, it } from "vitest";
import { readImportFile } from "../../../../src/io/import/index.js";
import { seededRandom } from "./helpers.js";

const dir = mkdtempSync(join(tmpdir(), "pw-import-stream-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const FILLER = "lorem ipsum dolor sit amet ".repeat(12);
const row = (i: number) => ({ id: `r${i}`, prompt: `Question ${i}: ${FILLER}`, response_a: `A ${i} ${FILLER}`, response_b: `B ${i} ${FILLER}` });
const csvCell = (text: string) => `"${text.replaceAll('"', '""')}"`;

/** ~1 KB a row, written in batches so the generator itself stays small. */
async function generate(name: string, rows: number, format: "jsonl" | "json" | "csv"): Promise<string> {
  const path = join(dir, name);
  const out = createWriteStream(path);
  out.write(format === "json" ? "[\n" : format === "csv" ? "id,prompt,response_a,response_b\n" : "");
  for (let start = 0; start < rows; start += 1000) {
    let batch = "";
    for (let i = start; i < start + 1000; i++) {
      const r = row(i);
      if (format === "jsonl") batch += `${JSON.stringify(r)}\n`;
      else if (format === "json") batch += `${i === 0 ? "" : ",\n"}${JSON.stringify(r)}`;
      else batch += `${[r.id, r.prompt, r.response_a, r.response_b].map(csvCell).join(",")}\n`;
    }
    if (!out.write(batch)) await new Promise<void>((resolve) => out.once("drain", () => resolve()));
  }
  out.end(format === "json" ? "\n]\n" : "");
  await finished(out);
  return path;
}

/**
 * A collector we can call, so the test measures what the reader keeps alive rather than garbage the
 * collector has not reached yet (that slack is ~30-50 MB whatever the file size, and would make a
 * bound on raw heapUsed flaky).
 */
function collector(): () => void {
  setFlagsFromString("--expose-gc");
  return runInNewContext("gc") as () => void;
}

describe("streaming large files", () => {
  it.each([
    ["JSON Lines", "big.jsonl", 100_000, "jsonl"],
    ["a JSON array", "big.json", 50_000, "json"],
    ["CSV", "big.csv", 30_000, "csv"],
  ] as const)("reads %s keeping almost nothing alive", async (_, name, rows, format) => {
    const path = await generate(name, rows, format);
    const gc = collector();
    const size = statSync(path).size;
    expect(size).toBeGreaterThan(rows * 900);
    gc();
    const before = process.memoryUsage().heapUsed;
    let retained = 0;
    let count = 0;
    let lastId = "";
    const { items, report } = readImportFile(path, { random: seededRandom(3) });
    for await (const item of items) {
      count++;
      lastId = item.externalId ?? "";
      if (count % 10_000 === 0) {
        gc();
        retained = Math.max(retained, process.memoryUsage().heapUsed - before);
      }
    }
    expect(count).toBe(rows);
    expect(lastId).toBe(`r${rows - 1}`);
    expect(report.container).toBe(format);
    expect(report.bytesRead).toBe(size);
    // Reading the file whole would keep >= its size alive (twice that as UTF-16 strings); streaming
    // keeps a few 64 KB chunks and a bounded queue of rows.
    expect(retained).toBeLessThan(size / 20);
    rmSync(path);
  });
});
