import { z } from "zod";
import { CHOICES, listInWords } from "../../../domain/choice.js";
import type { ImportedItem } from "../../../domain/comparison.js";
import { noteResponseQuirks, readCommon, SIDE_ANSWERS, type RowContext } from "./common.js";
import { optionalName, text, turns } from "./fields.js";
import { parseRow } from "./issues.js";
import { COMPARISON_KINDS } from "../../../domain/comparison.js";

/** Every key of a row of Pairwise's raw export (one judgment a row). */
const RAW_KEYS = [
  "judgment_id",
  "campaign",
  "item_id",
  "item_kind",
  "prompt",
  "response_a",
  "response_b",
  "model_a",
  "model_b",
  "tags",
  "metadata",
  "gold_answer",
  "gold_explanation",
  "annotator",
  "annotator_platform",
  "choice",
  "shown_first",
  "time_taken_ms",
  "rationale",
  "confidence",
  "difficulty",
  "flags",
  "annotator_flags",
  "rubric_scores",
  "guideline_version",
  "source",
  "revision",
  "created_at",
  "updated_at",
] as const;

const rawSchema = z.object({
  item_id: z.union([z.string().trim().min(1).max(200), z.number()], { error: "expected the item's id" }),
  item_kind: z.enum(COMPARISON_KINDS, { error: `expected ${listInWords(COMPARISON_KINDS)}` }),
  prompt: turns,
  response_a: text,
  response_b: text,
  model_a: optionalName,
  model_b: optionalName,
  annotator: z.string({ error: "expected the annotator's name" }).trim().min(1).max(200),
  choice: z.enum(CHOICES, { error: `expected one of ${CHOICES.join(", ")}` }),
});

/**
 * Pairwise's own raw export, read back: one row per judgment, so an item's rows repeat (`repeats`),
 * and each adds its judgment as an imported one, by the annotator named in the file (a pseudonym,
 * or an imported annotator's published name). The item keeps its id, kind and gold reference.
 */
export function readRaw(row: Record<string, unknown>, ctx: RowContext): ImportedItem {
  const data = parseRow(rawSchema, row, ctx.where, ctx.columns);
  const common = readCommon(
    {
      id: data.item_id,
      tags: row.tags,
      metadata: row.metadata,
      ...(data.item_kind === "regular" ? {} : { kind: data.item_kind, gold_answer: row.gold_answer, gold_explanation: row.gold_explanation }),
    },
    ctx,
    { shapeKeys: RAW_KEYS, answers: SIDE_ANSWERS, judgments: [{ annotator: data.annotator, choice: data.choice }] },
  );
  noteResponseQuirks(ctx, [data.response_a, data.response_b], common.externalId);
  const item: ImportedItem = { ...common, prompt: data.prompt, responseA: data.response_a, responseB: data.response_b, repeats: true };
  if (data.model_a !== undefined) item.modelA = data.model_a;
  if (data.model_b !== undefined) item.modelB = data.model_b;
  return item;
}
