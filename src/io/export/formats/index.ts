import type { ChatTurn } from "../../../domain/comparison.js";
import { promptToText } from "../../../domain/comparison.js";
import { degenerateKinds, type DegenerateKind } from "../../../domain/degenerate-target.js";
import { preferencePair, type LabeledItem } from "../labeled-items.js";

/** The training formats; `raw` (every judgment) lives in raw-judgments.ts. */
export const TRAINING_FORMATS = ["trl", "kto", "openrlhf", "hh-rlhf", "csv"] as const;
/** Every export format: the training formats and `raw` (every judgment with all its fields). */
export const EXPORT_FORMATS = ["raw", ...TRAINING_FORMATS] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];
export type TrainingFormat = (typeof TRAINING_FORMATS)[number];

export interface FormatOptions {
  /** TRL: prompt/chosen/rejected as lists of messages instead of strings. */
  conversational?: boolean;
  /** Write degenerate targets (empty, boolean-only, chosen = rejected) instead of leaving them out. */
  keepDegenerate?: boolean;
}

/** What an item becomes in a format: its rows, or why it has none. */
export type FormattedItem = { rows: object[] } | { leftOut: "no_preference" } | { leftOut: "degenerate"; kinds: DegenerateKind[] };

/** Metadata every JSON format carries alongside the fields its trainer reads (trainers ignore extra keys). */
function meta(item: LabeledItem) {
  return {
    id: item.externalId,
    preference: item.label.label,
    agreement: round(item.label.agreement),
    confidence: round(item.label.confidence),
    judgments: item.label.judgments,
    aggregation: item.label.source,
    // Only with --include-ai: how many of the votes were the AI judge's, so a trainer can filter on it.
    ...(item.aiVotes > 0 ? { ai_votes: item.aiVotes } : {}),
  };
}
const round = (x: number) => Math.round(x * 1e4) / 1e4;
const assistant = (content: string): ChatTurn => ({ role: "assistant", content });

/**
 * TRL's preference format (DPOTrainer, RewardTrainer): `{prompt, chosen, rejected}`, standard
 * (strings) or conversational (lists of `{role, content}`; chosen/rejected are the assistant turn).
 * Ties and both-bad carry no preference and are left out.
 */
export function trlRows(item: LabeledItem, options: FormatOptions = {}): object[] {
  const pair = preferencePair(item);
  if (!pair) return [];
  if (options.conversational) return [{ prompt: item.prompt, chosen: [assistant(pair.chosen)], rejected: [assistant(pair.rejected)], ...meta(item) }];
  return [{ prompt: promptToText(item.prompt), chosen: pair.chosen, rejected: pair.rejected, ...meta(item) }];
}

/**
 * TRL's unpaired preference format (KTOTrainer): `{prompt, completion, label}`, one row per
 * response: the preferred one `true`, the other `false`; both-bad gives two `false` rows; a tie gives none.
 */
export function ktoRows(item: LabeledItem): object[] {
  const prompt = promptToText(item.prompt);
  const pair = preferencePair(item);
  if (pair) {
    return [
      { prompt, completion: pair.chosen, label: true, ...meta(item) },
      { prompt, completion: pair.rejected, label: false, ...meta(item) },
    ];
  }
  if (item.label.label === "both_bad") {
    return [
      { prompt, completion: item.responseA, label: false, ...meta(item) },
      { prompt, completion: item.responseB, label: false, ...meta(item) },
    ];
  }
  return [];
}

/**
 * OpenRLHF's reward-model and DPO datasets with `--apply_chat_template --chosen_key chosen
 * --rejected_key rejected`: whole conversations, the prompt turns followed by the assistant reply.
 */
export function openRlhfRows(item: LabeledItem): object[] {
  const pair = preferencePair(item);
  if (!pair) return [];
  return [{ chosen: [...item.prompt, assistant(pair.chosen)], rejected: [...item.prompt, assistant(pair.rejected)], ...meta(item) }];
}

/** Anthropic HH-RLHF transcripts: `{chosen, rejected}`, each "\n\nHuman: …\n\nAssistant: …". */
export function hhRlhfRows(item: LabeledItem): object[] {
  const pair = preferencePair(item);
  if (!pair) return [];
  const transcript = item.prompt.map((t) => `\n\n${t.role === "assistant" ? "Assistant" : "Human"}: ${t.content}`).join("");
  return [{ chosen: `${transcript}\n\nAssistant: ${pair.chosen}`, rejected: `${transcript}\n\nAssistant: ${pair.rejected}` }];
}

export const CSV_COLUMNS = ["id", "prompt", "response_a", "response_b", "model_a", "model_b", "label", "chosen_model", "agreement", "confidence", "judgments", "aggregation", "tags"] as const;

/**
 * One CSV row per labeled item (ties included: the label column says so). A prompt that is more
 * than one user turn is written as its JSON list of turns, which the CSV importer reads back.
 */
export function csvRow(item: LabeledItem): (string | number)[] {
  const pair = preferencePair(item);
  const single = item.prompt.length === 1 && item.prompt[0]?.role === "user";
  return [
    item.externalId,
    single ? item.prompt[0]!.content : JSON.stringify(item.prompt),
    item.responseA,
    item.responseB,
    item.modelA ?? "",
    item.modelB ?? "",
    item.label.label,
    pair?.chosenModel ?? "",
    round(item.label.agreement),
    round(item.label.confidence),
    item.label.judgments,
    item.label.source,
    item.tags.join(";"),
  ];
}

/** The rows an item becomes in a JSON-lines training format. */
export function jsonRows(format: Exclude<TrainingFormat, "csv">, item: LabeledItem, options: FormatOptions): object[] {
  switch (format) {
    case "trl":
      return trlRows(item, options);
    case "kto":
      return ktoRows(item);
    case "openrlhf":
      return openRlhfRows(item);
    case "hh-rlhf":
      return hhRlhfRows(item);
  }
}

/** What is wrong with an item's training target in a JSON format, if anything (the completions KTO would write). */
export function targetDefects(format: Exclude<TrainingFormat, "csv">, item: LabeledItem): DegenerateKind[] {
  const pair = preferencePair(item);
  if (pair) return degenerateKinds({ chosen: pair.chosen, rejected: [pair.rejected] });
  if (format === "kto" && item.label.label === "both_bad") return degenerateKinds({ rejected: [item.responseA, item.responseB] });
  return [];
}

/**
 * An item in a format: CSV keeps every labeled item; the training formats write only preferences
 * (KTO also both-bad), and leave out degenerate targets unless `keepDegenerate`.
 */
export function formatItem(format: TrainingFormat, item: LabeledItem, options: FormatOptions): FormattedItem {
  if (format === "csv") return { rows: [csvRow(item)] };
  const rows = jsonRows(format, item, options);
  if (rows.length === 0) return { leftOut: "no_preference" };
  const kinds = targetDefects(format, item);
  if (kinds.length > 0 && !options.keepDegenerate) return { leftOut: "degenerate", kinds };
  return { rows };
}
