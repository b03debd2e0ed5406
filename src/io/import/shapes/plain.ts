import { z } from "zod";
import type { ImportedItem } from "../../../domain/comparison.js";
import { noteResponseQuirks, readCommon, SIDE_ANSWERS, type RowContext } from "./common.js";
import { optionalName, prompt, text, toTurns } from "./fields.js";
import { parseRow } from "./issues.js";

const PLAIN_KEYS = ["prompt", "response_a", "response_b", "model_a", "model_b"] as const;

const plainSchema = z.object({
  prompt,
  response_a: text,
  response_b: text,
  model_a: optionalName,
  model_b: optionalName,
});

/**
 * Pairwise's own shape: `{prompt, response_a, response_b, model_a?, model_b?}` plus the common
 * fields (also what the csv export writes). Empty responses follow the rule of every shape
 * (`noteResponseQuirks`): imported and reported.
 */
export function readPlain(row: Record<string, unknown>, ctx: RowContext): ImportedItem {
  const data = parseRow(plainSchema, row, ctx.where, ctx.columns);
  const common = readCommon(row, ctx, { shapeKeys: PLAIN_KEYS, answers: SIDE_ANSWERS });
  noteResponseQuirks(ctx, [data.response_a, data.response_b], common.externalId);
  const item: ImportedItem = { ...common, prompt: toTurns(data.prompt), responseA: data.response_a, responseB: data.response_b };
  if (data.model_a !== undefined) item.modelA = data.model_a;
  if (data.model_b !== undefined) item.modelB = data.model_b;
  return item;
}
