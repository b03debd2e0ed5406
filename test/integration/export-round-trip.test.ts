import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { ChatTurn } from "../../src/domain/comparison.js";
import { runExport, type ExportRequest } from "../../src/io/export/run-export.js";
import { importComparisons } from "../../src/services/import-comparisons.js";
import { answerAll } from "../helpers/answer-all.js";
import { createTestCore, seedCampaign, type TestCore } from "../helpers/core.js";

/**
 * Every export format that carries items imports back: the PandaLM sample (empty and boolean
 * responses, three imported labels an item), chat prompts with several turns, and gold items.
 * KTO is left out: its rows are single completions, not pairs.
 */
const dir = mkdtempSync(join(tmpdir(), "pw-round-trip-"));
let source: TestCore;

beforeAll(async () => {
  source = createTestCore();
  await seedCampaign(source, "name: src\nstatus: active\nguidelines: g\noverlap: 3\ngoldRate: 0.4\nqualificationGate: false\npeerReviewRate: 0");
  await importComparisons(source.services, { campaign: "src", path: "test/fixtures/export/pandalm-41.json" });
  await importComparisons(source.services, { campaign: "src", path: "test/fixtures/import/plain-chat.jsonl" });
  // Three people label the chat items and answer gold checks (the PandaLM items have their three labels).
  // U1 and U2 prefer A, U3 calls it a tie: every chat item has a preference for A.
  for (const userId of ["U1", "U2", "U3"])
    await answerAll(source, "src", { platform: "slack", workspaceId: "T1", userId }, () => (userId === "U3" ? "tie" : "a"));
  expect(source.services.db.$client.prepare("SELECT count(*) AS n FROM judgments WHERE kind = 'gold'").get()).not.toEqual({ n: 0 });
});

interface Item {
  id: string;
  kind: string;
  prompt: ChatTurn[];
  a: string;
  b: string;
  gold: string | null;
}

function items(core: TestCore, campaign: string): Item[] {
  return (
    core.services.db.$client
      .prepare(
        "SELECT x.external_id AS id, x.kind, x.prompt, x.response_a AS a, x.response_b AS b, x.gold_answer AS gold FROM comparisons x JOIN campaigns c ON c.id = x.campaign_id WHERE c.name = ? ORDER BY x.external_id",
      )
      .all(campaign) as (Omit<Item, "prompt"> & { prompt: string })[]
  ).map((r) => ({ ...r, prompt: JSON.parse(r.prompt) as ChatTurn[] }));
}

/** An item as a pair whose sides may have been swapped (chosen/rejected go to A/B at random). */
const pair = (prompt: string, i: { a: string; b: string }) => JSON.stringify([prompt, [i.a, i.b].sort()]);
const turns = (i: Item) => JSON.stringify(i.prompt);
const text = (i: Item) => i.prompt.map((t) => `${t.role}: ${t.content}`).join("\n\n");
/** HH transcripts know Human and Assistant only: a system turn comes back as a user turn. */
const human = (i: Item) => JSON.stringify(i.prompt.map((t) => ({ role: t.role === "assistant" ? "assistant" : "user", content: t.content })));

async function roundTrip(format: ExportRequest["format"], name: string, conversational = false) {
  const out = join(dir, `${name}.${format === "csv" ? "csv" : "jsonl"}`);
  const exported = await runExport(source.services, {
    campaign: "src",
    format,
    out,
    conversational,
    ...(format === "raw" ? {} : { filters: { keepDegenerate: true } }),
  });
  const back = createTestCore({ seed: 3 });
  await seedCampaign(back, `name: ${name}\nguidelines: g`);
  const imported = await importComparisons(back.services, { campaign: name, path: out });
  return { exported, imported, back, items: items(back, name) };
}

const sourceItems = () => items(source, "src");
const exportedIds = (r: { exported: { qa: { file: { items: number } } } }) => r.exported.qa.file.items;

describe("exports import back", () => {
  it("trl: the same preference pairs under the same ids, empty and boolean responses included", async () => {
    const r = await roundTrip("trl", "trl");
    expect(r.imported.imported).toBe(r.exported.rows);
    const src = new Map(sourceItems().map((i) => [i.id, i]));
    for (const item of r.items) {
      const from = src.get(item.id)!;
      expect(pair(item.prompt[0]!.content, item)).toBe(pair(from.prompt.length === 1 ? from.prompt[0]!.content : text(from), from));
    }
    expect(r.items.some((i) => i.a === "" || i.b === "")).toBe(true);
  });

  it("trl --conversational and openrlhf: the same pairs, chat turns kept", async () => {
    for (const [format, conversational] of [
      ["trl", true],
      ["openrlhf", false],
    ] as const) {
      const r = await roundTrip(format, `${format}-conv`, conversational);
      expect(r.imported.imported).toBe(exportedIds(r));
      const src = new Map(sourceItems().map((i) => [i.id, i]));
      for (const item of r.items) expect(pair(turns(item), item)).toBe(pair(turns(src.get(item.id)!), src.get(item.id)!));
      expect(r.items.some((i) => i.prompt.length > 1)).toBe(true);
    }
  });

  it("hh-rlhf: the same pairs as Human/Assistant transcripts", async () => {
    const r = await roundTrip("hh-rlhf", "hh");
    expect(r.imported.imported + r.imported.repeatedRows).toBe(r.exported.rows);
    const expected = new Set(
      sourceItems()
        .filter((i) => i.kind === "regular")
        .map((i) => pair(human(i), i)),
    );
    for (const item of r.items) expect(expected.has(pair(human(item), item))).toBe(true);
  });

  it("csv: every labeled item, ties included, with its id, its chat turns and its texts as they were", async () => {
    const r = await roundTrip("csv", "csv");
    expect(r.imported.imported).toBe(r.exported.rows);
    const src = new Map(sourceItems().map((i) => [i.id, i]));
    for (const item of r.items) {
      const from = src.get(item.id)!;
      expect({ prompt: item.prompt, a: item.a, b: item.b }).toEqual({ prompt: from.prompt, a: from.a, b: from.b });
    }
  });

  it("raw: every judged item with its id, kind and gold answer, and every judgment by the same name", async () => {
    const r = await roundTrip("raw", "raw");
    expect(r.imported.judgments).toBe(r.exported.rows);
    const judged = sourceItems().filter((i) => r.items.some((x) => x.id === i.id));
    expect(r.items).toEqual(judged);
    expect(r.items.filter((i) => i.kind === "gold").length).toBeGreaterThan(0);
    const votes = (core: TestCore) =>
      (
        core.services.db.$client
          .prepare("SELECT x.external_id AS item, j.choice FROM judgments j JOIN comparisons x ON x.id = j.comparison_id ORDER BY x.external_id, j.choice")
          .all() as { item: string; choice: string }[]
      ).map((v) => `${v.item}:${v.choice}`);
    expect(votes(r.back)).toEqual(votes(source));
    const names = r.back.services.db.$client.prepare("SELECT DISTINCT user_id FROM annotators WHERE platform = 'external' ORDER BY user_id").all() as {
      user_id: string;
    }[];
    expect(names.map((n) => n.user_id)).toEqual(expect.arrayContaining(["pandalm:annotator1", "pandalm:annotator2", "pandalm:annotator3"]));
  });
});
