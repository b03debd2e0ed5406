import type { Choice } from "../../domain/choice.js";
import type { ImportedItem } from "../../domain/comparison.js";
import { prepared } from "../prepared.js";
import type { StagingDb } from "../staging-database.js";

/**
 * Writing an import's rows into its staging database (storage/staging-database.ts), one prepared
 * statement each, as the file streams; import-batches.repo.ts publishes them from there.
 */

/** The columns of a staged item, as `INSERT INTO items` binds them: texts and JSON, ready for the live database. */
interface StagedItemParams {
  line: number;
  externalId: string;
  generated: 0 | 1;
  prompt: string;
  responseA: string;
  responseB: string;
  modelA: string | null;
  modelB: string | null;
  tags: string;
  metadata: string;
  kind: ImportedItem["kind"];
  goldAnswer: Choice | null;
  goldExplanation: string | null;
}

/** The first row staged under an id, as a later row with the same id is checked against it. */
export interface StagedItemHead {
  line: number;
  /** The id was made from the content (the row came without one). */
  generated: boolean;
  /** The prompt as staged (JSON text): compare with {@link hasSameTexts}. */
  prompt: string;
  responseA: string;
  responseB: string;
}

/**
 * Stages an item under `externalId`; false (and nothing written) when an item with that id is
 * staged already. `generated`: the id was made from the content because the row had none.
 */
export function stageItem(staging: StagingDb, item: ImportedItem, externalId: string, generated: boolean): boolean {
  return (
    prepared<[StagedItemParams]>(
      staging,
      `INSERT INTO items VALUES (@line, @externalId, @generated, @prompt, @responseA, @responseB, @modelA, @modelB, @tags, @metadata, @kind, @goldAnswer, @goldExplanation)
       ON CONFLICT (external_id) DO NOTHING`,
    ).run({
      line: item.line,
      externalId,
      generated: generated ? 1 : 0,
      prompt: JSON.stringify(item.prompt),
      responseA: item.responseA,
      responseB: item.responseB,
      modelA: item.modelA ?? null,
      modelB: item.modelB ?? null,
      tags: JSON.stringify(item.tags),
      metadata: JSON.stringify(item.metadata),
      kind: item.kind,
      goldAnswer: item.gold?.answer ?? null,
      goldExplanation: item.gold?.explanation ?? null,
    }).changes > 0
  );
}

/** The item staged under `externalId` (call it after {@link stageItem} said the id was taken). */
export function stagedItemHead(staging: StagingDb, externalId: string): StagedItemHead | undefined {
  const row = prepared<[string], { line: number; generated: number; prompt: string; response_a: string; response_b: string }>(
    staging,
    "SELECT line, generated, prompt, response_a, response_b FROM items WHERE external_id = ?",
  ).get(externalId);
  return row && { line: row.line, generated: row.generated === 1, prompt: row.prompt, responseA: row.response_a, responseB: row.response_b };
}

/** Whether the staged item has exactly this item's prompt and responses. */
export function hasSameTexts(head: StagedItemHead, item: ImportedItem): boolean {
  return head.prompt === JSON.stringify(item.prompt) && head.responseA === item.responseA && head.responseB === item.responseB;
}

/** Stages the judgments a row came with, under its item's id. */
export function stageJudgments(staging: StagingDb, externalId: string, judgments: ImportedItem["judgments"]): void {
  if (judgments.length === 0) return;
  const insert = prepared<[string, string, Choice]>(staging, "INSERT INTO judgments VALUES (?, ?, ?)");
  for (const j of judgments) insert.run(externalId, j.annotator, j.choice);
}

// ---- Reading the staged rows back, to publish them into PostgreSQL (repos/publish-staged-postgres.ts) ----

/** A staged item as it goes into `comparisons`: texts and JSON as staged. */
export interface StagedItemRow {
  line: number;
  externalId: string;
  prompt: string;
  responseA: string;
  responseB: string;
  modelA: string | null;
  modelB: string | null;
  tags: string;
  metadata: string;
  kind: ImportedItem["kind"];
  goldAnswer: Choice | null;
  goldExplanation: string | null;
}

/** The staged items after line `afterLine`, at most `limit`, in line order. */
export function stagedItemsAfter(staging: StagingDb, afterLine: number, limit: number): StagedItemRow[] {
  return prepared<[number, number], StagedItemRow>(
    staging,
    `SELECT line, external_id AS externalId, prompt, response_a AS responseA, response_b AS responseB, model_a AS modelA, model_b AS modelB,
            tags, metadata, kind, gold_answer AS goldAnswer, gold_explanation AS goldExplanation
     FROM items WHERE line > ? ORDER BY line LIMIT ?`,
  ).all(afterLine, limit);
}

/** The ids of the staged items after line `afterLine`, at most `limit`, in line order (the clash checks). */
export function stagedIdsAfter(staging: StagingDb, afterLine: number, limit: number): { line: number; externalId: string }[] {
  return prepared<[number, number], { line: number; externalId: string }>(
    staging,
    "SELECT line, external_id AS externalId FROM items WHERE line > ? ORDER BY line LIMIT ?",
  ).all(afterLine, limit);
}

/** The prompt and responses staged under each of these ids. */
export function stagedTextsOf(staging: StagingDb, externalIds: readonly string[]): Map<string, { prompt: string; responseA: string; responseB: string }> {
  const read = prepared<[string], { prompt: string; responseA: string; responseB: string }>(
    staging,
    "SELECT prompt, response_a AS responseA, response_b AS responseB FROM items WHERE external_id = ?",
  );
  const texts = new Map<string, { prompt: string; responseA: string; responseB: string }>();
  for (const id of externalIds) {
    const row = read.get(id);
    if (row) texts.set(id, row);
  }
  return texts;
}

/**
 * Removes staged items by id; returns how many. Their staged judgments stay, as on SQLite: they
 * are no longer copied (no item of the batch has their id), but their annotators are still recorded.
 */
export function unstageItems(staging: StagingDb, externalIds: readonly string[]): number {
  const remove = prepared<[string]>(staging, "DELETE FROM items WHERE external_id = ?");
  let removed = 0;
  for (const id of externalIds) removed += remove.run(id).changes;
  return removed;
}

/** The judgments staged with the items of lines (afterLine, lastLine], in the order they were staged. */
export function stagedJudgmentsBetween(staging: StagingDb, afterLine: number, lastLine: number): { externalId: string; annotator: string; choice: Choice }[] {
  return prepared<[number, number], { externalId: string; annotator: string; choice: Choice }>(
    staging,
    `SELECT j.external_id AS externalId, j.annotator, j.choice FROM judgments j JOIN items i ON i.external_id = j.external_id
     WHERE i.line > ? AND i.line <= ? ORDER BY j.rowid`,
  ).all(afterLine, lastLine);
}

/** Every annotator named by a staged judgment, in the order they first appear. */
export function stagedAnnotators(staging: StagingDb): string[] {
  return prepared<[], { annotator: string }>(staging, "SELECT annotator FROM judgments GROUP BY annotator ORDER BY min(rowid)")
    .all()
    .map((r) => r.annotator);
}

/** How many staged items are not regular (gold, calibration). */
export function stagedGoldItems(staging: StagingDb): number {
  return prepared<[], { n: number }>(staging, "SELECT count(*) AS n FROM items WHERE kind <> 'regular'").get()!.n;
}
