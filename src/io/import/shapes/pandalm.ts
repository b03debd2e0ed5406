import { z } from "zod";
import type { Choice } from "../../../domain/choice.js";
import type { ImportedItem, ImportedJudgment } from "../../../domain/comparison.js";
import { rowError } from "../where.js";
import { noteResponseQuirks, readCommon, SIDE_ANSWERS, type RowContext } from "./common.js";
import { checkLength, nonEmptyText, text } from "./fields.js";
import { describeValue, parseRow } from "./issues.js";

const PANDALM_KEYS = ["idx", "motivation_app", "cmp_key", "instruction", "input", "response1", "response2"] as const;

/** `annotator1`, `annotator2`, ...: one human label each. */
const ANNOTATOR_KEY = /^annotator\d+$/;

/** PandaLM's labels: 1 = response1 better, 2 = response2 better, 0 = tie. */
const LABELS: Record<number, Choice> = { 0: "tie", 1: "a", 2: "b" };

/**
 * A response: normally text. Six rows of testset-v1 hold the JSON boolean `true` instead
 * (response1 in idx 157, 158, 159, 164; response2 in idx 161, 162). They are coerced to the text
 * "true", not to "": all six answer "Verify the correctness of the given statement", the other side
 * says "True." or "The statement is correct.", and the annotators preferred the boolean side or
 * called it a tie in every label. So annotators saw a real answer, and an empty string would make
 * their labels nonsense. The spelling of what they saw ("True"?) is lost; "true" is the value's own
 * JSON spelling, so nothing is invented. Each coercion is reported and kept in `metadata.pandalm`.
 */
const response = z.union([text, z.boolean()], { error: "expected a string (or a boolean, which is read as text)" });

const pandalmSchema = z.object({
  idx: z.number({ error: "expected a whole number" }).int({ error: "expected a whole number" }).min(0, { error: "expected a whole number" }),
  motivation_app: nonEmptyText.optional(),
  cmp_key: z.string({ error: 'expected "<model of response1>_<model of response2>"' }).optional(),
  // Blank in one row (idx 466 holds " "): allowed when the input is not, and reported.
  instruction: text,
  input: text.optional(),
  response1: response,
  response2: response,
});

/**
 * The PandaLM human-annotated test set: prompt = instruction (+ "\n\n" + input when there is one),
 * response1 → A, response2 → B, `cmp_key` "<modelA>_<modelB>" → model names, id `pandalm-<idx>`,
 * tag = motivation_app, and one imported judgment a label (annotator `pandalm:annotatorN`).
 */
export function readPandaLm(row: Record<string, unknown>, ctx: RowContext): ImportedItem {
  const data = parseRow(pandalmSchema, row, ctx.where, ctx.columns);
  const judgments = readJudgments(row, ctx);
  const [modelA, modelB] = data.cmp_key === undefined ? [] : splitModels(data.cmp_key, ctx);
  const coerced = (["response1", "response2"] as const).filter((field) => typeof data[field] === "boolean");

  const common = readCommon(row, ctx, {
    shapeKeys: [...PANDALM_KEYS, ...Object.keys(row).filter((key) => ANNOTATOR_KEY.test(key))],
    answers: SIDE_ANSWERS,
    defaultId: `pandalm-${data.idx}`,
    shapeTags: data.motivation_app === undefined ? [] : [data.motivation_app.trim()],
    shapeMetadata: coerced.length > 0 ? { pandalm: { coerced: coerced.map((field) => `${field}: boolean ${String(data[field])} read as text`) } } : {},
    judgments,
  });
  if (coerced.length > 0) {
    ctx.quirks.note(
      "pandalm.boolean-response",
      'response holds a JSON boolean instead of text; imported as the text "true" (or "false"), since the annotators judged a real answer there',
      ctx.where.at,
      common.externalId,
    );
  }
  const responseA = String(data.response1);
  const responseB = String(data.response2);
  noteResponseQuirks(ctx, [responseA, responseB], common.externalId);

  const promptText = promptOf(data.instruction, data.input ?? "", ctx, common.externalId);
  const item: ImportedItem = { ...common, prompt: [{ role: "user", content: promptText }], responseA, responseB };
  if (modelA !== undefined) item.modelA = modelA;
  if (modelB !== undefined) item.modelB = modelB;
  return item;
}

/**
 * instruction + "\n\n" + input, leaving out a blank part. testset-v1 idx 466 has the instruction " "
 * (its five neighbours with the same input "Truthfulness" have a real one). The row is imported with
 * the input alone and reported, rather than guessing the instruction from neighbours.
 */
function promptOf(instruction: string, input: string, ctx: RowContext, id: string | undefined): string {
  const parts = [instruction, input].filter((part) => part.trim() !== "");
  if (parts.length === 0) throw rowError(ctx.where, "expected a non-empty instruction or input; both are blank", "instruction");
  if (instruction.trim() === "") {
    ctx.quirks.note("pandalm.blank-instruction", "instruction is blank; the prompt is the input alone", ctx.where.at, id);
  }
  const prompt = parts.join("\n\n");
  checkLength(prompt, ctx.where, "instruction");
  return prompt;
}

function readJudgments(row: Record<string, unknown>, ctx: RowContext): ImportedJudgment[] {
  const keys = Object.keys(row)
    .filter((key) => ANNOTATOR_KEY.test(key))
    .sort((a, b) => Number(a.slice(9)) - Number(b.slice(9)));
  return keys.map((key) => {
    const value = row[key];
    const choice = typeof value === "number" ? LABELS[value] : undefined;
    if (!choice) throw rowError(ctx.where, `expected 0 (tie), 1 (response1 better) or 2 (response2 better), got ${describeValue(value)}`, key);
    return { annotator: `pandalm:${key}`, choice };
  });
}

/** Model names hold hyphens and dots (`cerebras-gpt-6.7B`) but no underscore, so the one underscore splits them. */
function splitModels(cmpKey: string, ctx: RowContext): [string, string] {
  const parts = cmpKey.split("_");
  const [modelA, modelB] = parts;
  if (parts.length !== 2 || !modelA || !modelB) {
    throw rowError(ctx.where, `expected "<model of response1>_<model of response2>" with exactly one underscore, got ${JSON.stringify(cmpKey)}`, "cmp_key");
  }
  return [modelA, modelB];
}
