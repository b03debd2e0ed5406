import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { toTranscript } from "../../../../src/io/import/shapes/hh-transcript.js";
import { readAll, seededRandom } from "./helpers.js";

const PANDALM = "test/fixtures/data/PandaLM/testset-v1.json";
const HH = "test/fixtures/data/hh-rlhf/harmless-base-test.jsonl.gz";

describe("PandaLM testset-v1.json (real file)", async () => {
  const { items, report } = await readAll(PANDALM);
  const raw = JSON.parse(readFileSync(PANDALM, "utf8")) as Record<string, unknown>[];

  it("imports all 999 pairs with their 2,997 labels", () => {
    expect(report).toMatchObject({ container: "json", shape: "pandalm", unit: "record", rows: 999 });
    expect(items).toHaveLength(999);
    expect(items.reduce((n, item) => n + item.judgments.length, 0)).toBe(2997);
    expect(report.bytesRead).toBe(report.totalBytes);
  });

  it("maps labels 1/2/0 to a/b/tie with the published per-annotator counts", () => {
    const counts = (annotator: string) => {
      const tally: Record<string, number> = {};
      for (const item of items) for (const j of item.judgments) if (j.annotator === annotator) tally[j.choice] = (tally[j.choice] ?? 0) + 1;
      return tally;
    };
    // README: annotator1 {2: 475, 1: 427, 0: 97}; annotator2 {2: 466, 1: 417, 0: 116}; annotator3 {2: 475, 1: 411, 0: 113}
    expect(counts("pandalm:annotator1")).toEqual({ b: 475, a: 427, tie: 97 });
    expect(counts("pandalm:annotator2")).toEqual({ b: 466, a: 417, tie: 116 });
    expect(counts("pandalm:annotator3")).toEqual({ b: 475, a: 411, tie: 113 });
  });

  it("builds prompt, sides, models, id and tag from each record", () => {
    const first = items[0]!;
    const row = raw[0]!;
    expect(first.externalId).toBe("pandalm-0");
    expect(first.line).toBe(1);
    expect(first.prompt).toEqual([{ role: "user", content: `${String(row["instruction"])}\n\n${String(row["input"])}` }]);
    expect(first.responseA).toBe(row["response1"]);
    expect(first.responseB).toBe(row["response2"]);
    expect([first.modelA, first.modelB]).toEqual(["bloom-7b", "llama-7b"]);
    expect(first.tags).toEqual(["Grammarly"]);
    // A row with an empty input gets the instruction alone.
    const noInput = raw.findIndex((r) => r["input"] === "");
    expect(items[noInput]!.prompt[0]!.content).toBe(raw[noInput]!["instruction"]);
    // Model names with dots and capitals survive the split on the underscore.
    const cerebras = items.find((item) => item.externalId === "pandalm-157")!;
    expect([cerebras.modelA, cerebras.modelB]).toEqual(["bloom-7b", "cerebras-gpt-6.7B"]);
    expect(new Set(items.map((item) => `${item.modelA}|${item.modelB}`)).size).toBe(10);
  });

  it("coerces the 6 boolean responses to the text 'true' and reports them", () => {
    const quirk = report.quirks.find((q) => q.code === "pandalm.boolean-response");
    expect(quirk).toMatchObject({ count: 6, lines: [158, 159, 160, 162, 163, 165] });
    expect(quirk?.ids).toEqual(["pandalm-157", "pandalm-158", "pandalm-159", "pandalm-161", "pandalm-162", "pandalm-164"]);
    expect(items[157]!.responseA).toBe("true");
    expect(items[161]!.responseB).toBe("true");
    expect(items[161]!.metadata).toEqual({ pandalm: { coerced: ["response2: boolean true read as text"] } });
  });

  it("imports the 54 rows with an empty response and reports them", () => {
    const quirk = report.quirks.find((q) => q.code === "empty-response");
    expect(quirk?.count).toBe(54);
    expect(quirk?.lines).toHaveLength(20);
    expect(quirk?.lines.slice(0, 3)).toEqual([19, 20, 26]); // idx 18, 19, 25
    expect(items.filter((item) => item.responseA === "" || item.responseB === "")).toHaveLength(54);
  });

  it("reports the blank instruction of idx 466 (not in the data README) and keeps the input as the prompt", () => {
    expect(report.quirks.find((q) => q.code === "pandalm.blank-instruction")).toMatchObject({ count: 1, lines: [467], ids: ["pandalm-466"] });
    expect(items[466]!.prompt).toEqual([{ role: "user", content: "Truthfulness" }]);
  });
});

describe("HH-RLHF harmless-base test.jsonl.gz (real file)", async () => {
  const { items, report } = await readAll(HH, { random: seededRandom(42) });
  const raw = gunzipSync(readFileSync(HH))
    .toString("utf8")
    .split("\n")
    .filter((line) => line !== "")
    .map((line) => JSON.parse(line) as { chosen: string; rejected: string });

  it("imports all 2,312 pairs from gzipped JSON Lines", () => {
    expect(report).toMatchObject({ container: "jsonl", shape: "hh-rlhf", unit: "line", rows: 2312 });
    expect(items).toHaveLength(2312);
    expect(items.map((item) => item.line)).toEqual(raw.map((_, i) => i + 1));
  });

  it("splits every pair into one shared prompt and two replies that rebuild the originals exactly", () => {
    items.forEach((item, i) => {
      const side = (item.metadata["hh"] as { chosen: "a" | "b" }).chosen;
      const [chosen, rejected] = side === "a" ? [item.responseA, item.responseB] : [item.responseB, item.responseA];
      const prefix = `${toTranscript(item.prompt)}\n\nAssistant: `;
      expect(prefix + chosen, `row ${i} chosen`).toBe(raw[i]!.chosen);
      expect(prefix + rejected, `row ${i} rejected`).toBe(raw[i]!.rejected);
      expect(item.prompt[0]?.role).toBe("user");
      expect(item.prompt.at(-1)?.role).toBe("user");
    });
  });

  it("gives the 5 rows that break a naive split the same prompt for both sides, and reports them", () => {
    const naive = (t: string) => t.slice(0, t.lastIndexOf("\n\nAssistant:"));
    const broken = raw.flatMap((r, i) => (naive(r.chosen) !== naive(r.rejected) ? [i] : []));
    expect(broken).toEqual([1254, 1688, 1950, 1952, 2036]);
    for (const i of broken) {
      const prefix = `${toTranscript(items[i]!.prompt)}\n\nAssistant:`;
      expect(raw[i]!.chosen.startsWith(prefix) && raw[i]!.rejected.startsWith(prefix)).toBe(true);
    }
    expect(report.quirks.find((q) => q.code === "hh-rlhf.marker-in-reply")).toMatchObject({ count: 5, lines: [1255, 1689, 1951, 1953, 2037] });
  });

  it("imports the 4 empty replies and reports their lines", () => {
    expect(report.quirks.find((q) => q.code === "empty-response")).toMatchObject({ count: 4, lines: [87, 517, 926, 1104] });
    const blank = items.flatMap((item, i) => (item.responseA.trim() === "" || item.responseB.trim() === "" ? [i] : []));
    expect(blank).toEqual([86, 516, 925, 1103]);
  });

  it("puts chosen on A about half the time and records the truth in metadata", () => {
    const onA = items.filter((item) => (item.metadata["hh"] as { chosen: string }).chosen === "a").length;
    expect(onA).toBeGreaterThan(1056); // 2312 / 2 ± 4 sd
    expect(onA).toBeLessThan(1256);
    expect(report.quirks.map((q) => q.code).sort()).toEqual(["empty-response", "hh-rlhf.marker-in-reply"]);
  });
});
