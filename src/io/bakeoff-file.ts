import { z } from "zod";
import type { ChatTurn } from "../domain/comparison.js";
import { validationError } from "../errors.js";
import { prompt, text, toTurns } from "./import/shapes/fields.js";

/** At most this many models in one bake-off: people vote on pairs, and pairs grow with the square. */
const MAX_BAKEOFF_MODELS = 20;

/** One model's output on one prompt, as a bake-off stores it. */
interface BakeoffEntry {
  promptKey: string;
  prompt: ChatTurn[];
  model: string;
  output: string;
}

export interface BakeoffEntries {
  entries: BakeoffEntry[];
  models: string[];
  prompts: number;
}

const row = z.object({
  prompt_id: z.union([z.string().trim().min(1).max(200), z.number()], { error: "expected a non-empty string or a number" }).optional(),
  prompt: prompt.optional(),
  instruction: prompt.optional(),
  model: z.string({ error: "expected the model's name" }).trim().min(1, { error: "expected the model's name" }).max(200).optional(),
  generator: z.string({ error: "expected the model's name" }).trim().min(1, { error: "expected the model's name" }).max(200).optional(),
  output: text,
});

/**
 * Reads a bake-off's outputs: one row per model per prompt, `{prompt_id?, prompt, model, output}`
 * (AlpacaEval's `instruction` and `generator` are read as `prompt` and `model`, so its
 * model_outputs.json files can be concatenated). Rows with the same `prompt_id`, or without one
 * the same prompt text, are one prompt. Every prompt needs outputs of two or more models, each
 * model at most once; errors name the line and the field.
 */
export function parseBakeoffRecords(records: readonly { line: number; record: Record<string, unknown> }[], file: string): BakeoffEntries {
  const byPrompt = new Map<string, { key: string; prompt: ChatTurn[]; text: string; line: number; models: Map<string, number> }>();
  const entries: BakeoffEntry[] = [];
  for (const { line, record } of records) {
    const parsed = row.safeParse(record);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw validationError(issue.message, { file, line, field: issue.path.join(".") || "row" });
    }
    const r = parsed.data;
    const turns = r.prompt ?? r.instruction;
    if (turns === undefined) throw validationError("expected the prompt (or AlpacaEval's instruction)", { file, line, field: "prompt" });
    const model = r.model ?? r.generator;
    if (model === undefined) throw validationError("expected the model's name (or AlpacaEval's generator)", { file, line, field: "model" });
    const promptTurns = toTurns(turns);
    const promptText = JSON.stringify(promptTurns);
    const id = r.prompt_id === undefined ? `text:${promptText}` : `id:${r.prompt_id}`;
    let group = byPrompt.get(id);
    if (!group)
      byPrompt.set(
        id,
        (group = {
          key: r.prompt_id === undefined ? `p${byPrompt.size + 1}` : String(r.prompt_id),
          prompt: promptTurns,
          text: promptText,
          line,
          models: new Map(),
        }),
      );
    if (group.text !== promptText)
      throw validationError(`prompt_id ${group.key} has a different prompt on line ${group.line}; one id, one prompt`, { file, line, field: "prompt" });
    const earlier = group.models.get(model);
    if (earlier !== undefined)
      throw validationError(`${model} already has an output for this prompt on line ${earlier}; one output per model per prompt`, {
        file,
        line,
        field: "model",
      });
    group.models.set(model, line);
    entries.push({ promptKey: group.key, prompt: promptTurns, model, output: r.output });
  }
  if (entries.length === 0) throw validationError("holds no outputs", { file });
  for (const group of byPrompt.values()) {
    if (group.models.size < 2) {
      throw validationError(
        `prompt ${group.key} has only ${[...group.models.keys()][0]}'s output; a bake-off compares two or more models on every prompt (add another model's output or remove it)`,
        { file, line: group.line },
      );
    }
  }
  const models = [...new Set(entries.map((e) => e.model))].sort();
  const apart = unlinkedModels(models, byPrompt.values());
  if (apart)
    throw validationError(
      `${apart.join(", ")} never answered a prompt in common with the other models, directly or through others: a ranking cannot compare them (add shared prompts)`,
      { file },
    );
  if (models.length > MAX_BAKEOFF_MODELS)
    throw validationError(`has ${models.length} models; a bake-off takes at most ${MAX_BAKEOFF_MODELS} (split it, or run a campaign)`, { file });
  return { entries, models, prompts: byPrompt.size };
}

/** The models not linked to the first one by shared prompts (pairs are only made on a shared prompt), or undefined. */
function unlinkedModels(models: readonly string[], prompts: Iterable<{ models: Map<string, number> }>): string[] | undefined {
  const linked = new Set([models[0]!]);
  const groups = [...prompts].map((p) => [...p.models.keys()]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const group of groups) {
      if (group.some((m) => linked.has(m)) && group.some((m) => !linked.has(m))) {
        for (const m of group) linked.add(m);
        grew = true;
      }
    }
  }
  const apart = models.filter((m) => !linked.has(m));
  return apart.length > 0 ? apart : undefined;
}
