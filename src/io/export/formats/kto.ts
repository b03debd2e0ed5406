import { promptToText } from "../../../domain/comparison.js";
import { degenerateKinds } from "../../../domain/degenerate-target.js";
import { preferencePair, type LabeledItem } from "../labeled-items.js";
import type { ItemFormat } from "./format.js";
import { meta, pairDefects } from "./shared.js";

/**
 * TRL's unpaired preference format (KTOTrainer): `{prompt, completion, label}`, one row per
 * response: the preferred one `true`, the other `false`; both-bad gives two `false` rows; a tie gives none.
 */
function ktoRows(item: LabeledItem): object[] {
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

export const kto = {
  kind: "items",
  name: "kto",
  help: "{prompt, completion, label} for TRL's KTO trainer (unpaired)",
  pairedOnly: false,
  rows: ktoRows,
  encode: (row: unknown) => JSON.stringify(row),
  // Both-bad writes both completions as undesirable: those are the targets to check.
  defects: (item: LabeledItem) =>
    preferencePair(item) || item.label.label !== "both_bad" ? pairDefects(item) : degenerateKinds({ rejected: [item.responseA, item.responseB] }),
  trainingTarget: true,
} as const satisfies ItemFormat;
