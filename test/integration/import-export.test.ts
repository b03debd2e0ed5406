import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { rawJudgments } from "../../src/io/export/raw-judgments.js";
import { writeLines } from "../../src/io/write-lines.js";
import { importComparisons } from "../../src/services/import-comparisons.js";
import { createTestCore, seedCampaign } from "../helpers/core.js";

const FIX = "test/fixtures/import-service";
const PANDALM = "test/fixtures/data/PandaLM/testset-v1.json";
const HH = "test/fixtures/data/hh-rlhf/harmless-base-test.jsonl.gz";

function counts(core: ReturnType<typeof createTestCore>) {
  const c = core.services.db.$client;
  const n = (sql: string) => (c.prepare(sql).get() as { n: number }).n;
  return {
    items: n("SELECT count(*) AS n FROM comparisons"),
    judgments: n("SELECT count(*) AS n FROM judgments"),
    batches: n("SELECT count(*) AS n FROM import_batches"),
    annotators: n("SELECT count(*) AS n FROM annotators"),
  };
}

describe("importComparisons", () => {
  it("imports nothing from a file with a bad row, and names the line and field", async () => {
    const core = createTestCore();
    await seedCampaign(core, "name: c\nguidelines: g");
    await expect(importComparisons(core.services, { campaign: "c", path: join(FIX, "bad-row.jsonl") })).rejects.toThrow(/bad-row\.jsonl:3.*response_b/);
    expect(counts(core)).toEqual({ items: 0, judgments: 0, batches: 0, annotators: 0 });
  });

  it("reports a duplicate id with both lines and writes nothing", async () => {
    const core = createTestCore();
    await seedCampaign(core, "name: c\nguidelines: g");
    await expect(importComparisons(core.services, { campaign: "c", path: join(FIX, "duplicate-id.jsonl") })).rejects.toThrow(
      /duplicate-id\.jsonl:3, field "id": duplicate id "q1" \(first used at line 1\)/,
    );
    expect(counts(core).items).toBe(0);
  });

  it("refuses ids the campaign already has unless asked to skip them", async () => {
    const core = createTestCore();
    await seedCampaign(core, "name: c\nguidelines: g");
    await importComparisons(core.services, { campaign: "c", path: join(FIX, "with-gold.jsonl") });
    await expect(importComparisons(core.services, { campaign: "c", path: join(FIX, "with-gold.jsonl") })).rejects.toThrow(
      /already has "g1" \(line 1\), "q9" \(line 2\).*--skip-existing/,
    );
    const again = await importComparisons(core.services, { campaign: "c", path: join(FIX, "with-gold.jsonl"), skipExisting: true });
    expect(again.imported).toBe(0);
    expect(again.skippedExisting).toBe(2);
    expect(counts(core).items).toBe(2);
  });

  it("imports gold rows as gold items with their reference", async () => {
    const core = createTestCore();
    await seedCampaign(core, "name: c\nguidelines: g");
    const result = await importComparisons(core.services, { campaign: "c", path: join(FIX, "with-gold.jsonl") });
    expect(result).toMatchObject({ imported: 2, gold: 1 });
    expect(core.services.db.$client.prepare("SELECT external_id, kind, gold_answer, gold_explanation FROM comparisons ORDER BY id").all()).toEqual([
      { external_id: "g1", kind: "gold", gold_answer: "a", gold_explanation: "Arithmetic." },
      { external_id: "q9", kind: "regular", gold_answer: null, gold_explanation: null },
    ]);
  });

  it("imports the PandaLM test set with its three annotators' 2,997 labels as judgments", async () => {
    const core = createTestCore();
    await seedCampaign(core, "name: panda\nguidelines: g\noverlap: 3");
    const result = await importComparisons(core.services, { campaign: "panda", path: PANDALM });
    expect(result).toMatchObject({ imported: 999, judgments: 2997 });
    const c = core.services.db.$client;
    expect(
      c.prepare("SELECT user_id, count(*) AS n FROM judgments j JOIN annotators a ON a.id = j.annotator_id GROUP BY user_id ORDER BY user_id").all(),
    ).toEqual([
      { user_id: "pandalm:annotator1", n: 999 },
      { user_id: "pandalm:annotator2", n: 999 },
      { user_id: "pandalm:annotator3", n: 999 },
    ]);
    // annotator1 published {2: 475, 1: 427, 0: 97}: B 475, A 427, tie 97.
    expect(
      c
        .prepare(
          "SELECT choice, count(*) AS n FROM judgments j JOIN annotators a ON a.id = j.annotator_id WHERE user_id = 'pandalm:annotator1' GROUP BY choice ORDER BY choice",
        )
        .all(),
    ).toEqual([
      { choice: "a", n: 427 },
      { choice: "b", n: 475 },
      { choice: "tie", n: 97 },
    ]);
    // With three labels and overlap 3 every item is complete.
    expect(c.prepare("SELECT count(*) AS n FROM comparisons WHERE full = 1 AND done_count = 3").get()).toEqual({ n: 999 });
  });

  it("imports the HH-RLHF harmless-base test split", async () => {
    const core = createTestCore();
    await seedCampaign(core, "name: hh\nguidelines: g");
    const result = await importComparisons(core.services, { campaign: "hh", path: HH });
    expect(result.imported).toBe(2312);
    expect(result.report.quirks.map((q) => q.count).reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(9);
  });
});

describe("raw export", () => {
  it("writes every judgment with all its fields, annotators pseudonymized", async () => {
    const core = createTestCore();
    await seedCampaign(core, "name: panda\nguidelines: g");
    await importComparisons(core.services, { campaign: "panda", path: PANDALM, limit: 10 });
    const out = join(mkdtempSync(join(tmpdir(), "pw-export-")), "raw.jsonl");
    const n = await writeLines(
      out,
      (async function* () {
        for await (const r of rawJudgments(core.services.db, { campaignId: 1 })) yield JSON.stringify(r);
      })(),
    );
    expect(n).toBe(30);
    const rows = readFileSync(out, "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(rows[0]).toMatchObject({
      campaign: "panda",
      item_id: "pandalm-0",
      annotator: "pandalm:annotator1",
      source: "import",
      model_a: "bloom-7b",
      model_b: "llama-7b",
    });
    expect(Object.keys(rows[0]!).sort()).toEqual(
      [
        "ai",
        "ai_shown",
        "annotator",
        "annotator_flags",
        "annotator_platform",
        "campaign",
        "choice",
        "confidence",
        "created_at",
        "difficulty",
        "flags",
        "gold_answer",
        "gold_explanation",
        "guideline_version",
        "item_id",
        "item_kind",
        "judgment_id",
        "metadata",
        "model_a",
        "model_b",
        "prompt",
        "rationale",
        "response_a",
        "response_b",
        "revision",
        "rubric_scores",
        "shown_first",
        "source",
        "tags",
        "time_taken_ms",
        "updated_at",
      ].sort(),
    );
  });
});
