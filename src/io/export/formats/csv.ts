import { stringify as csvStringify } from "csv-stringify/sync";
import { preferencePair, type LabeledItem } from "../labeled-items.js";
import type { ItemFormat } from "./format.js";
import { pairDefects, round } from "./shared.js";

const CSV_COLUMNS = [
  "id",
  "prompt",
  "response_a",
  "response_b",
  "model_a",
  "model_b",
  "label",
  "chosen_model",
  "agreement",
  "confidence",
  "judgments",
  "aggregation",
  "tags",
] as const;

/**
 * One CSV row per labeled item (ties included: the label column says so). A prompt that is more
 * than one user turn is written as its JSON list of turns, which the CSV importer reads back.
 */
function csvRow(item: LabeledItem): (string | number)[] {
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

export const csv = {
  kind: "items",
  name: "csv",
  help: "one row per item with its label, agreement and confidence",
  pairedOnly: false,
  header: csvStringify([[...CSV_COLUMNS]]).trimEnd(),
  rows: (item: LabeledItem) => [csvRow(item)],
  encode: (row: unknown) => csvStringify([row as (string | number)[]]).replace(/\r?\n$/, ""),
  // Counted in the QA report as a paired format would see them; CSV itself keeps every item.
  defects: pairDefects,
  trainingTarget: false,
} as const satisfies ItemFormat;
