import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse as parseCsv } from "csv-parse/sync";
import { parse as parseYaml } from "yaml";
import { beforeAll, describe, expect, it } from "vitest";
import { parseAgreementThreshold } from "../../src/domain/agreement-threshold.js";
import { runExport, type ExportFormat } from "../../src/io/export/run-export.js";
import { importComparisons } from "../../src/services/import-comparisons.js";
import { createTestCore, seedCampaign, type TestCore } from "../helpers/core.js";

const PANDALM = "test/fixtures/data/PandaLM/testset-v1.json";
const dir = mkdtempSync(join(tmpdir(), "pw-formats-"));
const lines = (path: string) =>
  readFileSync(path, "utf8")
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l) as Record<string, unknown>);

let core: TestCore;
beforeAll(async () => {
  core = createTestCore();
  await seedCampaign(
    core,
    "name: panda\ntitle: PandaLM test set\nguidelines: Pick the response that follows the instruction better.\nrubric: [{name: accuracy, description: Correct and complete}]",
  );
  await importComparisons(core.services, { campaign: "panda", path: PANDALM });
});

async function exportAs(format: ExportFormat, extra: Partial<Parameters<typeof runExport>[1]> = {}) {
  return runExport(core.services, {
    campaign: "panda",
    format,
    out: join(dir, `panda-${format}${extra.conversational ? "-conv" : ""}.${format === "csv" ? "csv" : "jsonl"}`),
    ...extra,
  });
}

describe("training exports of the PandaLM set (3 labels per item, majority vote)", () => {
  it("trl: {prompt, chosen, rejected} strings, ties and degenerate targets left out, the majority's response as chosen", async () => {
    const r = await exportAs("trl");
    const rows = lines(r.path);
    // PandaLM's published majority distribution: 105 ties, 422 response1, 472 response2; 58 of the
    // 894 preferences have an empty or boolean-only response (1 empty chosen, 51 empty rejected, 6 "true").
    expect(rows).toHaveLength(422 + 472 - 58);
    expect(r.qa.leftOut.map((l) => [l.reason, l.items])).toEqual([
      ["no_preference", 105],
      ["degenerate", 58],
    ]);
    expect(r.qa.leftOut[1]!.detail).toEqual({ empty_chosen: 1, empty_rejected: 51, boolean_chosen: 6 });
    expect((await exportAs("trl", { filters: { keepDegenerate: true }, out: join(dir, "trl-all.jsonl") })).rows).toBe(422 + 472);
    const first = rows.find((row) => row.id === "pandalm-0")!;
    const source = (JSON.parse(readFileSync(PANDALM, "utf8")) as Record<string, unknown>[])[0]!;
    expect(first.prompt).toBe(`${source.instruction}\n\n${source.input}`);
    // annotators 2,2,2 on idx 0: response2 preferred.
    expect([source.annotator1, source.annotator2, source.annotator3]).toEqual([2, 2, 2]);
    expect(first.chosen).toBe(source.response2);
    expect(first.rejected).toBe(source.response1);
    for (const row of rows) {
      expect(typeof row.prompt).toBe("string");
      expect(typeof row.chosen).toBe("string");
      expect(typeof row.rejected).toBe("string");
      expect(row.chosen).not.toBe(row.rejected);
    }
  });

  it("trl conversational: message lists with the assistant turn as chosen/rejected", async () => {
    const rows = lines((await exportAs("trl", { conversational: true })).path);
    const row = rows[0]!;
    expect(row.prompt).toEqual([{ role: "user", content: expect.any(String) }]);
    expect(row.chosen).toEqual([{ role: "assistant", content: expect.any(String) }]);
    expect(row.rejected).toEqual([{ role: "assistant", content: expect.any(String) }]);
  });

  it("kto: two unpaired rows per preferred pair, labels true/false", async () => {
    const rows = lines((await exportAs("kto")).path);
    expect(rows).toHaveLength(2 * (422 + 472 - 58));
    expect(rows.filter((r) => r.label === true)).toHaveLength(422 + 472 - 58);
    expect(Object.keys(rows[0]!)).toEqual(expect.arrayContaining(["prompt", "completion", "label"]));
  });

  it("openrlhf: whole conversations under chosen and rejected", async () => {
    const rows = lines((await exportAs("openrlhf")).path);
    const row = rows[0]!;
    expect((row.chosen as { role: string }[]).map((m) => m.role)).toEqual(["user", "assistant"]);
    expect((row.rejected as { role: string }[]).map((m) => m.role)).toEqual(["user", "assistant"]);
  });

  it("hh-rlhf: Human/Assistant transcripts that share the prompt", async () => {
    const rows = lines((await exportAs("hh-rlhf")).path);
    const row = rows[0]! as { chosen: string; rejected: string };
    expect(row.chosen.startsWith("\n\nHuman: ")).toBe(true);
    expect(row.chosen.lastIndexOf("\n\nAssistant: ")).toBeGreaterThan(0);
    const prefix = (s: string) => s.slice(0, s.lastIndexOf("\n\nAssistant: "));
    expect(prefix(row.chosen)).toBe(prefix(row.rejected));
  });

  it("csv: one row per item with label, agreement and confidence", async () => {
    const r = await exportAs("csv");
    const records = parseCsv(readFileSync(r.path, "utf8"), { columns: true }) as Record<string, string>[];
    expect(records).toHaveLength(999);
    const labels = records.reduce<Record<string, number>>((m, rec) => ({ ...m, [rec.label!]: (m[rec.label!] ?? 0) + 1 }), {});
    expect(labels).toEqual({ a: 422, b: 472, tie: 105 });
  });

  it("filters: minimum agreement and excluding ties", async () => {
    const unanimous = await exportAs("csv", { filters: { minAgreement: parseAgreementThreshold("1") }, out: join(dir, "unanimous.csv") });
    expect(unanimous.items).toBe(unanimous.qa.file.unanimous);
    expect(unanimous.items).toBeLessThan(999);
    const noTies = await exportAs("csv", { filters: { excludeTies: true }, out: join(dir, "noties.csv") });
    expect(noTies.items).toBe(894);
  });

  it("writes a QA report (Markdown + JSON) and a Hugging Face style data card beside every export", async () => {
    const r = await exportAs("trl", { out: join(dir, "card-test.jsonl") });
    const qa = JSON.parse(readFileSync(r.qaJsonPath, "utf8")) as {
      annotators: { annotator: string; judgments: number }[];
      file: { rows: number; labels: Record<string, number> };
    };
    expect(qa.annotators.map((a) => a.annotator).sort()).toEqual(["pandalm:annotator1", "pandalm:annotator2", "pandalm:annotator3"]);
    // The counts are the file's: ties and degenerate targets are not in a trl file.
    expect(qa.file.rows).toBe(lines(r.path).length);
    expect(qa.file.labels).toEqual({ a: 422 - 28, b: 472 - 30 });
    expect(readFileSync(r.qaMarkdownPath, "utf8")).toContain("## Adjudication log");
    const card = readFileSync(r.cardPath, "utf8");
    const header = parseYaml(card.split("---")[1]!) as Record<string, unknown>;
    expect(header).toMatchObject({
      pretty_name: "PandaLM test set",
      size_categories: ["n<1K"],
      configs: [{ config_name: "default", data_files: "card-test.jsonl" }],
    });
    for (const section of [
      "## Where the data comes from",
      "## Quality controls that applied",
      "## Rubric",
      "**accuracy**",
      "## Guidelines",
      "### Version 1",
      "## What this export keeps and leaves out",
      "## Known limitations",
      "## Intended use",
    ])
      expect(card).toContain(section);
  });
});

describe("round trip", () => {
  it.each(["trl", "hh-rlhf"] as const)("an exported %s file imports back as a campaign with the same pairs", async (format) => {
    const r = await exportAs(format, { out: join(dir, `round-${format}.jsonl`) });
    const back = createTestCore({ seed: 9 });
    await seedCampaign(back, "name: back\nguidelines: g");
    const result = await importComparisons(back.services, { campaign: "back", path: r.path });
    // HH transcripts carry no id: identical pairs collapse into one item (reported), so compare sets.
    expect(result.imported + result.repeatedRows).toBe(r.rows);
    const key = "json_extract(prompt, '$[0].content') || '|' || min(response_a, response_b) || '|' || max(response_a, response_b)";
    const pairs = (c: TestCore, where: string) =>
      new Set((c.services.db.$client.prepare(`SELECT ${key} AS p FROM comparisons x ${where}`).all() as { p: string }[]).map((x) => x.p));
    // The items both formats carry: those with a preference (the trl export names them by id).
    const preferredIds = lines((await exportAs("trl", { out: join(dir, `ids-${format}.jsonl`) })).path).map((row) => row.id as string);
    const idList = `'${JSON.stringify(preferredIds).replace(/'/g, "''")}'`;
    const expected = pairs(core, `WHERE x.external_id IN (SELECT value FROM json_each(${idList}))`);
    expect(expected.size).toBeGreaterThan(700);
    expect(pairs(back, "")).toEqual(expected);
    // Which side was preferred survives as hidden metadata.
    const meta = back.services.db.$client.prepare("SELECT metadata FROM comparisons LIMIT 1").get() as { metadata: string };
    expect(Object.keys(JSON.parse(meta.metadata))).toContain(format === "trl" ? "trl" : "hh");
  });
});
