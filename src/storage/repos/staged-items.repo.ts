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
