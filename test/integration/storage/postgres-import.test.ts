import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { importComparisons } from "../../../src/services/import-comparisons.js";
import { seedCampaign } from "../../helpers/core.js";
import { count, coreKeeper, DIALECTS, POSTGRES, rows, type AnyCore } from "./pipeline/dialects.js";

/*
 * Imports into a PostgreSQL core: the staging database stays an SQLite file, and its rows are
 * moved into PostgreSQL. The same files give the same items, ids in file order, judgments,
 * annotators and counters as on SQLite, and a re-import is refused or skipped the same way.
 */

const FIX = "test/fixtures/import-service";
const PANDALM = "test/fixtures/data/PandaLM/testset-v1.json";
const HH = "test/fixtures/data/hh-rlhf/harmless-base-test.jsonl.gz";
const CSV = "test/fixtures/import/plain.csv";
const JSONL = "test/fixtures/import/trl-standard.jsonl";

const cores = coreKeeper();
afterEach(() => cores.closeAll());

async function counts(core: AnyCore) {
  return {
    items: await count(core, "SELECT count(*) AS n FROM comparisons"),
    judgments: await count(core, "SELECT count(*) AS n FROM judgments"),
    batches: await count(core, "SELECT count(*) AS n FROM import_batches"),
    annotators: await count(core, "SELECT count(*) AS n FROM annotators"),
  };
}

/** Everything an import writes, in id order, as both databases read it (flags as 0/1). */
async function written(core: AnyCore) {
  return {
    items: await rows(
      core,
      `SELECT id, campaign_id, external_id, prompt, response_a, response_b, model_a, model_b, tags, metadata, kind, gold_answer, gold_explanation,
              target_overlap, active_count, done_count, CASE WHEN "full" THEN 1 ELSE 0 END AS full_flag, import_batch_id, created_at
         FROM comparisons ORDER BY id`,
    ),
    judgments: await rows(core, "SELECT id, campaign_id, comparison_id, annotator_id, kind, choice, source, created_at FROM judgments ORDER BY id"),
    annotators: await rows(core, "SELECT id, platform, workspace_id, user_id, display_name, status FROM annotators ORDER BY id"),
    batches: await rows(core, "SELECT id, campaign_id, file_name, format, rows, status, owner_pid, first_comparison_id FROM import_batches ORDER BY id"),
  };
}

describe.each(DIALECTS)("importComparisons on %s", (_name, factory) => {
  it("imports JSONL and CSV files, refuses a second import of the same ids, and skips them when asked", async () => {
    const core = await cores.make(factory);
    await seedCampaign(core, "name: c\nguidelines: g");
    const jsonl = await importComparisons(core.services, { campaign: "c", path: JSONL });
    expect(jsonl).toMatchObject({ imported: 10, gold: 1, judgments: 0, skippedExisting: 0 });
    const csv = await importComparisons(core.services, { campaign: "c", path: CSV });
    expect(csv).toMatchObject({ imported: 4, gold: 1, skippedExisting: 0 });
    expect(await counts(core)).toEqual({ items: 14, judgments: 0, batches: 2, annotators: 0 });

    await expect(importComparisons(core.services, { campaign: "c", path: CSV })).rejects.toThrow(/already has "c1" \(line 2\).*--skip-existing/);
    const again = await importComparisons(core.services, { campaign: "c", path: CSV, skipExisting: true });
    expect(again).toMatchObject({ imported: 0, skippedExisting: 4 });
    const identical = await importComparisons(core.services, { campaign: "c", path: CSV, skipIdentical: true });
    expect(identical).toMatchObject({ imported: 0, skippedExisting: 4 });
    // The skipped re-imports leave empty batches, nothing else.
    expect(await counts(core)).toEqual({ items: 14, judgments: 0, batches: 4, annotators: 0 });
    expect(await rows(core, "SELECT status FROM import_batches WHERE status <> 'published'")).toEqual([]);
  });

  it("imports gold rows as gold items with their reference, and refuses nothing but a real clash with skipIdentical", async () => {
    const core = await cores.make(factory);
    await seedCampaign(core, "name: c\nguidelines: g");
    expect(await importComparisons(core.services, { campaign: "c", path: join(FIX, "with-gold.jsonl") })).toMatchObject({ imported: 2, gold: 1 });
    expect(await rows(core, "SELECT external_id, kind, gold_answer, gold_explanation FROM comparisons ORDER BY id")).toEqual([
      { external_id: "g1", kind: "gold", gold_answer: "a", gold_explanation: "Arithmetic." },
      { external_id: "q9", kind: "regular", gold_answer: null, gold_explanation: null },
    ]);
    // q9 again with other responses, next to a new row: a real clash, even when identical rows would be skipped.
    const clash = join(mkdtempSync(join(tmpdir(), "pw-pg-import-")), "clash.jsonl");
    writeFileSync(
      clash,
      `${JSON.stringify({ id: "n1", prompt: "New?", response_a: "x", response_b: "y" })}\n${JSON.stringify({ id: "q9", prompt: "Other?", response_a: "x", response_b: "y" })}\n`,
    );
    await expect(importComparisons(core.services, { campaign: "c", path: clash, skipIdentical: true })).rejects.toThrow(
      /clash\.jsonl:2.*"q9" with another prompt/,
    );
    await expect(importComparisons(core.services, { campaign: "c", path: join(FIX, "duplicate-id.jsonl") })).rejects.toThrow(/duplicate id "q1"/);
    await expect(importComparisons(core.services, { campaign: "c", path: join(FIX, "bad-row.jsonl") })).rejects.toThrow(/bad-row\.jsonl:3.*response_b/);
    expect((await counts(core)).items).toBe(2);
  });

  it("imports the PandaLM test set with its three annotators' 2,997 labels as judgments, complete at overlap 3", async () => {
    const core = await cores.make(factory);
    await seedCampaign(core, "name: panda\nguidelines: g\noverlap: 3");
    expect(await importComparisons(core.services, { campaign: "panda", path: PANDALM })).toMatchObject({ imported: 999, judgments: 2997 });
    expect(
      await rows(core, "SELECT a.user_id, count(*) AS n FROM judgments j JOIN annotators a ON a.id = j.annotator_id GROUP BY a.user_id ORDER BY a.user_id"),
    ).toEqual([
      { user_id: "pandalm:annotator1", n: 999 },
      { user_id: "pandalm:annotator2", n: 999 },
      { user_id: "pandalm:annotator3", n: 999 },
    ]);
    expect(await count(core, 'SELECT count(*) AS n FROM comparisons WHERE "full" = TRUE AND done_count = 3')).toBe(999);
    // Again with --skip-existing: nothing new, no judgment twice.
    const again = await importComparisons(core.services, { campaign: "panda", path: PANDALM, skipExisting: true });
    expect(again).toMatchObject({ imported: 0, judgments: 0, skippedExisting: 999 });
    expect(await counts(core)).toEqual({ items: 999, judgments: 2997, batches: 2, annotators: 3 });
  });
});

describe(`an import on ${POSTGRES} writes what it writes on SQLite`, () => {
  it.each([
    ["JSONL (HH-RLHF, two chunks)", HH, "name: c\nguidelines: g"],
    ["JSON with judgments (PandaLM)", PANDALM, "name: c\nguidelines: g\noverlap: 2"],
    ["CSV", CSV, "name: c\nguidelines: g"],
  ])("%s", async (_label, path, yaml) => {
    const [sqlite, postgres] = [await cores.make(DIALECTS[0]![1]), await cores.make(DIALECTS[1]![1])];
    const results = [];
    for (const core of [sqlite, postgres]) {
      await seedCampaign(core, yaml);
      const first = await importComparisons(core.services, { campaign: "c", path, limit: 1500 });
      const rest = await importComparisons(core.services, { campaign: "c", path, skipExisting: true });
      results.push({ first: { ...first, report: undefined, batchId: undefined }, rest: { ...rest, report: undefined, batchId: undefined } });
    }
    expect(results[1]).toEqual(results[0]);
    const [a, b] = [await written(sqlite), await written(postgres)];
    expect(b.items.length).toBeGreaterThan(0);
    expect(b).toEqual(a);
  });
});
