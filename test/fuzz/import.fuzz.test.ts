import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isPairwiseError } from "../../src/errors.js";
import { importComparisons } from "../../src/services/import-comparisons.js";
import { createTestCore, seedCampaign } from "../helpers/core.js";

const dir = mkdtempSync(join(tmpdir(), "pw-fuzz-"));
const core = createTestCore();
await seedCampaign(core, "name: f\nguidelines: g");
const count = () => (core.services.db.$client.prepare("SELECT count(*) AS n FROM comparisons").get() as { n: number }).n;

const text = fc.oneof(
  fc.string({ unit: "grapheme", maxLength: 40 }),
  fc.string({ unit: "binary", maxLength: 40 }),
  fc.constantFrom("", " ", "\u0000", "\u202e", "'; DROP TABLE comparisons; --", "\ud800"),
);
const value = fc.oneof(text, fc.integer(), fc.boolean(), fc.constant(null), fc.array(text, { maxLength: 3 }), fc.dictionary(text, text, { maxKeys: 2 }));
const row = fc.oneof(
  fc.record({ id: fc.oneof(text, fc.integer()), prompt: value, response_a: value, response_b: value }, { requiredKeys: [] }),
  fc.record({ prompt: value, chosen: value, rejected: value }, { requiredKeys: [] }),
  fc.dictionary(text, value, { maxKeys: 5 }),
);
const line = fc.oneof(
  row.map((r) => JSON.stringify(r)),
  text,
  fc.constant("{"),
  fc.constant("[1,2"),
);

describe("imports under random and malformed input", () => {
  it("either import every row or write nothing and say what is wrong, never crash", async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(line, { minLength: 1, maxLength: 8 }), fc.constantFrom("jsonl", "json", "csv"), async (lines, ext) => {
        const path = join(dir, `f${n++}.${ext}`);
        const body = ext === "json" ? `[${lines.join(",")}]` : ext === "csv" ? `id,prompt,response_a,response_b\n${lines.join("\n")}` : lines.join("\n");
        writeFileSync(path, body);
        const before = count();
        try {
          const result = await importComparisons(core.services, { campaign: "f", path, skipExisting: true });
          expect(count()).toBe(before + result.imported);
        } catch (error) {
          expect(isPairwiseError(error)).toBe(true);
          expect((error as Error).message.length).toBeGreaterThan(10);
          expect(count()).toBe(before);
        }
      }),
      { numRuns: 300 },
    );
  });

  it("stores SQL-shaped and control-character text inertly", async () => {
    // (A lone surrogate such as "\ud83d" is refused, not stored: limits.test.ts.)
    const nasty = [
      "'; DROP TABLE judgments; --",
      '" OR 1=1 --',
      "Robert'); DELETE FROM campaigns;--",
      "\u0000\u0007\u001b[31mred",
      "\u202egnp.exe",
      "😀👩‍👩‍👧‍👦",
    ];
    const path = join(dir, "nasty.jsonl");
    writeFileSync(path, nasty.map((t, i) => JSON.stringify({ id: `n${i}${t}`, prompt: t, response_a: `${t} a`, response_b: `${t} b` })).join("\n"));
    await importComparisons(core.services, { campaign: "f", path, skipExisting: true });
    const rows = core.services.db.$client.prepare("SELECT external_id, prompt FROM comparisons WHERE external_id LIKE 'n%' ORDER BY id").all() as {
      external_id: string;
      prompt: string;
    }[];
    const stored = rows.map((r) => (JSON.parse(r.prompt) as { content: string }[])[0]!.content);
    expect(stored.slice(-nasty.length)).toEqual(nasty.map((t) => JSON.parse(JSON.stringify(t)) as string));
    expect(core.services.db.$client.prepare("SELECT count(*) AS n FROM campaigns").get()).toEqual({ n: 1 });
  });
});
